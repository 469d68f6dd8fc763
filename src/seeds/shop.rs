//! Seed 004: a customer places orders; an order may have no customer.
//!
//! As in SQLAlchemy, the customer declares `orders` with `backref = customer`,
//! which declares `Order.customer` on the order (an `Option<Customer>`, as
//! `orders.customer_id` is nullable).
//!
//! This `Customer` reads only `id` and `name` of the `customers` table that
//! seed 000 also uses: two Diesel models on one table, each with its own
//! relationships.

use crate::schema::{customers, orders};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(orders: Vec<Order>, foreign_key = orders::customer_id, backref = customer)]
pub struct Customer {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = customers)]
pub struct NewCustomer<'a> {
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = orders)]
pub struct Order {
    pub id: i32,
    pub order_number: String,
    pub customer_id: Option<i32>,
}

/// An order to insert through `customer.orders().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = orders)]
pub struct NewOrder<'a> {
    pub order_number: &'a str,
}
