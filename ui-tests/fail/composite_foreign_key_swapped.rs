//! A composite foreign key written in the other order than the key it references, whose columns' types tell the two apart.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> BigInt, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i64,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (line_no, order_id))]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i64,
}

fn main() {}
