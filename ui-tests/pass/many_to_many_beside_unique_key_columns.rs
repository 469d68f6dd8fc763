//! The association table of schemas/m2mu_unique_key also has columns
//! referencing the primary keys: a many-to-many through those compiles,
//! whatever its other columns reference.
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
#[relationship(books: Vec<Book>, secondary = m2mu_shelves(reader_id, book_id), back_populates = readers)]
pub struct Reader {
    pub id: i32,
    pub badge: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = m2mu_books)]
#[relations(migrations = "schemas/m2mu_unique_key")]
#[relationship(readers: Vec<Reader>, secondary = m2mu_shelves(book_id, reader_id), back_populates = books)]
pub struct Book {
    pub id: i32,
    pub code: i32,
}

fn main() {}
