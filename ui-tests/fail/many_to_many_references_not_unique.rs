//! references = (..) naming a column that is not UNIQUE in the migrations
//! (uq_readers.nick, schemas/uniq19_m2m_not_unique): several readers may
//! share a nick, so no many-to-many can join on it. One error, at the
//! secondary.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { uq_readers (id) { id -> Integer, nick -> Text, } }
diesel::table! { uq_books (id) { id -> Integer, } }
diesel::table! { uq_shelves (reader_nick, book_id) { reader_nick -> Text, book_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(uq_readers, uq_books, uq_shelves);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = uq_readers)]
#[relations(migrations = "schemas/uniq19_m2m_not_unique")]
#[relationship(books: Vec<Book>, secondary = uq_shelves(reader_nick, book_id), references = (uq_readers::nick, uq_books::id))]
pub struct Reader {
    pub id: i32,
    pub nick: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = uq_books)]
#[relations(migrations = "schemas/uniq19_m2m_not_unique")]
pub struct Book {
    pub id: i32,
}

fn main() {}
