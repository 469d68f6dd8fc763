//! One-to-one: Parent.favourite names favourites::parent_id, a nullable
//! Integer column (UNIQUE, REFERENCES parents in the migrations), but the
//! field Favourite.parent_id is an Option<String>: the checker's message at
//! the key, not a trait error.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::allow_tables_to_appear_in_same_query!(parents, favourites);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = favourites)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(favourite: Option<Favourite>, foreign_key = favourites::parent_id)]
pub struct Parent {
    pub id: i32,
}

fn main() {}
