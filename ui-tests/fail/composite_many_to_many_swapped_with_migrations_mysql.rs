//! A composite many-to-many declared from the one-column side whose association columns to the composite target are swapped, with MySQL-style migrations (CONSTRAINT .. FOREIGN KEY inside CREATE TABLE, backticks): the migrations' FOREIGN KEY tells the order.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { cm2_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, item -> Text, } }
diesel::table! { cm2_tags (id) { id -> Integer, name -> Text, } }
diesel::table! { cm2_line_tags (order_id, line_no, tag_id) { order_id -> Integer, line_no -> Integer, tag_id -> Integer, } }
diesel::table! { cm2_other_tags (order_id, line_no, tag_id) { order_id -> Integer, line_no -> Integer, tag_id -> Integer, } }
diesel::table! { cm2_line_pairs (from_order_id, from_line_no, to_order_id, to_line_no) { from_order_id -> Integer, from_line_no -> Integer, to_order_id -> Integer, to_line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(cm2_lines, cm2_tags, cm2_line_tags, cm2_other_tags, cm2_line_pairs);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cm2_lines, primary_key(order_id, line_no))]
#[relations(migrations = "schemas/cm2_mysql")]

pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
    pub item: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cm2_tags)]
#[relations(migrations = "schemas/cm2_mysql")]
#[relationship(lines: Vec<OrderLine>, secondary = cm2_line_tags(tag_id, (line_no, order_id)))]
pub struct Tag {
    pub id: i32,
    pub name: String,
}

fn main() {}
