//! A joinable! is evidence of a foreign key too: ledgers and entries have
//! none in the migrations, but the Diesel schema joins entries.ledger_id to
//! ledgers, and the relationship follows it.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { ledgers (id) { id -> Integer, } }
diesel::table! { entries (id) { id -> Integer, ledger_id -> Integer, } }
diesel::joinable!(entries -> ledgers (ledger_id));
diesel::allow_tables_to_appear_in_same_query!(ledgers, entries);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ledgers)]
#[relationship(entries: Vec<Entry>, back_populates = ledger)]
pub struct Ledger {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = entries)]
#[relationship(ledger: Ledger, foreign_key = ledger_id, back_populates = entries)]
pub struct Entry {
    pub id: i32,
    pub ledger_id: i32,
}

fn main() {}
