//! Seed 000: a customer has invoices; an invoice belongs to a customer.
//!
//! SQLAlchemy: `Customer.invoices = relationship("Invoice", order_by=Invoice.id,
//! back_populates="customer")` and `Invoice.customer = relationship("Customer",
//! back_populates="invoices")`.

use crate::schema::{customers, invoices};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer, order_by = invoices::id)]
pub struct Customer {
    pub id: i32,
    pub name: String,
    pub address: String,
    pub email: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = customers)]
pub struct NewCustomer<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub email: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
    pub invno: i32,
    pub amount: i32,
}

/// An invoice to insert through `customer.invoices().insert(..)`, which sets
/// `custid`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = invoices)]
pub struct NewInvoice {
    pub invno: i32,
    pub amount: i32,
}
