//! The collection names its foreign key column, which the migrations do not
//! declare as one.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { ledgers (id) { id -> Integer, } }
diesel::table! { entries (id) { id -> Integer, ledger_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ledgers)]
#[relationship(entries: Vec<Entry>, foreign_key = entries::ledger_id)]
pub struct Ledger {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = entries)]
pub struct Entry {
    pub id: i32,
    pub ledger_id: i32,
}

fn main() {}
