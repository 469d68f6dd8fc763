//! Book.authors names Author.books, but Author does not derive Relations:
//! one error, that Author is not a model, at the target.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { authors_books (author_id, book_id) { author_id -> Integer, book_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(authors, books, authors_books);

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = authors)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(authors: Vec<Author>, secondary = authors_books(book_id, author_id), back_populates = books)]
pub struct Book {
    pub id: i32,
}

fn main() {}
