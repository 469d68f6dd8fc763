//! One-to-one: the side holding the key, Favourite.parent, reads
//! favourites.parent_id (Nullable<Integer>) into an Option<String>; its
//! other side, Parent.favourite, takes the key from it: one error, at the
//! key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::allow_tables_to_appear_in_same_query!(parents, favourites);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(favourite: Option<Favourite>, back_populates = parent)]
pub struct Parent {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = favourites)]
#[relationship(parent: Option<Parent>, foreign_key = parent_id, back_populates = favourite)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<String>,
}

fn main() {}
