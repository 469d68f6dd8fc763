//! A foreign key on a table of a schema other than public
//! (`billing.invoices`) that the migrations do not show: the checker
//! judges such tables as any other (schemas/schema_qualified).
use diesel::prelude::*;
use diesel_relations::Relations;

pub mod billing {
    diesel::table! {
        billing.customers (id) { id -> Int4, name -> Text, }
    }
    diesel::table! {
        billing.invoices (id) { id -> Int4, customer_id -> Int4, amount -> Int4, }
    }
    diesel::joinable!(invoices -> customers (customer_id));
    diesel::allow_tables_to_appear_in_same_query!(customers, invoices);
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = billing::customers)]
#[relations(migrations = "schemas/schema_qualified")]
#[relationship(invoices: Vec<Invoice>, back_populates = customer)]
pub struct Customer {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = billing::invoices)]
#[relations(migrations = "schemas/schema_qualified")]
#[relationship(customer: Customer, foreign_key = amount, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub customer_id: i32,
    pub amount: i32,
}

fn main() {}
