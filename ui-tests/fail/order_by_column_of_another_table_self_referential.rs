//! A self-referential collection's order_by names a column of another
//! table: one error at it.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, name -> Text, manager_id -> Nullable<Integer>, } }
diesel::table! { departments (id) { id -> Integer, name -> Text, } }
diesel::allow_tables_to_appear_in_same_query!(employees, departments);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relationship(reports: Vec<Self>, foreign_key = employees::manager_id, order_by = departments::name.asc())]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub manager_id: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let boss = Employee { id: 1, name: String::new(), manager_id: None };
    let _: Result<Vec<Employee>, _> = boss.reports().load(conn);
}

fn main() {}
