//! A distinct count per parent counts a column of the relationship's
//! targets: `clients` is not the table of `Customer.invoices`, and the
//! column is refused at the call.
use diesel::prelude::*;
use diesel_relations::{CountDistinctRelated, Relations};

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }
diesel::table! { clients (id) { id -> Integer, } }
diesel::joinable!(invoices -> customers (custid));
diesel::allow_tables_to_appear_in_same_query!(customers, invoices, clients);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
}

fn main() {
    let conn = &mut SqliteConnection::establish(":memory:").unwrap();
    let all: Vec<Customer> = Vec::new();
    let _ = all.count_distinct_related(conn, Customer::invoices, clients::id);
}
