//! A self-referential many-to-many: follows.followed_id is a BigInt,
//! users.id an Integer.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> Integer, } }
diesel::table! { follows (follower_id, followed_id) { follower_id -> Integer, followed_id -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(users, follows);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
#[relations(migrations = false)]
#[relationship(following: Vec<User>, secondary = follows(follower_id, followed_id), back_populates = followers)]
#[relationship(followers: Vec<User>, secondary = follows, back_populates = following)]
pub struct User {
    pub id: i32,
}

fn main() {}
