//! Two models named Customer, in two modules: Invoice.customer leads to
//! crm::Customer, so it cannot be the other side of billing::Customer.invoices.
//! The checker tells them apart by the model, not by the name.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }
diesel::table! { clients (id) { id -> Integer, } }
diesel::table! { invoices (id) { id -> Integer, client_id -> Integer, } }
diesel::joinable!(invoices -> clients (client_id));

pub mod billing {
    use super::*;

    #[derive(Queryable, Selectable, Identifiable, Relations)]
    #[diesel(table_name = customers)]
    #[relationship(invoices: Vec<Invoice>, back_populates = customer)]
    pub struct Customer {
        pub id: i32,
    }
}

pub mod crm {
    use super::*;

    #[derive(Queryable, Selectable, Identifiable, Relations)]
    #[diesel(table_name = clients)]
    pub struct Customer {
        pub id: i32,
    }
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: crm::Customer, foreign_key = client_id, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub client_id: i32,
}

fn main() {}
