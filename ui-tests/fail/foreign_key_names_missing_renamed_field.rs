//! `foreign_key` naming neither a field nor a column: with a field renamed
//! by `#[diesel(column_name = ..)]`, the message lists both names.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { accounts (id) { id -> Integer, holder -> Text, } }
diesel::table! { charges (id) { id -> Integer, acct -> Integer, amount -> Integer, } }

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = accounts)]
#[relations(migrations = "schemas/renamed_columns")]
pub struct Account {
    #[diesel(column_name = id)]
    pub number: i32,
    pub holder: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = charges)]
#[relations(migrations = "schemas/renamed_columns")]
#[relationship(account: Account, foreign_key = acount_id)]
pub struct Charge {
    pub id: i32,
    #[diesel(column_name = acct)]
    pub account_id: i32,
    pub amount: i32,
}

fn main() {}
