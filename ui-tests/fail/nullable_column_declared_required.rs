//! The field is not an Option, but the Diesel schema says the column is
//! Nullable: the scalar may be absent all the same.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { orders (id) { id -> Integer, customer_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: i32,
}

#[derive(Selectable, Identifiable, Relations)]
#[diesel(table_name = orders)]
#[relationship(customer: Customer, foreign_key = customer_id)]
pub struct Order {
    pub id: i32,
    pub customer_id: i32,
}

fn main() {}
