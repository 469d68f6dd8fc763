//! The same declaration with no migrations read at all
//! (`#[relations(migrations = false)]`): one error at the column, saying so.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { m2mu_readers (id) { id -> Integer, badge -> Text, } }
diesel::table! { m2mu_books (id) { id -> Integer, code -> Integer, } }
diesel::table! {
    m2mu_shelves (reader_id, book_code) {
        reader_id -> Integer, reader_badge -> Text, book_code -> Integer, book_id -> Integer,
    }
}
diesel::allow_tables_to_appear_in_same_query!(m2mu_readers, m2mu_books, m2mu_shelves);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = m2mu_readers)]
#[relations(migrations = false)]
#[relationship(books: Vec<Book>, secondary = m2mu_shelves(reader_badge, book_code), references = (m2mu_readers::badge, m2mu_books::code), back_populates = readers)]
pub struct Reader {
    pub id: i32,
    pub badge: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = m2mu_books)]
#[relations(migrations = false)]
#[relationship(readers: Vec<Reader>, secondary = m2mu_shelves, back_populates = books)]
pub struct Book {
    pub id: i32,
    pub code: i32,
}

fn main() {}
