//! #[relations(migrations = ..)] names a directory that is not there.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { customers (id) { id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relations(migrations = "schemas/nowhere")]
pub struct Customer {
    pub id: i32,
}

fn main() {}
