//! Invoice.customer (many-to-one) targets Customer, which does not derive
//! Relations: one error, that Customer is not a model, at the target.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(customers, invoices);

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
}

fn main() {}
