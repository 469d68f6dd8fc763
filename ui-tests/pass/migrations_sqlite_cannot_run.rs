//! Migrations in PostgreSQL's dialect, the foreign key added by ALTER TABLE
//! .. ADD CONSTRAINT (which SQLite cannot run): the checker reads it and the
//! relationship on it compiles.
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
