//! Many-to-many: the side that takes the association columns from the other
//! names a relationship the other side does not have.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { authors_books (author_id, book_id) { author_id -> Integer, book_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(authors, books, authors_books);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_id), back_populates = authors)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = book)]
pub struct Book {
    pub id: i32,
}

fn main() {}
