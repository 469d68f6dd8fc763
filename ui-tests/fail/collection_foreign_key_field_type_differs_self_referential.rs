//! Self-referential: Person.reports names people::manager_id, a nullable
//! Integer column (REFERENCES people in the migrations), but the field
//! Person.manager_id is an Option<i64>: the checker's message at the key,
//! not a trait error.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { people (id) { id -> Integer, manager_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = people)]
#[relationship(reports: Vec<Person>, foreign_key = people::manager_id)]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i64>,
}

fn main() {}
