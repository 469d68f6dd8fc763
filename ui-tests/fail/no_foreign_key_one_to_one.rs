//! One-to-one: Ledger.summary names summaries::ledger_id, UNIQUE in the
//! migrations (which fully know both tables), but no FOREIGN KEY is on it
//! and no joinable! proves one: one error, at the key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { ledgers (id) { id -> Integer, } }
diesel::table! { summaries (id) { id -> Integer, ledger_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(ledgers, summaries);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ledgers)]
#[relations(migrations = "schemas/one_to_one_without_fk")]
#[relationship(summary: Option<Summary>, foreign_key = summaries::ledger_id)]
pub struct Ledger {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = summaries)]
#[relations(migrations = "schemas/one_to_one_without_fk")]
pub struct Summary {
    pub id: i32,
    pub ledger_id: i32,
}

fn main() {}
