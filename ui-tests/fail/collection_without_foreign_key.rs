//! A collection naming neither its foreign key nor the other side, over
//! tables the migrations do not know: the message says what to add.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { members (id) { id -> Integer, } }
diesel::table! { visits (id) { id -> Integer, member_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = members)]
#[relationship(visits: Vec<Visit>)]
pub struct Member {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = visits)]
pub struct Visit {
    pub id: i32,
    pub member_id: i32,
}

fn main() {}
