//! Parent.favourite names hobbies.parent_id, a column of hobbies: it would
//! find a parent's hobby and read it as a Favourite. Checked from the
//! Diesel schema alone (no migrations).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::table! { hobbies (id) { id -> Integer, parent_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relations(migrations = false)]
#[relationship(favourite: Option<Favourite>, foreign_key = hobbies::parent_id)]
pub struct Parent {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = favourites)]
#[relations(migrations = false)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<i32>,
}

fn main() {}
