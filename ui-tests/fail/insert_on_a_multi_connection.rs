//! `insert` through a relationship on Diesel's MultiConnection: Diesel
//! builds no multi-row INSERT for its backend, and the message says so and
//! names `graph::insert_children`, which works there.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }
diesel::joinable!(invoices -> customers (custid));
diesel::allow_tables_to_appear_in_same_query!(customers, invoices);

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

diesel_relations::multi_connection! {
    #[derive(diesel::MultiConnection)]
    pub enum AnyConnection {
        Sqlite(diesel::SqliteConnection),
        Pg(diesel::PgConnection),
    }
}

fn insert(conn: &mut AnyConnection, customer: &Customer) -> diesel_relations::Result<usize> {
    customer.invoices().insert(conn, [invoices::id.eq(5)])
}

fn main() {
    let _ = insert;
}
