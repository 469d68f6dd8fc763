//! A left join along `Invoice::customer` onto a query without `invoices`
//! (it has `customers`, the target): one error, ours, at the join; the
//! methods after it add none.
use diesel::prelude::*;
use diesel_relations::joins::JoinAlong;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }
diesel::table! { orders (id) { id -> Integer, } }
diesel::joinable!(invoices -> customers (custid));
diesel::allow_tables_to_appear_in_same_query!(customers, invoices, orders);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer)]
pub struct Customer {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
}

fn main() {
    let conn = &mut SqliteConnection::establish(":memory:").unwrap();
    let _ = customers::table
        .left_join_along(Invoice::customer)
        .filter(customers::id.eq(1))
        .select(customers::id)
        .load::<i32>(conn);
}
