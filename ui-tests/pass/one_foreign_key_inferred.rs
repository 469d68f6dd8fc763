//! invoices has one foreign key to customers (custid, in the migrations):
//! the collection names none, and takes that one (ui-tests/migrations).
//! Where there are several, it must name one
//! (fail/several_foreign_keys_none_named.rs).
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, custid -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, order_by = invoices::id)]
pub struct Customer {
    pub id: i32,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let customer = Customer { id: 1 };
    let _: Result<Vec<Invoice>, _> = customer.invoices().load(conn);
    let _: Result<i64, _> = customer.invoices().count().get_result(conn);
    let _ = [customer].load_related(conn, Customer::invoices);
}

fn main() {}
