//! A self-referential many-to-one whose field is an Option<i64> over a
//! Nullable<Integer> column.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, manager_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = false)]
#[relationship(manager: Option<Employee>, foreign_key = manager_id, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager)]
pub struct Employee {
    pub id: i32,
    pub manager_id: Option<i64>,
}

fn main() {}
