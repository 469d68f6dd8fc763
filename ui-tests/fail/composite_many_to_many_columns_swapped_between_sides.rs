//! A composite many-to-many whose two sides list the composite columns in
//! different orders (both of one type, so each side alone type-checks).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { tags (id) { id -> Integer, } }
diesel::table! { line_tags (order_id, line_no, tag_id) { order_id -> Integer, line_no -> Integer, tag_id -> Integer, extra -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, tags, line_tags);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(tags: Vec<Tag>, secondary = line_tags((order_id, line_no), tag_id), back_populates = lines)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tags)]
#[relationship(lines: Vec<OrderLine>, secondary = line_tags(tag_id, (line_no, order_id)), back_populates = tags)]
pub struct Tag {
    pub id: i32,
}

fn main() {}
