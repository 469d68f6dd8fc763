//! books's key is isbn (table! and migrations), but Book names id as its
//! key: Author.books would link authors_books.book_isbn to ids.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (isbn) { isbn -> Integer, id -> Integer, } }
diesel::table! { authors_books (author_id, book_isbn) { author_id -> Integer, book_isbn -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relations(migrations = "schemas/primary_key_not_id")]
#[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_isbn), back_populates = authors)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Relations)]
#[diesel(table_name = books, primary_key(id))]
#[relations(migrations = "schemas/primary_key_not_id")]
#[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = books)]
pub struct Book {
    pub isbn: i32,
    pub id: i32,
}

fn main() {}
