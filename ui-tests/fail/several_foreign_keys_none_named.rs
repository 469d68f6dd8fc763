//! shipments has two foreign keys to addresses; the collection names
//! neither.
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
#[relationship(shipments: Vec<Shipment>)]
pub struct Address {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = shipments)]
pub struct Shipment {
    pub id: i32,
    pub billing_address_id: i32,
    pub shipping_address_id: Option<i32>,
}

fn main() {}
