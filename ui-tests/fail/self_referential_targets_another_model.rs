//! Self-referential: Employee.reports back_populates Employee.manager, which
//! leads to Manager and names back_populates = reports, a relationship
//! Manager lacks: one error, Employee.reports's.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, manager_id -> Nullable<Integer>, } }
diesel::table! { managers (id) { id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = managers)]
pub struct Manager {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relationship(reports: Vec<Employee>, back_populates = manager)]
#[relationship(manager: Option<Manager>, foreign_key = manager_id, back_populates = reports)]
pub struct Employee {
    pub id: i32,
    pub manager_id: Option<i32>,
}

fn main() {}
