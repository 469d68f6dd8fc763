//! One-to-one and many-to-many through composite keys (issue #20), on the
//! order lines of [`super::order_lines`], keyed by `(order_id, line_no)`:
//!
//! - `LinkedLine.detail: Option<LineDetail>`, the side without the key of
//!   a one-to-one: `cfk_line_details (order_id, line_no)` UNIQUE, paired
//!   with `LineDetail.line`;
//! - `LinkedLine.tags: Vec<Tag>` through `cfk_line_tags((order_id,
//!   line_no), tag_id)`, a composite key on one side, paired with
//!   `Tag.lines`, whose association columns are written the other way
//!   round;
//! - `LinkedLine.follows: Vec<LinkedLine>` through
//!   `cfk_line_pairs((from_order_id, from_line_no), (to_order_id,
//!   to_line_no))`, composite on both sides, and its reverse
//!   `LinkedLine.followed_by`.
//!
//! `LinkedLine` is a second model of `cfk_order_lines`, beside
//! `order_lines::OrderLine`. The registry lists these relationships with
//! every column, the diagram draws them, `verify` checks them
//! (docs/composite-keys.md).

use crate::schema::{cfk_line_details, cfk_line_pairs, cfk_line_tags, cfk_order_lines, cfk_tags};
use diesel::prelude::*;
use diesel_relations::Relations;

/// An order line, with its detail, its tags and the lines it follows.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cfk_order_lines, primary_key(order_id, line_no))]
#[relationship(detail: Option<LineDetail>, foreign_key = (cfk_line_details::order_id, cfk_line_details::line_no), back_populates = line)]
#[relationship(tags: Vec<Tag>, secondary = cfk_line_tags((order_id, line_no), tag_id), back_populates = lines)]
#[relationship(follows: Vec<LinkedLine>, secondary = cfk_line_pairs((from_order_id, from_line_no), (to_order_id, to_line_no)), back_populates = followed_by)]
#[relationship(followed_by: Vec<LinkedLine>, secondary = cfk_line_pairs((to_order_id, to_line_no), (from_order_id, from_line_no)), back_populates = follows)]
pub struct LinkedLine {
    pub order_id: i32,
    pub line_no: i32,
    pub item: String,
}

/// At most one per line: its two key columns are UNIQUE together.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cfk_line_details)]
#[relationship(line: LinkedLine, foreign_key = (order_id, line_no), back_populates = detail)]
pub struct LineDetail {
    pub id: i32,
    pub order_id: i32,
    pub line_no: i32,
    pub detail: String,
}

/// A tag, keyed by one column, on many lines.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cfk_tags)]
#[relationship(lines: Vec<LinkedLine>, secondary = cfk_line_tags(tag_id, (order_id, line_no)), back_populates = tags)]
pub struct Tag {
    pub id: i32,
    pub name: String,
}
