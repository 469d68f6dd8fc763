//! Joins along a relationship: the `ON` clause for Diesel's own
//! `inner_join` and `left_join`.
//!
//! [`join`] gives the related table with the relationship's condition
//! ([`Correlated`]) as Diesel's `OnClauseWrapper`, what
//! `table.on(condition)` gives: `customers::table.inner_join(..)` then is
//! Diesel's join type, whose columns `select`, `filter`, `order_by` and
//! `group_by` take as in any Diesel join (a left join's as `.nullable()`).
//! A many-to-many's related side is the target joined with the association
//! table, so the join reaches the target through it. Diesel allows a table
//! once per query: a self-referential relationship, or two relationships
//! into one table, need an alias, which this does not give yet.

use crate::querying::correlate::Correlated;
use diesel::JoinOnDsl;

/// `related ON link`: the right-hand side of a join from the source's table.
pub type JoinOn<H> = diesel::dsl::On<<H as Correlated>::Related, <H as Correlated>::Link>;

/// See [`JoinOn`].
pub fn join<H>() -> JoinOn<H>
where
    H: Correlated<Related: JoinOnDsl>,
{
    H::related().on(H::link())
}
