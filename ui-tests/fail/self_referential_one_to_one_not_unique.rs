//! Self-referential one-to-one: mentor_id is UNIQUE (a person mentors at
//! most one), manager_id is not (a manager has many reports).
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
#[relationship(mentor: Option<Person>, foreign_key = mentor_id, back_populates = mentee)]
#[relationship(mentee: Option<Person>, back_populates = mentor)]
#[relationship(manager: Option<Person>, foreign_key = manager_id, back_populates = report)]
#[relationship(report: Option<Person>, back_populates = manager)]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i32>,
    pub mentor_id: Option<i32>,
}

fn main() {}
