//! loans.member_id is Text, members.id an Integer. Both sides name the
//! association columns: one of them reports it.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { members (id) { id -> Integer, } }
diesel::table! { books (id) { id -> Integer, } }
diesel::table! { loans (member_id, book_id) { member_id -> Text, book_id -> Integer, } }
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
#[relationship(members: Vec<Member>, secondary = loans(book_id, member_id), back_populates = books)]
pub struct Book {
    pub id: i32,
}

fn main() {}
