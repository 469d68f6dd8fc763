//! Customer.invoices names invoices::custid, an Integer column, but the
//! field Invoice.custid is a String: the checker's message, not a trait
//! error.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(customers, invoices);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, foreign_key = invoices::custid)]
pub struct Customer {
    pub id: i32,
}

fn main() {}
