//! The foreign key field is a String, its column an Integer: without
//! `check_for_backend` Diesel accepts the model and fails where it loads.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { orders (id) { id -> Integer, customer_id -> Integer, } }
diesel::joinable!(orders -> customers (customer_id));
diesel::allow_tables_to_appear_in_same_query!(customers, orders);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relations(migrations = false)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = orders)]
#[relations(migrations = false)]
#[relationship(customer: Customer, foreign_key = customer_id)]
pub struct Order {
    pub id: i32,
    pub customer_id: String,
}

fn main() {}
