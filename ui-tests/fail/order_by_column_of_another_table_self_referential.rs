//! A self-referential collection's order_by names a column of another
//! table: one error at it, and the loaders still compile.
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }
diesel::table! { departments (id) { id -> Integer, name -> Text, } }
diesel::allow_tables_to_appear_in_same_query!(employees, departments);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager, order_by = departments::name.asc())]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let boss = Employee { id: 1, name: String::new(), reports_to: None };
    let _: Result<Vec<Employee>, _> = boss.clone().reports().load(conn);
    let _ = [boss].load_related(conn, Employee::reports);
}

fn main() {}
