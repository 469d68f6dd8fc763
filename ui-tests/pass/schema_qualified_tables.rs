//! Tables of a PostgreSQL schema other than public, as `diesel print-schema
//! --schema billing` writes them (`table! { billing.customers .. }` in `pub
//! mod billing`), named by their paths: relationships to and from them,
//! across schemas, and through an association table of the schema, checked
//! against the migrations of schemas/schema_qualified (whose keys name
//! `billing.customers`).
use diesel::prelude::*;
use diesel_relations::Relations;

pub mod billing {
    diesel::table! {
        billing.customers (id) { id -> Int4, name -> Text, }
    }
    diesel::table! {
        billing.invoices (id) { id -> Int4, customer_id -> Int4, amount -> Int4, }
    }
    diesel::table! {
        billing.customer_tags (customer_id, tag_id) { customer_id -> Int4, tag_id -> Int4, }
    }
    diesel::joinable!(invoices -> customers (customer_id));
    diesel::allow_tables_to_appear_in_same_query!(customers, invoices, customer_tags);
}

diesel::table! { sq_tags (id) { id -> Int4, label -> Text, } }
diesel::table! { sq_notes (id) { id -> Int4, customer_id -> Nullable<Int4>, body -> Text, } }

use billing::{customer_tags, customers};
diesel::allow_tables_to_appear_in_same_query!(sq_tags, customer_tags);
diesel::allow_tables_to_appear_in_same_query!(sq_tags, customers);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = billing::customers)]
#[relations(migrations = "schemas/schema_qualified")]
#[relationship(invoices: Vec<Invoice>, foreign_key = billing::invoices::customer_id, back_populates = customer, order_by = billing::invoices::amount.desc())]
#[relationship(notes: Vec<Note>, back_populates = customer)]
#[relationship(tags: Vec<Tag>, secondary = billing::customer_tags(customer_id, tag_id), back_populates = customers)]
pub struct Customer {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = billing::invoices)]
#[relations(migrations = "schemas/schema_qualified")]
#[relationship(customer: Customer, foreign_key = customer_id, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub customer_id: i32,
    pub amount: i32,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = sq_notes)]
#[relations(migrations = "schemas/schema_qualified")]
#[relationship(customer: Option<Customer>, foreign_key = customer_id, back_populates = notes)]
pub struct Note {
    pub id: i32,
    pub customer_id: Option<i32>,
    pub body: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = sq_tags)]
#[relations(migrations = "schemas/schema_qualified")]
#[relationship(customers: Vec<Customer>, secondary = billing::customer_tags, back_populates = tags)]
pub struct Tag {
    pub id: i32,
    pub label: String,
}

#[allow(dead_code)]
fn uses(conn: &mut PgConnection) {
    use diesel_relations::LoadRelated;
    let ada = Customer { id: 1, name: String::new() };
    let _: Result<Vec<Invoice>, _> = ada.invoices().load(conn);
    let _: Result<Vec<Note>, _> = ada.notes().load(conn);
    let _: Result<Vec<Tag>, _> = ada.tags().load(conn);
    let invoice = Invoice { id: 1, customer_id: 1, amount: 5 };
    let _: Result<Customer, _> = invoice.customer().get(conn);
    let note = Note { id: 1, customer_id: None, body: String::new() };
    let _: Result<Option<Customer>, _> = note.customer().get(conn);
    let all = vec![ada.clone()];
    let _: Result<Vec<Vec<Invoice>>, _> = all.load_related(conn, Customer::invoices);
    let _: Result<Vec<Vec<Tag>>, _> = all.load_related(conn, Customer::tags);
    let tag = Tag { id: 1, label: String::new() };
    let _ = ada.tags().link(conn, [&tag]);
}

fn main() {}
