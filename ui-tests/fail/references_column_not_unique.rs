//! `references = groups::slug`, but groups.slug is not UNIQUE in the
//! migrations: several groups may share a slug.
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
#[relationship(group: Group, foreign_key = group_slug, references = groups::slug)]
pub struct Tag {
    pub id: i32,
    pub group_slug: String,
}

fn main() {}
