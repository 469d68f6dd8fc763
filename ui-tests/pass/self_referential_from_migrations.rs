//! A self-referential pair. diesel print-schema writes no joinable! for a
//! table that references itself: the foreign key is proven by the
//! migrations (schemas/self_referential). The same models over
//! schemas/self_referential_without_fk do not compile
//! (fail/self_referential_foreign_key_removed.rs).
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager, order_by = employees::name)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let boss = Employee { id: 1, name: String::new(), reports_to: None };
    let _: Result<Option<Employee>, _> = boss.manager().get(conn);
    let _: Result<Vec<Employee>, _> = boss.reports().load(conn);
    let _ = [boss].load_related(conn, Employee::reports);
}

fn main() {}
