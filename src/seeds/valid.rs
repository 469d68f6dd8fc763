//! Declarations the checker once refused, now accepted (docs/checks.md,
//! "Declarations the checker accepts"), on tables of their own:
//!
//! - `Staff` names itself as `Self` in both sides of a self-referential
//!   pair, on a `#[sql_name = "staff"]` table whose Rust name,
//!   `staff_members`, is another table of the migrations;
//! - `Account` maps its primary key field `number` to the column `id`, and
//!   `Charge` its foreign key field `account_id` to the column `acct`, with
//!   `#[diesel(column_name = ..)]`; `Account.charges` names that column
//!   (`foreign_key = charges::acct`), read through `Charge`'s renamed field.

use crate::schema::valid::{accounts, charges, staff_members};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = staff_members)]
#[relationship(manager: Option<Self>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Self>, back_populates = manager, order_by = staff_members::name)]
pub struct Staff {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

/// A member of staff to insert (`boss.reports().insert(..)` sets `reports_to`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = staff_members)]
pub struct NewStaff<'a> {
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = accounts)]
#[relationship(charges: Vec<Charge>, foreign_key = charges::acct, back_populates = account, order_by = charges::id)]
pub struct Account {
    #[diesel(column_name = id)]
    pub number: i32,
    pub holder: String,
}

/// An account to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    pub holder: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = charges)]
#[relationship(account: Account, foreign_key = account_id, back_populates = charges)]
pub struct Charge {
    pub id: i32,
    #[diesel(column_name = acct)]
    pub account_id: i32,
    pub amount: i32,
}

/// A charge to insert through `account.charges().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = charges)]
pub struct NewCharge {
    pub amount: i32,
}
