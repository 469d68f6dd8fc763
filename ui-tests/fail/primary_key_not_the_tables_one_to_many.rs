//! regions's key is code (table! and migrations), but Region has no
//! #[diesel(primary_key)], so the derive took id: Region.stores would load
//! the stores whose region_code is this region's id.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { regions (code) { code -> Integer, id -> Integer, } }
diesel::table! { stores (id) { id -> Integer, region_code -> Integer, } }

#[derive(Queryable, Selectable, Relations)]
#[diesel(table_name = regions)]
#[relations(migrations = "schemas/primary_key_not_id")]
#[relationship(stores: Vec<Store>, back_populates = region)]
pub struct Region {
    pub id: i32,
    pub code: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = stores)]
#[relations(migrations = "schemas/primary_key_not_id")]
#[relationship(region: Region, foreign_key = region_code, back_populates = stores)]
pub struct Store {
    pub id: i32,
    pub region_code: i32,
}

fn main() {}
