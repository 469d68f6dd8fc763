//! One-to-one naming its key, hobbies.parent_id, which is not UNIQUE.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { hobbies (id) { id -> Integer, parent_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(hobby: Option<Hobby>, foreign_key = hobbies::parent_id)]
pub struct Parent {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = hobbies)]
pub struct Hobby {
    pub id: i32,
    pub parent_id: Option<i32>,
}

fn main() {}
