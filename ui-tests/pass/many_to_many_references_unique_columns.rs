//! A many-to-many whose association columns reference UNIQUE columns that
//! are not the primary keys (schemas/m2mu_unique_key): declared with
//! `references = (..)` beside `secondary`, on one side of the pair; the
//! other takes both through `back_populates`.
use diesel::prelude::*;
use diesel_relations::eager::Eager;
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
#[relations(migrations = "schemas/m2mu_unique_key")]
#[relationship(books: Vec<Book>, secondary = m2mu_shelves(reader_badge, book_code), references = (m2mu_readers::badge, m2mu_books::code), back_populates = readers)]
pub struct Reader {
    pub id: i32,
    pub badge: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = m2mu_books)]
#[relations(migrations = "schemas/m2mu_unique_key")]
#[relationship(readers: Vec<Reader>, secondary = m2mu_shelves, back_populates = books)]
pub struct Book {
    pub id: i32,
    pub code: i32,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection, reader: Reader, book: Book) -> diesel_relations::Result<()> {
    let _: Vec<Book> = reader.books().load(conn)?;
    let _: Vec<Reader> = book.readers().load(conn)?;
    let _ = vec![reader.clone()].eager(conn, Reader::books)?;
    let _ = vec![book.clone()].eager(conn, Book::readers)?;
    reader.books().link(conn, [&book])?;
    reader.books().unlink(conn, [&book])?;
    Ok(())
}

fn main() {}
