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
//! PostgreSQL (the first `n` rows of each key, read in one pass):
//!
//! ```sql
//! SELECT <selection> FROM unnest(?) AS dr_keys(value)
//! CROSS JOIN LATERAL (SELECT <target columns> FROM target
//!                     WHERE target.fk = dr_keys.value AND <filter>
//!                     ORDER BY <order>, pk LIMIT ?) AS target
//! ORDER BY <order>, pk
//! ```
//!
//! The subqueries are ordinary Diesel `SELECT`s of the target table
//! ([`OfKey`] is their correlation); [`FirstRows`] holds both and renders
//! the one its backend runs. Inside a subquery the target's name stands for
//! the subquery's own table, so the filter and the order, which name the
//! target's columns, mean the same there as in a lazy
//! `.filter(..).order(..).limit(n)`; PostgreSQL's derived table takes the
//! target's name, so the model's `Selectable` names its columns unchanged.
//! MySQL and MariaDB do not take this form (MariaDB has no `LATERAL` and no
//! `LIMIT` in an `IN` subquery): [`KeyList::TRUNCATE_PER_PARENT`] sends
//! them the plain ordered load, the first `n` of each parent kept in Rust.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::first_rows::{FirstRows, OfKey};
//! let conn = &mut connection();
//! // The latest invoice of customers 1 and 2 (the largest id first).
//! let first = || {
//!     invoices::table
//!         .filter(OfKey::new(invoices::custid))
//!         .order((invoices::id.desc(), invoices::id))
//!         .limit(1)
//! };
//! let query = FirstRows::<invoices::table, invoices::custid, _, _, _, _, _>::new(
//!     vec![1, 2],
//!     invoices::id,
//!     first().select(invoices::id),
//!     first().select(Invoice::as_select()),
//!     Invoice::as_select(),
//!     (invoices::id.desc(), invoices::id),
//! );
//! let latest: Vec<Invoice> = query.load(conn)?;
//! assert_eq!(latest.iter().map(|i| (i.custid, i.id)).collect::<Vec<_>>(), [(1, 2), (2, 3)]);
//! # Ok(())
//! # }
//! ```

#[cfg(any(feature = "sqlite", feature = "postgres"))]
use crate::relationship::SqlTableName;
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::QueryResult;
use std::cell::OnceCell;
use std::marker::PhantomData;

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

/// The first rows of each key of `keys` in table `T` (foreign key `Fk`):
/// `ids` selects the primary keys of one key's first rows, `rows` the same
/// rows' columns (each correlated by [`OfKey`], ordered and limited), and
/// `order` is their order again, for the outer query.
pub struct FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord> {
    keys: Vec<K>,
    /// The keys as a JSON array, made when SQLite first renders them.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    json: OnceCell<String>,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pk: Pk,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    ids: Ids,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    rows: Rows,
    #[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
    selection: Sel,
    #[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
    order: Ord,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    table: T,
    key_column: PhantomData<Fk>,
}

impl<T: Default, Fk, K, Pk, Ids, Rows, Sel, Ord> FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord> {
    /// See [`FirstRows`].
    pub fn new(keys: Vec<K>, pk: Pk, ids: Ids, rows: Rows, selection: Sel, order: Ord) -> Self {
        FirstRows {
            keys,
            json: OnceCell::new(),
            pk,
            ids,
            rows,
            selection,
            order,
            table: T::default(),
            key_column: PhantomData,
        }
    }
}

impl<T, Fk, K, Pk, Ids, Rows, Sel: Expression, Ord> Query
    for FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord>
{
    type SqlType = Sel::SqlType;
}

impl<T, Fk, K, Pk, Ids, Rows, Sel, Ord> QueryId for FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<T, Fk, K, Pk, Ids, Rows, Sel, Ord, Conn> diesel::RunQueryDsl<Conn>
    for FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord>
{
}

#[cfg(feature = "sqlite")]
impl<T, Fk, K, Pk, Ids, Rows, Sel, Ord> QueryFragment<diesel::sqlite::Sqlite>
    for FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord>
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

#[cfg(feature = "postgres")]
impl<T, Fk, K, Pk, Ids, Rows, Sel, Ord> QueryFragment<diesel::pg::Pg>
    for FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord>
where
    T: SqlTableName,
    Fk: Expression,
    Fk::SqlType: diesel::sql_types::SqlType,
    diesel::pg::Pg: diesel::sql_types::HasSqlType<Fk::SqlType>,
    Vec<K>: diesel::serialize::ToSql<diesel::sql_types::Array<Fk::SqlType>, diesel::pg::Pg>,
    Rows: QueryFragment<diesel::pg::Pg>,
    Sel: QueryFragment<diesel::pg::Pg>,
    Ord: QueryFragment<diesel::pg::Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        if !T::SCHEMA.is_empty() {
            return Err(crate::ranked::named_schema::<T>());
        }
        out.push_sql("SELECT ");
        self.selection.walk_ast(out.reborrow())?;
        out.push_sql(" FROM unnest(");
        out.push_bind_param::<diesel::sql_types::Array<Fk::SqlType>, Vec<K>>(&self.keys)?;
        out.push_sql(") AS ");
        out.push_identifier(KEYS)?;
        out.push_sql("(");
        out.push_identifier(VALUE)?;
        out.push_sql(") CROSS JOIN LATERAL (");
        self.rows.walk_ast(out.reborrow())?;
        out.push_sql(") AS ");
        out.push_identifier(T::NAME)?;
        out.push_sql(" ORDER BY ");
        self.order.walk_ast(out.reborrow())?;
        Ok(())
    }
}

/// Never run: MySQL's per-parent limit is kept in Rust
/// ([`KeyList::TRUNCATE_PER_PARENT`]). Written so that one load's code
/// compiles for every backend; it says so if it is reached anyway.
#[cfg(feature = "mysql")]
impl<T, Fk, K, Pk, Ids, Rows, Sel, Ord> QueryFragment<diesel::mysql::Mysql>
    for FirstRows<T, Fk, K, Pk, Ids, Rows, Sel, Ord>
{
    fn walk_ast<'b>(&'b self, _: AstPass<'_, 'b, diesel::mysql::Mysql>) -> QueryResult<()> {
        Err(diesel::result::Error::QueryBuilderError(
            "a correlated per-parent limit is not written for MySQL/MariaDB, which keep the \
             first rows of each parent in Rust"
                .into(),
        ))
    }
}
