//! One-to-one over hobbies.parent_id, which is not UNIQUE: a parent may have
//! many hobbies.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { hobbies (id) { id -> Integer, parent_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(hobby: Option<Hobby>, back_populates = parent)]
pub struct Parent {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = hobbies)]
#[relationship(parent: Option<Parent>, foreign_key = parent_id, back_populates = hobby)]
pub struct Hobby {
    pub id: i32,
    pub parent_id: Option<i32>,
}

fn main() {}
