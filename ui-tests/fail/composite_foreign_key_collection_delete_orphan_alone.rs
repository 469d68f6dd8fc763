//! `delete-orphan` without `delete` on a composite collection.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(notes: Vec<Note>, foreign_key = (notes::order_id, notes::line_no), back_populates = order_line, cascade = "delete-orphan")]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line_no), back_populates = notes)]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

fn main() {}
