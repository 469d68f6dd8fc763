//! tags.group_slug references groups.slug, which is not UNIQUE: no
//! relationship can join on it (and the primary key is not what it holds).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { groups (id) { id -> Integer, slug -> Text, } }
diesel::table! { tags (id) { id -> Integer, group_slug -> Text, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = groups)]
pub struct Group {
    pub id: i32,
    pub slug: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tags)]
#[relationship(group: Group, foreign_key = group_slug)]
pub struct Tag {
    pub id: i32,
    pub group_slug: String,
}

fn main() {}
