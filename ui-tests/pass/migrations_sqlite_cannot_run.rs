//! Migrations in PostgreSQL's dialect: SQLite stops at the ALTER TABLE that
//! adds the foreign key, so the checker has no evidence either way about
//! transfers.account_id, and reports nothing.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { accounts (id) { id -> Integer, name -> Text, } }
diesel::table! { transfers (id) { id -> Integer, account_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = accounts)]
#[relations(migrations = "schemas/postgres")]
#[relationship(transfers: Vec<Transfer>, back_populates = account)]
pub struct Account {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = transfers)]
#[relations(migrations = "schemas/postgres")]
#[relationship(account: Account, foreign_key = account_id, back_populates = transfers)]
pub struct Transfer {
    pub id: i32,
    pub account_id: i32,
}

fn main() {}
