use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populate = customer)]
pub struct Customer {
    pub id: i32,
}

pub struct Invoice;

fn main() {}
