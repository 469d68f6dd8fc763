//! A join through an alias (`inner_join_along_as`) along
//! `Employee::manager` onto a query without `employees`: one error, ours,
//! at the join, saying what to write; the methods after it (`select`,
//! `load`) add none.
use diesel::prelude::*;
use diesel_relations::joins::JoinAlong;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, reports_to -> Nullable<Integer>, } }
diesel::table! { orders (id) { id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(employees, orders);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager)]
pub struct Employee {
    pub id: i32,
    pub reports_to: Option<i32>,
}

fn main() {
    let conn = &mut SqliteConnection::establish(":memory:").unwrap();
    let managers = diesel::alias!(employees as managers);
    let _ = orders::table
        .inner_join_along_as(Employee::manager, managers)
        .select((orders::id, managers.field(employees::id)))
        .load::<(i32, i32)>(conn);
}
