//! One-to-one: the side without the key misspells the other side's name.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(favourite: Option<Favourite>, back_populates = parnt)]
pub struct Parent {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = favourites)]
#[relationship(parent: Option<Parent>, foreign_key = parent_id, back_populates = favourite)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<i32>,
}

fn main() {}
