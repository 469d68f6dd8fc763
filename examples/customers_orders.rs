//! Seed 004: the customer declares `orders` with `backref = customer`; an
//! order is created for its customer through the relationship.
//!
//! Prints exactly what the SQLAlchemy version prints
//! (`tests/expected/customers_orders.txt`). Models: `src/seeds/shop.rs`.
//!
//! ```text
//! cargo run --example customers_orders
//! ```

use diesel::prelude::*;
use diesel_relations_seeds::schema::{customers, orders};
use diesel_relations_seeds::seeds::shop::{Customer, NewCustomer, NewOrder, Order};
use diesel_relations_seeds::{db, py_list};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

pub fn run(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    diesel::insert_into(customers::table)
        .values(NewCustomer { name: "Ada" })
        .execute(conn)?;
    let customer: Customer = customers::table
        .find(1)
        .select(Customer::as_select())
        .first(conn)?;
    // Order(order_number=..., customer=customer), twice
    customer.orders().insert(
        conn,
        [
            NewOrder {
                order_number: "12345",
            },
            NewOrder {
                order_number: "12346",
            },
        ],
    )?;

    let numbers: Vec<String> = customer
        .orders()
        .load(conn)?
        .into_iter()
        .map(|o| o.order_number)
        .collect();
    writeln!(
        out,
        "orders of {} {}",
        customer.name,
        py_list(numbers.iter().map(String::as_str))
    )?;
    let order: Order = orders::table
        .filter(orders::order_number.eq("12346"))
        .select(Order::as_select())
        .get_result(conn)?;
    // The backref: Option<Customer>, as orders.customer_id is nullable.
    let owner = order
        .customer()
        .get(conn)?
        .ok_or("the order has a customer")?;
    writeln!(out, "order 12346 customer {}", owner.name)?;
    Ok(())
}

#[allow(dead_code)] // tests include this file for `run` only
fn main() -> Result<(), Error> {
    let mut conn = db::sqlite(":memory:")?;
    run(&mut conn, &mut std::io::stdout().lock())
}
