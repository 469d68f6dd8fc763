//! A mistake in a pair written with `Self`: the message names the model.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { employees (id) { id -> Integer, name -> Text, reports_to -> Nullable<Integer>, } }

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relations(migrations = "schemas/self_referential")]
#[relationship(manager: Option<Self>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Self>, back_populates = manger)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}

fn main() {}
