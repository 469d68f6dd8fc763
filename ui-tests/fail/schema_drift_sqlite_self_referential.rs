//! schemas/self_referential says employees.reports_to may be NULL; this
//! table! says Integer (NOT NULL).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(manager: Employee, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: i32,
}

fn main() {}
