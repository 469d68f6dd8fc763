//! A backref has no cascade of its own: the relationship declaring it
//! cannot carry the collection's cascade either.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { orders (id) { id -> Integer, customer_id -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(orders: Vec<Order>, foreign_key = orders::customer_id, backref = customer, cascade = "all")]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = orders)]
pub struct Order {
    pub id: i32,
    pub customer_id: Option<i32>,
}

fn main() {}
