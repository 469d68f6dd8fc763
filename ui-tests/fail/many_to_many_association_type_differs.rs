//! loans.book_id is a BigInt, books.id an Integer: the association column
//! does not have the type of the key it references (Diesel schema only).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { members (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { loans (member_id, book_id) { member_id -> Integer, book_id -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(members, books, loans);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = members)]
#[relations(migrations = false)]
#[relationship(books: Vec<Book>, secondary = loans(member_id, book_id), back_populates = members)]
pub struct Member {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relations(migrations = false)]
#[relationship(members: Vec<Member>, secondary = loans, back_populates = books)]
pub struct Book {
    pub id: i32,
}

fn main() {}
