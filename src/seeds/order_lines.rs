//! Composite foreign keys (issue #20): order lines keyed by `(order_id,
//! line_no)`, and notes referencing a line by both columns, once required
//! (`Note.order_line`, paired with `OrderLine.notes`) and once optional
//! (`see_order_id, see_line_no`, nullable: `Note.see_also`, paired with
//! `OrderLine.seen_by`). The registry lists them with every column
//! (`RelationshipInfo::composite`), the diagram draws them, `verify`
//! checks them (docs/composite-keys.md).

use crate::schema::{cfk_notes, cfk_order_lines};
use diesel::prelude::*;
use diesel_relations::Relations;

/// An order line, keyed by its order and its number in the order.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cfk_order_lines, primary_key(order_id, line_no))]
#[relationship(notes: Vec<Note>, foreign_key = (cfk_notes::order_id, cfk_notes::line_no), back_populates = order_line)]
#[relationship(seen_by: Vec<Note>, foreign_key = (cfk_notes::see_order_id, cfk_notes::see_line_no), back_populates = see_also)]
pub struct OrderLine {
    pub order_id: i32,
    pub line_no: i32,
    pub item: String,
}

/// A note on one order line (required), which may point at another
/// (optional).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cfk_notes)]
#[relationship(order_line: OrderLine, foreign_key = (order_id, line_no), back_populates = notes)]
#[relationship(see_also: Option<OrderLine>, foreign_key = (see_order_id, see_line_no), back_populates = seen_by)]
pub struct Note {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
    pub see_order_id: Option<i32>,
    pub see_line_no: Option<i32>,
    pub body: String,
}
