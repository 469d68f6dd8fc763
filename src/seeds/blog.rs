//! Seed 003 (first half): a user writes posts; a post may have no author.

use crate::schema::{posts, users};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
#[relationship(posts: Vec<Post>, back_populates = author)]
pub struct User {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relationship(author: Option<User>, foreign_key = author_id, back_populates = posts)]
pub struct Post {
    pub id: i32,
    pub title: String,
    pub content: String,
    pub author_id: Option<i32>,
}

/// A post to insert through `user.posts().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = posts)]
pub struct NewPost<'a> {
    pub title: &'a str,
    pub content: &'a str,
}
