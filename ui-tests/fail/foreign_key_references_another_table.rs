//! cards.account_id references owners, so it cannot lead to an Account.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { accounts (id) { id -> Integer, } }
diesel::table! { cards (id) { id -> Integer, account_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cards)]
#[relationship(account: Account, foreign_key = account_id)]
pub struct Card {
    pub id: i32,
    pub account_id: i32,
}

fn main() {}
