//! schemas/diesel_setup_postgres says posts.author_id is BIGINT; this
//! table! says Integer (a schema.rs older than the migration).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> BigInt, name -> Text, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(users, posts);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
#[relations(migrations = "schemas/diesel_setup_postgres")]
pub struct User {
    pub id: i64,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relations(migrations = "schemas/diesel_setup_postgres")]
#[relationship(author: User, foreign_key = author_id)]
pub struct Post {
    pub id: i32,
    pub author_id: i32,
}

fn main() {}
