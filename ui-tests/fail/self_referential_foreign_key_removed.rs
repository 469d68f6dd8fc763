//! pass/self_referential_from_migrations.rs over
//! schemas/self_referential_without_fk, the same migration without its
//! FOREIGN KEY: nothing proves employees.reports_to, and print-schema would
//! write no joinable! for it either.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential_without_fk")]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager, order_by = employees::name)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

fn main() {}
