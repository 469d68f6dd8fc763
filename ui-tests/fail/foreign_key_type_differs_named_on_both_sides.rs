//! Both sides of a pair name the foreign key, stores.region_id, a BigInt
//! while regions.id is an Integer: one mistake, reported once, by the
//! scalar.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { regions (id) { id -> Integer, } }
diesel::table! { stores (id) { id -> Integer, region_id -> BigInt, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = regions)]
#[relationship(stores: Vec<Store>, foreign_key = stores::region_id, back_populates = region)]
pub struct Region {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = stores)]
#[relationship(region: Region, foreign_key = region_id, back_populates = stores)]
pub struct Store {
    pub id: i32,
    pub region_id: i64,
}

fn main() {}
