//! Cascades through composite foreign keys (issue #20): orders keyed by
//! `(region, number)`, whose lines go with them and with their removal
//! (`CascadeOrder.lines`, `cascade = "all, delete-orphan"`, ordered by
//! position, the line's `number` column read into a field of another
//! name), whose lines' marks go one level further down (a one-column
//! cascade), and whose logs the database deletes itself
//! (`CascadeOrder.logs`, `passive_deletes`, ON DELETE CASCADE). Their
//! composite relationships are not in the registry or the diagram yet
//! (docs/composite-keys.md), their models are.

use crate::schema::{ccs_lines, ccs_logs, ccs_marks, ccs_orders};
use diesel::prelude::*;
use diesel_relations::Relations;

/// An order, keyed by its region and its number there.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = ccs_orders, primary_key(region, number))]
#[relationship(lines: Vec<CascadeLine>, foreign_key = (ccs_lines::region, ccs_lines::number), back_populates = order,
               cascade = "all, delete-orphan", order_by = (ccs_lines::pos.desc(), ccs_lines::id))]
#[relationship(logs: Vec<OrderLog>, foreign_key = (ccs_logs::region, ccs_logs::number), back_populates = order,
               cascade = "all", passive_deletes)]
pub struct CascadeOrder {
    pub region: i32,
    pub number: i32,
    pub label: String,
}

/// A line of an order; its `number` column is the field `order_no`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = ccs_lines)]
#[relationship(order: CascadeOrder, foreign_key = (region, order_no), back_populates = lines)]
#[relationship(marks: Vec<LineMark>, back_populates = line, cascade = "all")]
pub struct CascadeLine {
    pub id: i32,
    pub region: i32,
    #[diesel(column_name = number)]
    pub order_no: i32,
    pub pos: i32,
    pub body: String,
}

/// A mark on one line.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = ccs_marks)]
#[relationship(line: CascadeLine, foreign_key = line_id, back_populates = marks)]
pub struct LineMark {
    pub id: i32,
    pub line_id: i32,
    pub tag: String,
}

/// A log entry of an order, deleted by the database with it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = ccs_logs)]
#[relationship(order: CascadeOrder, foreign_key = (region, number), back_populates = logs)]
pub struct OrderLog {
    pub id: i32,
    pub region: i32,
    pub number: i32,
    pub entry: String,
}
