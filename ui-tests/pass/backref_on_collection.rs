//! backref on the collection declares the scalar on the target:
//! Customer.orders, backref = customer, gives Order.customer, an
//! Option<Customer> because orders.customer_id is nullable.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { orders (id) { id -> Integer, customer_id -> Nullable<Integer>, } }
diesel::joinable!(orders -> customers (customer_id));
diesel::allow_tables_to_appear_in_same_query!(customers, orders);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(orders: Vec<Order>, foreign_key = orders::customer_id, backref = customer)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = orders)]
pub struct Order {
    pub id: i32,
    pub customer_id: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let customer = Customer { id: 1 };
    let _: Result<Vec<Order>, _> = customer.orders().load(conn);
    let order = Order { id: 1, customer_id: None };
    let _: Result<Option<Customer>, _> = order.customer().get(conn);
}

fn main() {}
