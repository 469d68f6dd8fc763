//! Self-referential: regions's key is code (table!), but Region has no
//! #[diesel(primary_key)], so the derive took id: Region.parent and
//! Region.children would match parent_code against ids. One error, at the
//! model.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { regions (code) { code -> Integer, id -> Integer, parent_code -> Nullable<Integer>, } }

#[derive(Queryable, Selectable, Relations)]
#[diesel(table_name = regions)]
#[relations(migrations = false)]
#[relationship(parent: Option<Region>, foreign_key = parent_code, back_populates = children)]
#[relationship(children: Vec<Region>, back_populates = parent)]
pub struct Region {
    pub id: i32,
    pub code: i32,
    pub parent_code: Option<i32>,
}

fn main() {}
