//! Self-referential: reports names manager, but manager names mentees.
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
#[relationship(manager: Option<Person>, foreign_key = manager_id, back_populates = mentees)]
#[relationship(reports: Vec<Person>, back_populates = manager)]
#[relationship(mentor: Option<Person>, foreign_key = mentor_id, back_populates = mentees)]
#[relationship(mentees: Vec<Person>, back_populates = mentor)]
pub struct Person {
    pub id: i32,
    pub manager_id: Option<i32>,
    pub mentor_id: Option<i32>,
}

fn main() {}
