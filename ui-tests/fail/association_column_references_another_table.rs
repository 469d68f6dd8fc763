//! reviews.book_id references authors, not books.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { reviews (author_id, book_id) { author_id -> Integer, book_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(authors, books, reviews);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(reviewed: Vec<Book>, secondary = reviews(author_id, book_id), backref = reviewers)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
pub struct Book {
    pub id: i32,
}

fn main() {}
