//! An EXISTS condition may name only the related table and the outer
//! query's: `clients` is neither, and Diesel's own check refuses it.
use diesel::prelude::*;
use diesel_relations::{Related, Relations};

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
    let _ = customers::table
        .filter(Customer::invoices.any(clients::id.eq(1)))
        .select(customers::id)
        .load::<i32>(conn);
}
