//! Two foreign keys from shipments to addresses: each relationship names
//! the one it follows with `foreign_key`.

use crate::schema::{addresses, shipments};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = addresses)]
#[relationship(billed: Vec<Shipment>, back_populates = billing)]
#[relationship(shipped: Vec<Shipment>, back_populates = shipping)]
pub struct Address {
    pub id: i32,
    pub street: String,
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = shipments)]
#[relationship(billing: Address, foreign_key = billing_address_id, back_populates = billed)]
#[relationship(shipping: Option<Address>, foreign_key = shipping_address_id, back_populates = shipped)]
pub struct Shipment {
    pub id: i32,
    pub reference: String,
    pub billing_address_id: i32,
    pub shipping_address_id: Option<i32>,
}
