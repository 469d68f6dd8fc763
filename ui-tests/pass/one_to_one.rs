//! One-to-one: the side without the key is an Option without foreign_key;
//! the migrations show favourites.parent_id UNIQUE.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::joinable!(favourites -> parents (parent_id));
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
    pub parent_id: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let parent = Parent { id: 1 };
    let _: Result<Option<Favourite>, _> = parent.favourite().get(conn);
    let favourite = Favourite { id: 1, parent_id: Some(1) };
    let _: Result<Option<Parent>, _> = favourite.parent().get(conn);
}

fn main() {}
