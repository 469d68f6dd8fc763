//! `Self` as a relationship's target: `manager: Option<Self>`, `reports:
//! Vec<Self>`, and a pair whose one side writes `Self` and the other the
//! model's name. The checker reads `Self` as the model (the foreign key is
//! proved by schemas/self_referential).
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(manager: Option<Self>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Self>, back_populates = manager, order_by = employees::name)]
#[relationship(mentor: Option<Employee>, foreign_key = reports_to, back_populates = mentees)]
#[relationship(mentees: Vec<Self>, back_populates = mentor)]
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
    let _: Result<Vec<Employee>, _> = boss.mentees().load(conn);
    let _ = [boss].load_related(conn, Employee::reports);
}

fn main() {}
