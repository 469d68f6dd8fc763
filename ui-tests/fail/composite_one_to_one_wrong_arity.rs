//! A composite one-to-one naming three columns for a key of two: one error at its foreign_key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { details (id) { id -> Integer, order_id -> Integer, line_no -> Integer, extra -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, details);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(detail: Option<Detail>, foreign_key = (details::order_id, details::line_no, details::extra))]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = details)]
pub struct Detail {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
    pub extra: i32,
}

fn main() {}
