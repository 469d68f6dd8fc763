//! m2mu_shelves.reader_badge references m2mu_readers.badge, UNIQUE but not
//! the primary key (schemas/m2mu_unique_key): one error saying so, not the
//! message asking to change the column's type to the key's.
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

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = m2mu_readers)]
#[relations(migrations = "schemas/m2mu_unique_key")]
#[relationship(books: Vec<Book>, secondary = m2mu_shelves(reader_badge, book_id), backref = readers)]
pub struct Reader {
    pub id: i32,
    pub badge: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = m2mu_books)]
#[relations(migrations = "schemas/m2mu_unique_key")]
pub struct Book {
    pub id: i32,
    pub code: i32,
}

fn main() {}
