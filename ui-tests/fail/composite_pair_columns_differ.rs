//! A composite collection whose columns are its many-to-one's, in another
//! order: one error at the collection, naming both sides and the fix.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(notes: Vec<Note>, foreign_key = (notes::line_no, notes::order_id), back_populates = order_line)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line_no), back_populates = notes)]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

fn main() {}
