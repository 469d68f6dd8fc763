//! Customer.invoices names orders.customer_id while Invoice.customer, the
//! other side, holds invoices.custid: one error, at the collection's key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, customer_id -> Integer, } }
diesel::table! { orders (id) { id -> Integer, customer_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, foreign_key = orders::customer_id, back_populates = customer)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
    pub customer_id: i32,
}

fn main() {}
