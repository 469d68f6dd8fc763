//! employees has one foreign key to itself (reports_to, in
//! schemas/self_referential, with no joinable!): the collection names
//! none, and takes that one.
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(reports: Vec<Employee>, order_by = employees::name)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let boss = Employee { id: 1, name: String::new(), reports_to: None };
    let _: Result<Vec<Employee>, _> = boss.reports().load(conn);
    let _ = [boss].load_related(conn, Employee::reports);
}

fn main() {}
