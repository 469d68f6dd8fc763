//! A per-parent limit in one query: the rows numbered within each parent
//! by a window function, and only the first `n` of each kept.
//!
//! ```sql
//! SELECT <selection> FROM (
//!     SELECT <target columns>, fk AS dr_source,
//!            ROW_NUMBER() OVER (PARTITION BY fk ORDER BY <order>) AS dr_row
//!     FROM target WHERE fk IN (<keys>) AND <filter>
//! ) AS target
//! WHERE dr_row <= $n ORDER BY dr_source, <within>
//! ```
//!
//! `<within>` is the place (`dr_row`, [`Place`]), or for a one-to-many the
//! order itself, which the derived table's columns can be sorted by: the
//! window's output is in that order already, so PostgreSQL sorts nothing
//! more (it would sort again by `dr_row`, a value it cannot see the order
//! of).
//!
//! The inner query is an ordinary Diesel `SELECT` (its `FROM`, `WHERE` and
//! key list are the loaders' own); [`Numbered`] adds the two columns to its
//! selection and [`Ranked`] wraps it. The derived table takes the target
//! table's name, so the model's `Selectable` columns (`"Invoice"."Total"`)
//! name its columns unchanged. The limit is a bound parameter; the window
//! function runs on SQLite >= 3.25, PostgreSQL and MariaDB >= 10.2 /
//! MySQL 8.

use crate::relationship::SqlTableName;
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::BigInt;
use diesel::QueryResult;
use std::marker::PhantomData;

/// The column of the derived table holding each row's parent key.
const SOURCE: &str = "dr_source";
/// The column holding each row's place within its parent.
const ROW: &str = "dr_row";

/// `partition AS dr_source, ROW_NUMBER() OVER (PARTITION BY partition
/// ORDER BY order) AS dr_row`: two columns of the inner selection, only
/// valid there.
#[derive(Debug, Clone, Copy)]
pub struct Numbered<P, O> {
    partition: P,
    order: O,
}

impl<P, O> Numbered<P, O> {
    /// Numbers the rows of each `partition` value in `order`.
    pub fn new(partition: P, order: O) -> Self {
        Numbered { partition, order }
    }
}

impl<P, O> Expression for Numbered<P, O> {
    type SqlType = BigInt;
}

impl<P, O, QS> AppearsOnTable<QS> for Numbered<P, O>
where
    P: AppearsOnTable<QS>,
    O: AppearsOnTable<QS>,
{
}

impl<P, O, QS> SelectableExpression<QS> for Numbered<P, O>
where
    P: SelectableExpression<QS>,
    O: AppearsOnTable<QS>,
{
}

/// A window function is computed per row, after grouping: not an
/// aggregate of the (ungrouped) inner query.
impl<P, O> ValidGrouping<()> for Numbered<P, O> {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl<P, O> QueryId for Numbered<P, O> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<P, O, DB> QueryFragment<DB> for Numbered<P, O>
where
    DB: Backend,
    P: QueryFragment<DB>,
    O: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.partition.walk_ast(out.reborrow())?;
        out.push_sql(" AS ");
        out.push_identifier(SOURCE)?;
        out.push_sql(", ROW_NUMBER() OVER (PARTITION BY ");
        self.partition.walk_ast(out.reborrow())?;
        out.push_sql(" ORDER BY ");
        self.order.walk_ast(out.reborrow())?;
        out.push_sql(") AS ");
        out.push_identifier(ROW)?;
        Ok(())
    }
}

/// The parent key of a ranked row (`dr_source`), of SQL type `ST`: what a
/// many-to-many selects beside each target, the association table being
/// out of reach of the outer query.
#[derive(Debug, Clone, Copy)]
pub struct Source<ST>(PhantomData<ST>);

impl<ST> Default for Source<ST> {
    fn default() -> Self {
        Source(PhantomData)
    }
}

impl<ST: diesel::expression::TypedExpressionType> Expression for Source<ST> {
    type SqlType = ST;
}

impl<ST> QueryId for Source<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST, DB: Backend> QueryFragment<DB> for Source<ST> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_identifier(SOURCE)
    }
}

/// A row's place within its parent (`dr_row`), as an outer order.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place;

impl<DB: Backend> QueryFragment<DB> for Place {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_identifier(ROW)
    }
}

/// `SELECT selection FROM (inner) AS table WHERE dr_row <= limit ORDER BY
/// dr_source, within`: the first `limit` rows of each parent of `inner`
/// (whose selection ends with [`Numbered`]), `T` the target table.
#[derive(Debug)]
pub struct Ranked<T, Inner, Sel, Within = Place> {
    inner: Inner,
    selection: Sel,
    limit: i64,
    within: Within,
    table: PhantomData<T>,
}

impl<T, Inner, Sel, Within> Ranked<T, Inner, Sel, Within> {
    /// See [`Ranked`].
    pub fn new(inner: Inner, selection: Sel, limit: i64, within: Within) -> Self {
        Ranked {
            inner,
            selection,
            limit,
            within,
            table: PhantomData,
        }
    }
}

impl<T, Inner, Sel: Expression, Within> Query for Ranked<T, Inner, Sel, Within> {
    type SqlType = Sel::SqlType;
}

impl<T, Inner, Sel, Within> QueryId for Ranked<T, Inner, Sel, Within> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<T, Inner, Sel, Within, Conn> diesel::RunQueryDsl<Conn> for Ranked<T, Inner, Sel, Within> {}

impl<T, Inner, Sel, Within, DB> QueryFragment<DB> for Ranked<T, Inner, Sel, Within>
where
    DB: Backend + diesel::sql_types::HasSqlType<BigInt>,
    i64: diesel::serialize::ToSql<BigInt, DB>,
    T: SqlTableName,
    Inner: QueryFragment<DB>,
    Sel: QueryFragment<DB>,
    Within: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if !T::SCHEMA.is_empty() {
            return Err(named_schema::<T>());
        }
        out.push_sql("SELECT ");
        self.selection.walk_ast(out.reborrow())?;
        out.push_sql(" FROM (");
        self.inner.walk_ast(out.reborrow())?;
        out.push_sql(") AS ");
        out.push_identifier(T::NAME)?;
        out.push_sql(" WHERE ");
        out.push_identifier(ROW)?;
        out.push_sql(" <= ");
        out.push_bind_param::<BigInt, i64>(&self.limit)?;
        out.push_sql(" ORDER BY ");
        out.push_identifier(SOURCE)?;
        out.push_sql(", ");
        self.within.walk_ast(out.reborrow())?;
        Ok(())
    }
}

/// The error of a per-parent limit on a table of a named PostgreSQL
/// schema: its columns render as `"schema"."table"."column"`, which a
/// derived table's name cannot stand for.
pub(crate) fn named_schema<T: SqlTableName>() -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(
        format!(
            "a per-parent limit cannot load `{}.{}`, a table of a named schema: load it \
             without `limit_per_parent`, or lazily with `.order(..).limit(..)`",
            T::SCHEMA,
            T::NAME
        )
        .into(),
    )
}
