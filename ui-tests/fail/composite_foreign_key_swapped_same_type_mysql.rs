//! A composite foreign key whose two columns, of one SQL type, are swapped, with MySQL migrations (backticks, KEY inside CREATE TABLE, ENGINE=InnoDB): the migrations' FOREIGN KEY tells the order.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { cfk_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, item -> Text, } }
diesel::table! { cfk_others (a, b) { a -> Integer, b -> Integer, } }
diesel::table! { cfk_notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, see_order_id -> Nullable<Integer>, see_line_no -> Nullable<Integer>, other_a -> Integer, other_b -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(cfk_lines, cfk_others, cfk_notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cfk_lines, primary_key(order_id, line_no))]
#[relations(migrations = "schemas/composite_mysql")]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
    pub item: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cfk_notes)]
#[relations(migrations = "schemas/composite_mysql")]
#[relationship(order_line: OrderLine, foreign_key = (line_no, order_id))]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
    pub see_order_id: Option<i32>,
    pub see_line_no: Option<i32>,
    pub other_a: i32,
    pub other_b: i32,
}

fn main() {}
