//! schemas/diesel_setup_postgres says posts_tags.tag_id is INTEGER; this
//! table! says BigInt.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { posts (id) { id -> Integer, } }
diesel::table! { tags (id) { id -> Integer, name -> Text, } }
diesel::table! { posts_tags (post_id, tag_id) { post_id -> Integer, tag_id -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(posts, tags, posts_tags);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relations(migrations = "schemas/diesel_setup_postgres")]
#[relationship(tags: Vec<Tag>, secondary = posts_tags(post_id, tag_id), back_populates = posts)]
pub struct Post {
    pub id: i32,
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
