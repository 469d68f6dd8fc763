//! Two mistakes on one foreign key: entries.ledger_id is a BigInt in the
//! Diesel schema where ledgers.id is an Integer, and the migrations create
//! no foreign key from entries to ledgers. Both messages, one error.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { ledgers (id) { id -> Integer, } }
diesel::table! { entries (id) { id -> Integer, ledger_id -> BigInt, } }

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
    pub ledger_id: i64,
}

fn main() {}
