//! A composite foreign key whose two columns, of different SQL types, are swapped, where the migrations' FOREIGN KEY also shows the order: one error, the type check's, not a second one for the migrations' order.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { cfk_lines (order_id, line_no) { order_id -> Integer, line_no -> BigInt, } }
diesel::table! { cfk_notes (id) { id -> Integer, order_id -> Integer, line_no -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(cfk_lines, cfk_notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cfk_lines, primary_key(order_id, line_no))]
#[relations(migrations = "schemas/uniq19_composite_types")]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i64,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cfk_notes)]
#[relations(migrations = "schemas/uniq19_composite_types")]
#[relationship(order_line: OrderLine, foreign_key = (line_no, order_id))]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i64,
}

fn main() {}
