//! Seed 003 (second half): authors and books, many-to-many through
//! `authors_books`. A book's association rows go by the database's
//! ON DELETE CASCADE (`passive_deletes`); an author's are deleted by the
//! library.

use crate::schema::{authors, authors_books, books};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_id), back_populates = authors)]
pub struct Author {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = authors)]
pub struct NewAuthor<'a> {
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = books, passive_deletes)]
pub struct Book {
    pub id: i32,
    pub title: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = books)]
pub struct NewBook<'a> {
    pub title: &'a str,
}

/// A row of `authors_books`, for Diesel's own many-to-many idiom
/// (`belonging_to` + `inner_join` + `grouped_by`), which the benchmark
/// compares with `Book.authors`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = authors_books, primary_key(author_id, book_id))]
#[diesel(belongs_to(Author), belongs_to(Book))]
pub struct AuthorBook {
    pub author_id: i32,
    pub book_id: i32,
}
