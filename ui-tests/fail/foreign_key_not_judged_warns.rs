//! The migrations (schemas/unjudged) add posts' foreign key in a DO block,
//! which the checker skips: it cannot tell whether posts.author_id is a
//! foreign key, and no joinable! says so, so it warns at the attribute
//! (a `deprecated` warning, the one kind a derive can give on stable Rust).
//! `deny(deprecated)` makes the warning this case's error, to show it.
#![deny(deprecated)]
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> Integer, name -> Text, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(users, posts);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
#[relations(migrations = "schemas/unjudged")]
#[relationship(posts: Vec<Post>, back_populates = author)]
pub struct User {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relations(migrations = "schemas/unjudged")]
#[relationship(author: User, foreign_key = author_id, back_populates = posts)]
pub struct Post {
    pub id: i32,
    pub author_id: i32,
}

fn main() {}
