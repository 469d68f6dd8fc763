//! A composite many-to-many whose other side lists the composite columns
//! swapped, where the migrations say which side is right: the wrong side's
//! migrations error is the one error, not the pair check's too.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { cm2_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, item -> Text, } }
diesel::table! { cm2_tags (id) { id -> Integer, name -> Text, } }
diesel::table! { cm2_line_tags (order_id, line_no, tag_id) { order_id -> Integer, line_no -> Integer, tag_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(cm2_lines, cm2_tags, cm2_line_tags);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cm2_lines, primary_key(order_id, line_no))]
#[relations(migrations = "schemas/cm2_sqlite")]
#[relationship(tags: Vec<Tag>, secondary = cm2_line_tags((order_id, line_no), tag_id), back_populates = lines)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
    pub item: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cm2_tags)]
#[relations(migrations = "schemas/cm2_sqlite")]
#[relationship(lines: Vec<OrderLine>, secondary = cm2_line_tags(tag_id, (line_no, order_id)), back_populates = tags)]
pub struct Tag {
    pub id: i32,
    pub name: String,
}

fn main() {}
