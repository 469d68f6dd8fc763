//! A collection whose composite foreign key names one column fewer than the key of the model it is on, (order_id, line_no, part).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no, part) { order_id -> Integer, line_no -> Integer, part -> Integer, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no, part))]
#[relationship(notes: Vec<Note>, foreign_key = (notes::order_id, notes::line_no))]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
    pub part: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

fn main() {}
