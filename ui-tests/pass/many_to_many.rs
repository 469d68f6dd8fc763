//! Many-to-many: one side names the association table's columns, the other
//! takes them through back_populates; the migrations show a foreign key
//! from authors_books to each side.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { authors (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { authors_books (author_id, book_id) { author_id -> Integer, book_id -> Integer, } }
diesel::joinable!(authors_books -> authors (author_id));
diesel::joinable!(authors_books -> books (book_id));
diesel::allow_tables_to_appear_in_same_query!(authors, books, authors_books);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_id), back_populates = authors)]
pub struct Author {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = books)]
pub struct Book {
    pub id: i32,
}

#[allow(dead_code)]
fn uses(conn: &mut PgConnection) {
    let author = Author { id: 1 };
    let book = Book { id: 2 };
    let _: Result<Vec<Book>, _> = author.books().load(conn);
    let _: Result<Vec<Author>, _> = book.authors().load(conn);
    let _ = author.books().link(conn, [&book]);
}

fn main() {}
