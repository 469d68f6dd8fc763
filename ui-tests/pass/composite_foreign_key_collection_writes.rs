//! A collection through a composite foreign key with a cascade, an
//! `order_by` and `passive_deletes`; a child field renamed with
//! `#[diesel(column_name = ..)]` under the key; a parent's delete and the
//! collection's `remove` (the delete walks the collection).
use diesel::prelude::*;
use diesel_relations::eager::Eager;
use diesel_relations::Relations;

diesel::table! { order_lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
diesel::table! { notes (id) { id -> Integer, order_id -> Integer, line_no -> Integer, pos -> Integer, } }
diesel::table! { audits (id) { id -> Integer, order_id -> Nullable<Integer>, line_no -> Nullable<Integer>, } }
diesel::allow_tables_to_appear_in_same_query!(order_lines, notes, audits);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = order_lines, primary_key(order_id, line_no))]
#[relationship(notes: Vec<Note>, foreign_key = (notes::order_id, notes::line_no), back_populates = order_line,
               cascade = "all, delete-orphan", order_by = (notes::pos.desc(), notes::id))]
#[relationship(audits: Vec<Audit>, foreign_key = (audits::order_id, audits::line_no), back_populates = order_line)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line), back_populates = notes)]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    #[diesel(column_name = line_no)]
    pub line: i32,
    pub pos: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = audits)]
#[relationship(order_line: Option<OrderLine>, foreign_key = (order_id, line_no), back_populates = audits)]
pub struct Audit {
    pub id: i32,
    pub order_id: Option<i32>,
    pub line_no: Option<i32>,
}

#[allow(dead_code)]
fn writes(conn: &mut SqliteConnection, line: OrderLine, note: Note, audit: Audit) -> diesel_relations::Result<()> {
    let _: Vec<Note> = line.notes().load(conn)?;
    let _ = vec![line.clone()].eager(conn, OrderLine::notes)?;
    let _: bool = line.notes().remove(conn, &note)?;
    let _: bool = line.audits().remove(conn, &audit)?;
    let _: usize = diesel_relations::delete(conn, &line)?;
    Ok(())
}

fn main() {}
