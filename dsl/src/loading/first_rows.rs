//! A per-parent limit on a one-to-many by a correlated subquery per
//! parent key: the database walks the foreign key's index for each key and
//! stops at the limit, instead of numbering every child as
//! [`crate::ranked`]'s window function does.
//!
//! SQLite (no `LATERAL`: the keys joined with the target, whose primary key
//! must be among the first `n` of its key):
//!
//! ```sql
//! SELECT <selection> FROM json_each(?) AS dr_keys, target
//! WHERE (target.pk) IN (SELECT target.pk FROM target
//!                       WHERE target.fk = dr_keys.value AND <filter>
//!                       ORDER BY <order>, pk LIMIT ?)
//! ORDER BY dr_keys.key, <order>, pk
//! ```
//!
//! The subquery is an ordinary Diesel `SELECT` of the target table
//! ([`OfKey`] is its correlation). Inside it the target's name stands for
//! the subquery's own table, so the filter and the order, which name the
//! target's columns, mean the same there as in a lazy
//! `.filter(..).order(..).limit(n)`; outside, the same names are the outer
//! table's, so the outer `ORDER BY` is the same expression again.
//!
//! Written for SQLite only ([`KeyList::CORRELATED_PER_PARENT`]):
//! PostgreSQL numbers the rows with a window function, whose one pass over
//! the foreign key's index measured faster than a `LATERAL` subquery per
//! key (a nested loop of 10 000 small sorts; and unfenced, on a table not
//! yet analyzed, PostgreSQL walks the primary key's index backwards for
//! `ORDER BY id DESC LIMIT 3` and took 81 s instead of 0.14 s:
//! docs/performance.md, 2026-12-04). MySQL and MariaDB have no `LIMIT` in
//! an `IN` subquery, and MariaDB no `LATERAL`: they read the plain ordered
//! load and keep the first `n` of each parent in Rust
//! ([`KeyList::TRUNCATE_PER_PARENT`]).
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::first_rows::{FirstRows, OfKey};
//! let conn = &mut connection();
//! // The latest invoice of customers 1 and 2 (the largest id first).
//! let order = (invoices::id.desc(), invoices::id);
//! let first = invoices::table.filter(OfKey::new(invoices::custid)).order(order).limit(1);
//! let query = FirstRows::<invoices::table, _, _, _, _, _>::new(
//!     vec![1, 2],
//!     invoices::id,
//!     first.select(invoices::id),
//!     Invoice::as_select(),
//!     order,
//! );
//! let latest: Vec<Invoice> = query.load(conn)?;
//! assert_eq!(latest.iter().map(|i| (i.custid, i.id)).collect::<Vec<_>>(), [(1, 2), (2, 3)]);
//! # Ok(())
//! # }
//! ```

#[cfg(any(feature = "postgres", feature = "mysql"))]
use crate::relationship::SqlTableName;
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::QueryResult;
use std::cell::OnceCell;

#[allow(unused_imports)]
use crate::keys::KeyList;

/// The name of the key list's rows in the outer query.
const KEYS: &str = "dr_keys";
/// The column of a key in it.
const VALUE: &str = "value";

/// `fk = dr_keys.value`: the correlation of a subquery of [`FirstRows`]
/// with its parent key. Valid only inside one.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfKey<Fk>(Fk);

impl<Fk> OfKey<Fk> {
    /// The rows whose `fk` is the current parent key.
    pub fn new(fk: Fk) -> Self {
        OfKey(fk)
    }
}

impl<Fk: Expression> Expression for OfKey<Fk> {
    type SqlType = Bool;
}

impl<Fk: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for OfKey<Fk> where Self: Expression {}

impl<Fk: SelectableExpression<QS>, QS> SelectableExpression<QS> for OfKey<Fk> where
    Self: AppearsOnTable<QS>
{
}

impl<Fk: ValidGrouping<GB>, GB> ValidGrouping<GB> for OfKey<Fk> {
    type IsAggregate = Fk::IsAggregate;
}

impl<Fk> QueryId for OfKey<Fk> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Fk: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for OfKey<Fk> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(" = ");
        out.push_identifier(KEYS)?;
        out.push_sql(".");
        out.push_identifier(VALUE)
    }
}

