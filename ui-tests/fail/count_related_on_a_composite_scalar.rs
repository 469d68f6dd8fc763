//! `count_related` counts a collection's rows per parent, through a
//! composite key too: the many-to-one `Note.order_line` (`foreign_key =
//! (order_id, line_no)`) has one target, and the message says to count
//! from the other side, one error.
use diesel::prelude::*;
use diesel_relations::{CountRelated, Relations};

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, see_order -> Nullable<Integer>, see_line -> Nullable<Integer>, part -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line_no))]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
    pub see_order: Option<i32>,
    pub see_line: Option<i32>,
    pub part: i64,
}

fn main() {
    let conn = &mut SqliteConnection::establish(":memory:").unwrap();
    let notes: Vec<Note> = Vec::new();
    let _ = notes.count_related(conn, Note::order_line);
}
