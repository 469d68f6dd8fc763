//! Three mistakes in one derive: all three are reported by one compile.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> Integer, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Nullable<Integer>, editor_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relationship(author: User, foreign_key = author_id)]
#[relationship(editor: User, foreign_key = editr_id)]
#[relationship(reviewer: Option<User>)]
pub struct Post {
    pub id: i32,
    pub author_id: Option<i32>,
    pub editor_id: i32,
}

fn main() {}
