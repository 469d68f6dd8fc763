//! A composite foreign key of one column fewer than the key it references: OrderLine is keyed by (order_id, line_no, part).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no, part) { order_id -> Integer, line_no -> Integer, part -> Integer, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no, part))]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
    pub part: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line_no))]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

fn main() {}
