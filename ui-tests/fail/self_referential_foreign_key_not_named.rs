//! Self-referential: people has several foreign keys to itself; the
//! collection names none of them.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! {
    people (id) {
        id -> Integer,
        manager_id -> Nullable<Integer>,
        mentor_id -> Nullable<Integer>,
    }
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = people)]
#[relationship(reports: Vec<Person>)]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i32>,
    pub mentor_id: Option<i32>,
}

fn main() {}
