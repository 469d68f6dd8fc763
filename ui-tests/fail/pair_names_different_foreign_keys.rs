//! The collection names a foreign key and so does its scalar, but not the
//! same one.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { addresses (id) { id -> Integer, } }
diesel::table! {
    shipments (id) {
        id -> Integer,
        billing_address_id -> Integer,
        shipping_address_id -> Nullable<Integer>,
    }
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = addresses)]
#[relationship(billed: Vec<Shipment>, foreign_key = shipments::shipping_address_id, back_populates = billing)]
pub struct Address {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = shipments)]
#[relationship(billing: Address, foreign_key = billing_address_id, back_populates = billed)]
pub struct Shipment {
    pub id: i32,
    pub billing_address_id: i32,
    pub shipping_address_id: Option<i32>,
}

fn main() {}
