//! Invoice names a primary key field it lacks; Customer, its partner, is
//! right: the missing field is the one error (no follow-on in Customer).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (number) { number -> Integer, custid -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(customers, invoices);

#[derive(Queryable, Selectable, Relations)]
#[diesel(table_name = invoices, primary_key(number))]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
pub struct Invoice {
    pub custid: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer)]
pub struct Customer {
    pub id: i32,
}

fn main() {}
