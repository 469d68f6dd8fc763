//! Customer.invoices names orders.customer_id: a column of orders, not of
//! invoices, so it would count orders.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }
diesel::table! { orders (id) { id -> Integer, customer_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, foreign_key = orders::customer_id)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
}

fn main() {}
