//! The program of `fail/mistake_in_one_relationship_uses_compile.rs` with
//! its mistake fixed (`author: Option<User>`): it compiles and runs, so the
//! fail case's one error is the mistake's.
use diesel::prelude::*;
use diesel_relations::eager::{with, Eager};
use diesel_relations::{Related, Relations};

diesel::table! { users (id) { id -> Integer, name -> Text, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Nullable<Integer>, title -> Text, } }
diesel::table! { comments (id) { id -> Integer, post_id -> Integer, } }
diesel::joinable!(posts -> users (author_id));
diesel::joinable!(comments -> posts (post_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);

#[derive(Queryable, Selectable, Identifiable, Relations, Clone)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations, Clone)]
#[diesel(table_name = posts)]
#[relationship(author: Option<User>, foreign_key = author_id)]
#[relationship(comments: Vec<Comment>, back_populates = post)]
pub struct Post {
    pub id: i32,
    pub author_id: Option<i32>,
    pub title: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations, Clone)]
#[diesel(table_name = comments)]
#[relationship(post: Post, foreign_key = post_id, back_populates = comments)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
}

fn main() -> diesel_relations::Result<()> {
    let conn = &mut SqliteConnection::establish(":memory:").unwrap();
    for ddl in [
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES users, title TEXT NOT NULL)",
        "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts)",
        "INSERT INTO users VALUES (1, 'Alice')",
        "INSERT INTO posts VALUES (1, 1, 'Hello')",
        "INSERT INTO comments VALUES (1, 1)",
    ] {
        diesel::sql_query(ddl).execute(conn).unwrap();
    }
    let posts: Vec<Post> = posts::table.load(conn).unwrap();
    let author: User = posts[0].author().get(conn)?.unwrap();
    println!("{}", author.name);
    let n: i64 = posts[0].comments().count().get_result(conn).unwrap();
    let by_alice = posts::table.filter(Post::author.has(users::name.eq("Alice")));
    let _: Vec<Post> = by_alice.load(conn).unwrap();
    let authors = posts.clone().eager(conn, Post::author)?;
    let name: &str = &authors[0].related.as_ref().unwrap().name;
    let comments = posts.eager(conn, with(Post::comments, Comment::post))?;
    assert_eq!((n, name, comments[0].related.len()), (1, "Alice", 1));
    Ok(())
}
