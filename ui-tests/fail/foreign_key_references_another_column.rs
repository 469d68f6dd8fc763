//! cards.owner_number references owners.number; relationships load the
//! target by its primary key, owners.id.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { owners (id) { id -> Integer, number -> Integer, } }
diesel::table! { cards (id) { id -> Integer, owner_number -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = owners)]
pub struct Owner {
    pub id: i32,
    pub number: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cards)]
#[relationship(owner: Owner, foreign_key = owner_number)]
pub struct Card {
    pub id: i32,
    pub owner_number: i32,
}

fn main() {}
