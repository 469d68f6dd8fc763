use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, amount -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, foreign_key = invoices::custid, order_by = "id")]
#[relationship(largest: Vec<Invoice>, foreign_key = invoices::custid, order_by = invoices::amount * 2)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
    pub amount: i32,
}

fn main() {}
