//! loans has a foreign key to authors but none to books.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { loans (author_id, book_id) { author_id -> Integer, book_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(authors, books, loans);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(borrowed: Vec<Book>, secondary = loans(author_id, book_id), back_populates = borrowers)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(borrowers: Vec<Author>, secondary = loans, back_populates = borrowed)]
pub struct Book {
    pub id: i32,
}

fn main() {}
