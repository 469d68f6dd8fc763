//! Parent.favourite (the keyless side of a one-to-one) targets Favourite,
//! which does not derive Relations: one error, that Favourite is not a
//! model, at the target.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::allow_tables_to_appear_in_same_query!(parents, favourites);

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = favourites)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<i32>,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(favourite: Option<Favourite>, foreign_key = favourites::parent_id)]
pub struct Parent {
    pub id: i32,
}

fn main() {}
