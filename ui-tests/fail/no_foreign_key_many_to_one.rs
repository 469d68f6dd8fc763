//! The migrations create ledgers and entries without a foreign key between
//! them, and there is no joinable!.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { ledgers (id) { id -> Integer, } }
diesel::table! { entries (id) { id -> Integer, ledger_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ledgers)]
pub struct Ledger {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = entries)]
#[relationship(ledger: Ledger, foreign_key = ledger_id)]
pub struct Entry {
    pub id: i32,
    pub ledger_id: i32,
}

fn main() {}
