//! One mistake, one error: a literal order_by on Person.reports; Person.manager, its pair, says nothing.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! {
    people (id) {
        id -> Integer,
        manager_id -> Nullable<Integer>,
    }
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = people)]
#[relationship(manager: Option<Person>, foreign_key = manager_id, back_populates = reports)]
#[relationship(reports: Vec<Person>, back_populates = manager, order_by = "x")]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i32>,
}

fn main() {}
