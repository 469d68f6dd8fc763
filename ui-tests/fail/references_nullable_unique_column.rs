//! tags.group_slug references groups.slug, UNIQUE but nullable
//! (schemas/references_nullable_unique): the relationship cannot join on
//! it, whether `references` is left out (taken from the migrations) or not.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { groups (id) { id -> Integer, slug -> Nullable<Text>, name -> Text, } }
diesel::table! { tags (id) { id -> Integer, group_slug -> Text, label -> Text, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = groups)]
#[relations(migrations = "schemas/references_nullable_unique")]
#[relationship(tags: Vec<Tag>, back_populates = group)]
pub struct Group {
    pub id: i32,
    pub slug: Option<String>,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tags)]
#[relations(migrations = "schemas/references_nullable_unique")]
#[relationship(group: Group, foreign_key = group_slug, back_populates = tags)]
pub struct Tag {
    pub id: i32,
    pub group_slug: String,
    pub label: String,
}

fn main() {}
