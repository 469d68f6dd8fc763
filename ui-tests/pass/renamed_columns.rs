//! Fields renamed with `#[diesel(column_name = ..)]`: the primary key field
//! `number` (column `id`), and the foreign key field `account_id` (column
//! `acct`), named in `foreign_key` by its field name or by its column's.
//! A collection names the column (`foreign_key = charges::acct`), with
//! `back_populates` and without: it reads the renamed field through the
//! target's derive. The foreign keys are proved by schemas/renamed_columns.
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { accounts (id) { id -> Integer, holder -> Text, } }
diesel::table! { charges (id) { id -> Integer, acct -> Integer, amount -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(accounts, charges);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = accounts)]
#[relations(migrations = "schemas/renamed_columns")]
#[relationship(charges: Vec<Charge>, back_populates = account)]
#[relationship(charged: Vec<Charge>, foreign_key = charges::acct)]
#[relationship(paired: Vec<Charge>, foreign_key = charges::acct, back_populates = paired_account)]
pub struct Account {
    #[diesel(column_name = id)]
    pub number: i32,
    pub holder: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = charges)]
#[relations(migrations = "schemas/renamed_columns")]
#[relationship(account: Account, foreign_key = account_id, back_populates = charges)]
#[relationship(same_account: Account, foreign_key = acct)]
#[relationship(paired_account: Account, foreign_key = account_id, back_populates = paired)]
pub struct Charge {
    pub id: i32,
    #[diesel(column_name = acct)]
    pub account_id: i32,
    pub amount: i32,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let account = Account { number: 1, holder: String::new() };
    let _: Result<Vec<Charge>, _> = account.charges().load(conn);
    let _: Result<Vec<Charge>, _> = account.charged().load(conn);
    let _ = [account.clone()].load_related(conn, Account::charged);
    let _ = [account.clone()].load_related(conn, Account::paired);
    let charge = Charge { id: 1, account_id: 1, amount: 0 };
    let _: Result<Account, _> = charge.account().get(conn);
    let _: Result<Account, _> = charge.same_account().get(conn);
    let _ = [charge].load_related(conn, Charge::account);
}

fn main() {}
