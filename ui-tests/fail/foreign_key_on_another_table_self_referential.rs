//! Employee.reports names departments.head_id: the reports of an employee
//! are employees, so their key is on employees. Checked from the Diesel
//! schema alone (no migrations).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, manager_id -> Nullable<Integer>, } }
diesel::table! { departments (id) { id -> Integer, head_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = false)]
#[relationship(reports: Vec<Employee>, foreign_key = departments::head_id)]
pub struct Employee {
    pub id: i32,
    pub manager_id: Option<i32>,
}

fn main() {}
