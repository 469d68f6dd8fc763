//! A backref on a self-referential scalar: Employee.manager, backref =
//! reports, declares Employee.reports on the same model; the foreign key is
//! proven by the migrations (schemas/self_referential).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, backref = reports)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let boss = Employee { id: 1, name: String::new(), reports_to: None };
    let _: Result<Vec<Employee>, _> = boss.reports().load(conn);
    let _: Result<Option<Employee>, _> = boss.manager().get(conn);
    let _ = diesel_relations::delete(conn, &boss);
}

fn main() {}
