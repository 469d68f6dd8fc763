//! Two foreign keys from shipments to addresses: diesel print-schema writes
//! no joinable! for the pair, the migrations (schemas/two_foreign_keys)
//! prove both. Without one of them the case does not compile
//! (fail/two_foreign_keys_one_removed.rs).
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
#[relations(migrations = "schemas/two_foreign_keys")]
#[relationship(billed: Vec<Shipment>, back_populates = billing)]
#[relationship(shipped: Vec<Shipment>, back_populates = shipping)]
pub struct Address {
    pub id: i32,
    pub city: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = shipments)]
#[relations(migrations = "schemas/two_foreign_keys")]
#[relationship(billing: Address, foreign_key = billing_address_id, back_populates = billed)]
#[relationship(shipping: Option<Address>, foreign_key = shipping_address_id, back_populates = shipped)]
pub struct Shipment {
    pub id: i32,
    pub billing_address_id: i32,
    pub shipping_address_id: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let address = Address { id: 1, city: String::new() };
    let _: Result<Vec<Shipment>, _> = address.billed().load(conn);
    let _: Result<Vec<Shipment>, _> = address.shipped().load(conn);
    let shipment = Shipment { id: 1, billing_address_id: 1, shipping_address_id: None };
    let _: Result<Address, _> = shipment.billing().get(conn);
    let _: Result<Option<Address>, _> = shipment.shipping().get(conn);
}

fn main() {}
