//! A one-to-one through a composite foreign key with a delete cascade, and one with passive_deletes: a line's delete walks them.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { details (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::table! { seals (id) { id -> Integer, order_id -> Integer, line_no -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, details, seals);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(detail: Option<Detail>, foreign_key = (details::order_id, details::line_no), back_populates = line,
               cascade = "all, delete-orphan")]
#[relationship(seal: Option<Seal>, foreign_key = (seals::order_id, seals::line_no), back_populates = line,
               cascade = "all", passive_deletes)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = details)]
#[relationship(line: OrderLine, foreign_key = (order_id, line_no), back_populates = detail)]
pub struct Detail {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = seals)]
#[relationship(line: OrderLine, foreign_key = (order_id, line_no), back_populates = seal)]
pub struct Seal {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
}

#[allow(dead_code)]
fn deletes(conn: &mut SqliteConnection, line: OrderLine) -> diesel_relations::Result<usize> {
    diesel_relations::delete(conn, &line)
}

fn main() {}
