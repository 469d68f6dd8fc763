//! Self-referential: two collections of the same model paired with each
//! other; neither holds the foreign key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { people (id) { id -> Integer, manager_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = people)]
#[relationship(managers: Vec<Person>, back_populates = reports)]
#[relationship(reports: Vec<Person>, back_populates = managers)]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i32>,
}

fn main() {}
