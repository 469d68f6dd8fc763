//! A join along `Customer::invoices` onto a query without `customers`:
//! one error, ours, at the join, saying what to write; the methods after
//! it (`select`, `load`) add none.
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
    let _ = orders::table
        .inner_join_along(Customer::invoices)
        .select(orders::id)
        .load::<i32>(conn);
}
