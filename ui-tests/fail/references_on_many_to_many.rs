//! `references` on a many-to-many: joining an association table on UNIQUE
//! columns that are not the primary keys is not supported yet.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { owners (id) { id -> Integer, number -> Integer, } }
diesel::table! { accounts (id) { id -> Integer, } }
diesel::table! { owners_accounts (owner_number, account_id) { owner_number -> Integer, account_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(owners, accounts, owners_accounts);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = owners)]
#[relationship(accounts: Vec<Account>, secondary = owners_accounts(owner_number, account_id), references = owners::number)]
pub struct Owner {
    pub id: i32,
    pub number: i32,
}

fn main() {}
