use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> Integer, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relationship(author: User, foreign_key = author_id)]
pub struct Post {
    pub id: i32,
    pub author_id: Option<i32>,
}

fn main() {}
