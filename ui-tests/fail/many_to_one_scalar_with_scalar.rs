//! Both sides are scalars holding a foreign key: that is two many-to-ones,
//! not a pair.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, last_invoice_id -> Nullable<Integer>, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(last_invoice: Option<Invoice>, foreign_key = last_invoice_id, back_populates = customer)]
pub struct Customer {
    pub id: i32,
    pub last_invoice_id: Option<i32>,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = last_invoice)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
}

fn main() {}
