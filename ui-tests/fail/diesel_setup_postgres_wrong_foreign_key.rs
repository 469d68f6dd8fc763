//! pass/diesel_setup_postgres.rs with Post.author on posts.views, a column
//! that is no foreign key: the migrations add posts' keys by ALTER TABLE ..
//! ADD CONSTRAINT after the initial setup's PL/pgSQL, and the checker reads
//! them, so this does not compile (the types alone, BIGINT both, would let
//! it load the wrong users).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> BigInt, name -> Text, } }
diesel::table! {
    posts (id) {
        id -> Integer,
        author_id -> BigInt,
        editor_id -> Nullable<BigInt>,
        views -> BigInt,
    }
}
diesel::table! { tags (id) { id -> Integer, name -> Text, } }
diesel::table! { posts_tags (post_id, tag_id) { post_id -> Integer, tag_id -> Integer, } }
diesel::joinable!(posts_tags -> posts (post_id));
diesel::joinable!(posts_tags -> tags (tag_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, tags, posts_tags);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
#[relations(migrations = "schemas/diesel_setup_postgres")]
#[relationship(posts: Vec<Post>, back_populates = author)]
#[relationship(edited: Vec<Post>, back_populates = editor)]
pub struct User {
    pub id: i64,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relations(migrations = "schemas/diesel_setup_postgres")]
#[relationship(author: User, foreign_key = views, back_populates = posts)]
#[relationship(editor: Option<User>, foreign_key = editor_id, back_populates = edited)]
#[relationship(tags: Vec<Tag>, secondary = posts_tags(post_id, tag_id), back_populates = posts)]
pub struct Post {
    pub id: i32,
    pub author_id: i64,
    pub editor_id: Option<i64>,
    pub views: i64,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tags)]
#[relations(migrations = "schemas/diesel_setup_postgres")]
#[relationship(posts: Vec<Post>, secondary = posts_tags, back_populates = tags)]
pub struct Tag {
    pub id: i32,
    pub name: String,
}

fn main() {}
