//! The compile-time check of an `order_by`, the library's half: every
//! column it names is on the target's table or, for a many-to-many, on the
//! association table; and the types the generated code takes from that
//! answer (the order a declaration loads in, and how a many-to-many's lazy
//! loader reaches the association table's columns).
//!
//! The derive writes, for each relationship with an `order_by`, a constant
//! list of [`OrderColumn`]s, each column's table compared with the two
//! tables through [`OnTable`] (Diesel's `Column::Table`, so no migration is
//! needed), and one `const _: () = assert_order::<Marker>(..)` per column,
//! spanned at the column. When a column is elsewhere, the declaration's
//! `Order` is the target's primary key instead ([`CheckedOrder`]), so the
//! loaders still compile and the check's message is the only error.
//!
//! Nothing here is a public API.

use super::pairing::{report, Col, If, Msg, RelInfo, Shape};
use crate::relationship::{OrderBy, ThroughJoin, ThroughSubquery};
use core::marker::PhantomData;

/// One column of an `order_by`, as the derive's probes found it.
#[derive(Clone, Copy)]
pub struct OrderColumn {
    /// The column, by SQL names.
    pub col: Col,
    /// The column as written (`albums::title`).
    pub written: &'static str,
    /// Whether its Diesel table is the target's.
    pub on_target: bool,
    /// Whether its Diesel table is the association table (never, for a
    /// relationship without one).
    pub on_secondary: bool,
}

/// `OnTable::<column, table>::ON`: whether the column's Diesel table is
/// `table`. Answers `false` rather than failing to compile (through
/// [`OnTableFallback`]) when it is not.
pub struct OnTable<C, T>(PhantomData<(C, T)>);

/// The answer of [`OnTable`] when the column is not on the table.
pub trait OnTableFallback {
    const ON: bool = false;
}

impl<C, T> OnTableFallback for OnTable<C, T> {}

impl<C, T> OnTable<C, T>
where
    C: diesel::Column<Table = T>,
{
    pub const ON: bool = true;
}

/// The message for `order_by` column `at` of `me`, whose target's primary
/// key is `target_key`, or `None` when the column is where it may be.
pub const fn check_order(
    me: RelInfo,
    columns: &[OrderColumn],
    at: usize,
    target_key: Col,
) -> Option<Msg> {
    let column = columns[at];
    if column.on_target || column.on_secondary {
        return None;
    }
    let through_secondary = matches!(me.shape, Shape::ManyToMany);
    let m = Msg::new()
        .push(me.model)
        .push(".")
        .push(me.name)
        .push(": order_by names ")
        .push(column.written)
        .push(", a column of ")
        .push(column.col.table)
        .push(", but ")
        .push(me.model)
        .push(".")
        .push(me.name)
        .push(" loads ")
        .push(target_key.table)
        .push(" (")
        .push(me.target)
        .push(")");
    let m = if through_secondary {
        m.push(" through ").push(me.secondary)
    } else {
        m
    };
    let m = m.push(": order by a column of ").push(target_key.table);
    let m = if through_secondary {
        m.push(" or of the association table ").push(me.secondary)
    } else {
        m
    };
    Some(
        m.push(", such as ")
            .push(target_key.table)
            .push(".")
            .push(target_key.column),
    )
}

/// `order_by` column `at`: see `check_order`.
#[track_caller]
pub const fn assert_order<R: crate::relationship::Relationship>(
    columns: &[OrderColumn],
    at: usize,
    target_key: Col,
) {
    report(check_order(R::INFO, columns, at, target_key))
}

/// `order_by` column `at` of a collection through a composite foreign key
/// (`Model.name` to `target`), whose marker carries no pair facts: the
/// same check and message as [`assert_order`], the names given.
#[track_caller]
pub const fn assert_row_order(
    model: &'static str,
    name: &'static str,
    target: &'static str,
    columns: &[OrderColumn],
    at: usize,
    target_key: Col,
) {
    let me = RelInfo::unresolved(model, name, target, "");
    report(check_order(me, columns, at, target_key))
}

/// Whether every column is on the target's or the association table, for
/// [`CheckedOrder`].
pub const fn order_ok(columns: &[OrderColumn]) -> bool {
    let mut i = 0;
    while i < columns.len() {
        if !columns[i].on_target && !columns[i].on_secondary {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether the order (checked) names a column of the association table, so
/// that lazy loading must join it ([`LoadThrough`]).
pub const fn order_on_secondary(columns: &[OrderColumn]) -> bool {
    if !order_ok(columns) {
        return false;
    }
    let mut i = 0;
    while i < columns.len() {
        if columns[i].on_secondary {
            return true;
        }
        i += 1;
    }
    false
}

/// `<If<{ order_ok(..) }> as CheckedOrder<Declared, Fallback>>::Order`: the
/// declared order where the check passes, the fallback (the primary key)
/// where it does not, so that only the check's message is an error.
pub trait CheckedOrder<O, F> {
    /// The order the declaration loads in.
    type Order: OrderBy;
}

impl<O: OrderBy, F> CheckedOrder<O, F> for If<true> {
    type Order = O;
}

impl<O, F: OrderBy> CheckedOrder<O, F> for If<false> {
    type Order = F;
}

/// `<If<{ order_on_secondary(..) }> as LoadThrough>::Form`: how a
/// many-to-many's lazy loader reaches its targets.
pub trait LoadThrough {
    /// [`ThroughJoin`] where the order names an association table column,
    /// else [`ThroughSubquery`].
    type Form;
}

impl LoadThrough for If<true> {
    type Form = ThroughJoin;
}

impl LoadThrough for If<false> {
    type Form = ThroughSubquery;
}
