//! One mistake, one error: a misspelled option on Author.books; Book.authors, which takes its columns from it, says nothing.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { authors_books (author_id, book_id) { author_id -> Integer, book_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(authors, books, authors_books);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_id), back_populates = authors, viewnly)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = books)]
pub struct Book {
    pub id: i32,
}

fn main() {}
