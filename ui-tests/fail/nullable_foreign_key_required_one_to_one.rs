//! One-to-one: Favourite.parent is declared required, but
//! favourites.parent_id is Nullable: one error, at the declaration.
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
#[relationship(parent: Parent, foreign_key = parent_id, back_populates = favourite)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: i32,
}

fn main() {}
