//! regions's table! key is code, but Region has no #[diesel(primary_key)],
//! so the derive took id: Store.region would join stores.region_code to
//! code while reading Region's id. Checked from the Diesel schema alone.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { regions (code) { code -> Integer, id -> Integer, } }
diesel::table! { stores (id) { id -> Integer, region_code -> Integer, } }

#[derive(Queryable, Selectable, Relations)]
#[diesel(table_name = regions)]
#[relations(migrations = false)]
pub struct Region {
    pub id: i32,
    pub code: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = stores)]
#[relations(migrations = false)]
#[relationship(region: Region, foreign_key = region_code)]
pub struct Store {
    pub id: i32,
    pub region_code: i32,
}

fn main() {}
