//! Many-to-ones through a composite foreign key, required and optional
//! (nullable columns), of two and three columns, and their loads.
use diesel::prelude::*;
use diesel_relations::eager::{both, Eager};
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { parts (order_id, line_no, part) { order_id -> Integer, line_no -> Integer, part -> BigInt, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, see_order -> Nullable<Integer>, see_line -> Nullable<Integer>, part -> BigInt, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, parts, notes);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parts, primary_key(order_id, line_no, part))]
pub struct Part {
    pub order_id: i32,
    pub line_no: i32,
    pub part: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line_no))]
#[relationship(see_also: Option<OrderLine>, foreign_key = (see_order, see_line))]
#[relationship(of_part: Part, foreign_key = (order_id, line_no, part))]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
    pub see_order: Option<i32>,
    pub see_line: Option<i32>,
    pub part: i64,
}

#[allow(dead_code)]
fn loads(conn: &mut SqliteConnection, note: Note) -> diesel_relations::Result<()> {
    let _: OrderLine = note.order_line().get(conn)?;
    let _: Option<OrderLine> = note.see_also().get(conn)?;
    let _: Part = note.of_part().get(conn)?;
    let _ = vec![note].eager(conn, both(Note::order_line, Note::see_also))?;
    Ok(())
}

fn main() {}