/// The first rows of each key of `keys` in table `T`, in `order`: `ids`
/// selects the primary keys of one key's first rows (correlated by
/// [`OfKey`], ordered and limited).
pub struct FirstRows<T, K, Pk, Ids, Sel, Ord> {
    keys: Vec<K>,
    /// The keys as a JSON array, made when SQLite first renders them.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    json: OnceCell<String>,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pk: Pk,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    ids: Ids,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    selection: Sel,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    order: Ord,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    table: T,
}

impl<T: Default, K, Pk, Ids, Sel, Ord> FirstRows<T, K, Pk, Ids, Sel, Ord> {
    /// See [`FirstRows`].
    pub fn new(keys: Vec<K>, pk: Pk, ids: Ids, selection: Sel, order: Ord) -> Self {
        FirstRows {
            keys,
            json: OnceCell::new(),
            pk,
            ids,
            selection,
            order,
            table: T::default(),
        }
    }
}

impl<T, K, Pk, Ids, Sel: Expression, Ord> Query for FirstRows<T, K, Pk, Ids, Sel, Ord> {
    type SqlType = Sel::SqlType;
}

impl<T, K, Pk, Ids, Sel, Ord> QueryId for FirstRows<T, K, Pk, Ids, Sel, Ord> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<T, K, Pk, Ids, Sel, Ord, Conn> diesel::RunQueryDsl<Conn>
    for FirstRows<T, K, Pk, Ids, Sel, Ord>
{
}

#[cfg(feature = "sqlite")]
impl<T, K, Pk, Ids, Sel, Ord> QueryFragment<diesel::sqlite::Sqlite>
    for FirstRows<T, K, Pk, Ids, Sel, Ord>
where
    T: QueryFragment<diesel::sqlite::Sqlite>,
    K: crate::keys::JsonKey,
    Pk: QueryFragment<diesel::sqlite::Sqlite>,
    Ids: QueryFragment<diesel::sqlite::Sqlite>,
    Sel: QueryFragment<diesel::sqlite::Sqlite>,
    Ord: QueryFragment<diesel::sqlite::Sqlite>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::sqlite::Sqlite>) -> QueryResult<()> {
        let json = self
            .json
            .get_or_init(|| crate::keys::json_array(&self.keys));
        out.push_sql("SELECT ");
        self.selection.walk_ast(out.reborrow())?;
        out.push_sql(" FROM json_each(");
        out.push_bind_param::<diesel::sql_types::Text, String>(json)?;
        out.push_sql(") AS ");
        out.push_identifier(KEYS)?;
        out.push_sql(", ");
        // A table value: rendered like the `FROM` of Diesel's own queries.
        self.table.walk_ast(out.reborrow())?;
        out.push_sql(" WHERE (");
        self.pk.walk_ast(out.reborrow())?;
        out.push_sql(") IN (");
        self.ids.walk_ast(out.reborrow())?;
        out.push_sql(") ORDER BY ");
        out.push_identifier(KEYS)?;
        out.push_sql(".key, ");
        self.order.walk_ast(out.reborrow())?;
        Ok(())
    }
}

/// Never run: PostgreSQL numbers the rows with a window function, MySQL
/// keeps the first rows in Rust ([`KeyList::CORRELATED_PER_PARENT`]).
/// Written so that one load's code compiles for every backend; it says so
/// if it is reached anyway.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn not_written<T: SqlTableName>() -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(
        format!(
            "a correlated per-parent limit on `{}` is written for SQLite only: other backends \
             number or truncate the rows",
            T::NAME
        )
        .into(),
    )
}

#[cfg(feature = "postgres")]
impl<T: SqlTableName, K, Pk, Ids, Sel, Ord> QueryFragment<diesel::pg::Pg>
    for FirstRows<T, K, Pk, Ids, Sel, Ord>
{
    fn walk_ast<'b>(&'b self, _: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        Err(not_written::<T>())
    }
}

#[cfg(feature = "mysql")]
impl<T: SqlTableName, K, Pk, Ids, Sel, Ord> QueryFragment<diesel::mysql::Mysql>
    for FirstRows<T, K, Pk, Ids, Sel, Ord>
{
    fn walk_ast<'b>(&'b self, _: AstPass<'_, 'b, diesel::mysql::Mysql>) -> QueryResult<()> {
        Err(not_written::<T>())
    }
}
