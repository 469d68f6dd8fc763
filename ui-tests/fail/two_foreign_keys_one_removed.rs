//! pass/two_foreign_keys_from_migrations.rs over
//! schemas/two_foreign_keys_one_removed, where shipping_address_id lost its
//! FOREIGN KEY: billing is still proven, shipping is not.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { addresses (id) { id -> Integer, city -> Text, } }
diesel::table! {
    shipments (id) {
        id -> Integer,
        billing_address_id -> Integer,
        shipping_address_id -> Nullable<Integer>,
    }
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = addresses)]
#[relations(migrations = "schemas/two_foreign_keys_one_removed")]
#[relationship(billed: Vec<Shipment>, back_populates = billing)]
#[relationship(shipped: Vec<Shipment>, back_populates = shipping)]
pub struct Address {
    pub id: i32,
    pub city: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = shipments)]
#[relations(migrations = "schemas/two_foreign_keys_one_removed")]
#[relationship(billing: Address, foreign_key = billing_address_id, back_populates = billed)]
#[relationship(shipping: Option<Address>, foreign_key = shipping_address_id, back_populates = shipped)]
pub struct Shipment {
    pub id: i32,
    pub billing_address_id: i32,
    pub shipping_address_id: Option<i32>,
}

fn main() {}
