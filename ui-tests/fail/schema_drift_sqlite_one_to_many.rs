//! migrations/ (SQLite) says invoices.custid is INTEGER; this table! says
//! BigInt: a collection naming that foreign key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(customers, invoices);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, foreign_key = invoices::custid)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i64,
}

fn main() {}
