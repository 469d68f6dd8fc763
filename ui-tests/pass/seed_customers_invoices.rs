//! Seed 000 as the README shows it: a collection with back_populates and
//! order_by, and the scalar with its foreign key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, name -> Text, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, invno -> Integer, amount -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer, order_by = invoices::id)]
pub struct Customer {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
    pub invno: i32,
    pub amount: i32,
}

/// Type-checks the accessors against a real backend's connection.
#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let customer = Customer { id: 1, name: String::new() };
    let _: Result<Vec<Invoice>, _> = customer.invoices().load(conn);
    let _: QueryResult<i64> = customer.invoices().count().get_result(conn);
    let invoice = Invoice { id: 1, custid: 1, invno: 1, amount: 1 };
    let _: Result<Customer, _> = invoice.customer().get(conn);
}

fn main() {}
