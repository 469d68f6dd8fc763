//! Self-referential: the manager's key is nullable (the top of the tree has
//! none), so the scalar must be an Option.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { people (id) { id -> Integer, manager_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = people)]
#[relationship(manager: Person, foreign_key = manager_id, back_populates = reports)]
#[relationship(reports: Vec<Person>, back_populates = manager)]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i32>,
}

fn main() {}
