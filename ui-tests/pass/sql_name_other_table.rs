//! A `#[sql_name]` table whose Rust name is another table of the
//! migrations: `#[sql_name = "staff"] staff_members`, while the migrations
//! create both `staff` and `staff_members` (schemas/sql_name_other_table).
//! The checker judges staff's facts (its self-referential foreign key), not
//! staff_members's (which has none).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! {
    #[sql_name = "staff"]
    staff_members (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, }
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = staff_members)]
#[relations(migrations = "schemas/sql_name_other_table")]
#[relationship(manager: Option<Staff>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Staff>, back_populates = manager)]
pub struct Staff {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let boss = Staff { id: 1, name: String::new(), reports_to: None };
    let _: Result<Option<Staff>, _> = boss.manager().get(conn);
    let _: Result<Vec<Staff>, _> = boss.reports().load(conn);
}

fn main() {}
