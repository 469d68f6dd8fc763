//! A join through an alias (`inner_join_along_as`) along
//! `Invoice::customer` onto a query without `invoices`: one error, ours,
//! at the join, saying what to write; the methods after it (`select`,
//! `load`) add none.
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
    let buyers = diesel::alias!(customers as buyers);
    let _ = orders::table
        .inner_join_along_as(Invoice::customer, buyers)
        .select((orders::id, buyers.field(customers::id)))
        .load::<(i32, i32)>(conn);
}
