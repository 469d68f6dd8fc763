//! An order_by on a composite one-to-one, which holds one row: one error at the order_by, as with one column.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { details (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, details);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(detail: Option<Detail>, foreign_key = (details::order_id, details::line_no), back_populates = line,
               order_by = details::id)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = details)]
#[relationship(line: OrderLine, foreign_key = (order_id, line_no), back_populates = detail)]
pub struct Detail {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

fn main() {}
