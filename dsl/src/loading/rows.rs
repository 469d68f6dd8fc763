//! `(a, b) IN (keys)` for a composite key ([`RowIn`]), with the list bound
//! as few parameters as the backend allows:
//!
//! - SQLite: `(a, b) IN (SELECT json_extract(value, '$[0]'),
//!   json_extract(value, '$[1]') FROM json_each(?))`, the keys as one JSON
//!   array of arrays;
//! - PostgreSQL: `(a, b) IN (SELECT * FROM UNNEST(?, ?))`, one array per
//!   column;
//! - MySQL/MariaDB: `(a, b) IN ((?, ?), (?, ?), ..)`, a bind per column of
//!   each key, never cached (as [`crate::keys::KeyIn`]); callers chunk the
//!   list by [`key_chunk`].
//!
//! The keys are always bound, never written into the SQL. What each
//! backend's planner does with these forms is in `docs/performance.md`.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::rows::RowIn;
//! let conn = &mut connection();
//! let pk = (invoices::custid, invoices::id);
//! let query = invoices::table.filter(RowIn::new(pk, vec![(1, 1), (2, 3), (2, 9)])).select(invoices::id);
//! assert_eq!(query.clone().load::<i32>(conn)?, [1, 3]); // (2, 9) is no invoice
//! let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&query).to_string();
//! assert!(sql.contains("json_each(?)"), "{sql}"); // one bind, "[[1,1],[2,3],[2,9]]"
//! # Ok(())
//! # }
//! ```

use crate::keys::{JsonKey, KeyIn, KeyList};
use crate::relationship::{KeyForm, Model, OneColumn, SeveralColumns};
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::QueryResult;
use std::any::Any;
use std::cell::OnceCell;

impl KeyForm for OneColumn {
    type In<Col, K> = KeyIn<Col, K>;
    fn key_in<Col, K>(columns: Col, keys: Vec<K>) -> KeyIn<Col, K> {
        KeyIn::new(columns, keys)
    }
}

impl KeyForm for SeveralColumns {
    type In<Col, K> = RowIn<Col, K>;
    fn key_in<Col, K>(columns: Col, keys: Vec<K>) -> RowIn<Col, K> {
        RowIn::new(columns, keys)
    }
}

/// `pk IN (keys)` of model `M`'s table: [`KeyIn`] for a key of one
/// column, [`RowIn`] for a composite one.
pub type PkIn<M> = <<M as Model>::KeyForm as KeyForm>::In<
    <<M as Model>::Table as diesel::Table>::PrimaryKey,
    <M as Model>::Key,
>;

/// [`PkIn`] of `keys`.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::rows::pk_in;
/// let conn = &mut connection();
/// // Customer's key is one column: `customers.id IN (..)`, a `KeyIn`.
/// let found = customers::table.filter(pk_in::<Customer>(vec![1, 2])).select(customers::name);
/// assert_eq!(found.order_by(customers::id).load::<String>(conn)?, ["Alice", "Bob"]);
/// # Ok(())
/// # }
/// ```
pub fn pk_in<M: Model>(keys: Vec<M::Key>) -> PkIn<M> {
    let pk = diesel::Table::primary_key(&<M::Table as Default>::default());
    <M::KeyForm as KeyForm>::key_in(pk, keys)
}

/// Keys of `M` per statement on backend `DB`, `max_keys` at most: MySQL's
/// bind limit counts each column of a composite key.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() {
/// use diesel_relations::rows::key_chunk;
/// // SQLite binds the whole list as one parameter: any number of keys.
/// assert_eq!(key_chunk::<Customer, diesel::sqlite::Sqlite>(10), 10);
/// # }
/// ```
pub fn key_chunk<M: Model, DB: KeyList>(max_keys: usize) -> usize {
    if DB::MAX_KEYS == usize::MAX {
        max_keys
    } else {
        (max_keys / M::PRIMARY_KEY.len().max(1)).max(1)
    }
}

/// `(a, b, ..) IN (keys)` for a tuple of columns and a list of tuples
/// (see the module docs).
pub struct RowIn<Cols, K> {
    columns: Cols,
    keys: Vec<K>,
    /// The keys as a JSON array of arrays, made when SQLite first renders
    /// them.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    json: OnceCell<String>,
    /// The keys as one `Vec` per column, made when PostgreSQL first
    /// renders them (a tuple of `Vec`s, whose type the struct cannot name
    /// without a bound on `K`).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    split: OnceCell<Box<dyn Any + Send>>,
}

impl<Cols, K> RowIn<Cols, K> {
    /// `columns IN (keys)`, `columns` a tuple and each key a tuple of as
    /// many values.
    pub fn new(columns: Cols, keys: Vec<K>) -> Self {
        RowIn {
            columns,
            keys,
            json: OnceCell::new(),
            split: OnceCell::new(),
        }
    }
}

impl<Cols: Clone, K: Clone> Clone for RowIn<Cols, K> {
    fn clone(&self) -> Self {
        RowIn::new(self.columns.clone(), self.keys.clone())
    }
}

impl<Cols: std::fmt::Debug, K: std::fmt::Debug> std::fmt::Debug for RowIn<Cols, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowIn")
            .field("columns", &self.columns)
            .field("keys", &self.keys)
            .finish()
    }
}

impl<Cols: Expression, K> Expression for RowIn<Cols, K> {
    type SqlType = Bool;
}

impl<Cols, K, QS> AppearsOnTable<QS> for RowIn<Cols, K>
where
    Cols: AppearsOnTable<QS>,
    Self: Expression,
{
}

impl<Cols, K, QS> SelectableExpression<QS> for RowIn<Cols, K>
where
    Cols: SelectableExpression<QS>,
    Self: AppearsOnTable<QS>,
{
}

impl<Cols, K, GB> ValidGrouping<GB> for RowIn<Cols, K>
where
    Cols: ValidGrouping<GB>,
{
    type IsAggregate = Cols::IsAggregate;
}

impl<Cols, K> QueryId for RowIn<Cols, K> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// `(columns) IN (`: every backend's head.
fn head<'b, Cols, DB>(columns: &'b Cols, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
where
    DB: diesel::backend::Backend,
    Cols: QueryFragment<DB>,
{
    out.push_sql("(");
    columns.walk_ast(out.reborrow())?;
    out.push_sql(") IN (");
    Ok(())
}

macro_rules! row_in {
    ($(($($c:ident $k:ident $i:tt),+))*) => {$(
        #[cfg(feature = "sqlite")]
        impl<$($c,)+ $($k,)+> QueryFragment<diesel::sqlite::Sqlite> for RowIn<($($c,)+), ($($k,)+)>
        where
            ($($c,)+): QueryFragment<diesel::sqlite::Sqlite>,
            $($k: JsonKey,)+
        {
            fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::sqlite::Sqlite>) -> QueryResult<()> {
                let json = self.json.get_or_init(|| {
                    let mut json = String::with_capacity(self.keys.len() * 12 + 2);
                    json.push('[');
                    for (n, key) in self.keys.iter().enumerate() {
                        if n > 0 {
                            json.push(',');
                        }
                        json.push('[');
                        $(
                            if $i > 0 {
                                json.push(',');
                            }
                            key.$i.write_json(&mut json);
                        )+
                        json.push(']');
                    }
                    json.push(']');
                    json
                });
                head(&self.columns, &mut out)?;
                out.push_sql("SELECT ");
                $(
                    if $i > 0 {
                        out.push_sql(", ");
                    }
                    out.push_sql(concat!("json_extract(value, '$[", stringify!($i), "]')"));
                )+
                out.push_sql(" FROM json_each(");
                out.push_bind_param::<diesel::sql_types::Text, String>(json)?;
                out.push_sql("))");
                Ok(())
            }
        }

        #[cfg(feature = "postgres")]
        impl<$($c,)+ $($k,)+> QueryFragment<diesel::pg::Pg> for RowIn<($($c,)+), ($($k,)+)>
        where
            ($($c,)+): QueryFragment<diesel::pg::Pg>,
            $(
                $c: Expression<SqlType: diesel::sql_types::SqlType>,
                diesel::pg::Pg: diesel::sql_types::HasSqlType<$c::SqlType>,
                Vec<$k>: diesel::serialize::ToSql<diesel::sql_types::Array<$c::SqlType>, diesel::pg::Pg>,
                $k: Clone + Send + 'static,
            )+
        {
            fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
                let split = self.split.get_or_init(|| {
                    let mut split = ($(Vec::<$k>::with_capacity(self.keys.len()),)+);
                    for key in &self.keys {
                        $(split.$i.push(key.$i.clone());)+
                    }
                    Box::new(split)
                });
                let Some(split) = split.downcast_ref::<($(Vec<$k>,)+)>() else {
                    return Err(diesel::result::Error::QueryBuilderError(
                        "RowIn: the split keys are of another type".into(),
                    ));
                };
                head(&self.columns, &mut out)?;
                out.push_sql("SELECT * FROM UNNEST(");
                $(
                    if $i > 0 {
                        out.push_sql(", ");
                    }
                    out.push_bind_param::<diesel::sql_types::Array<$c::SqlType>, Vec<$k>>(&split.$i)?;
                )+
                out.push_sql("))");
                Ok(())
            }
        }

        #[cfg(feature = "mysql")]
        impl<$($c,)+ $($k,)+> QueryFragment<diesel::mysql::Mysql> for RowIn<($($c,)+), ($($k,)+)>
        where
            ($($c,)+): QueryFragment<diesel::mysql::Mysql>,
            $(
                $c: Expression,
                diesel::mysql::Mysql: diesel::sql_types::HasSqlType<$c::SqlType>,
                $k: diesel::serialize::ToSql<$c::SqlType, diesel::mysql::Mysql>,
            )+
        {
            fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::mysql::Mysql>) -> QueryResult<()> {
                // One statement text per list length: never cached.
                out.unsafe_to_cache_prepared();
                if self.keys.is_empty() {
                    out.push_sql("1=0");
                    return Ok(());
                }
                head(&self.columns, &mut out)?;
                for (n, key) in self.keys.iter().enumerate() {
                    out.push_sql(if n == 0 { "(" } else { ", (" });
                    $(
                        if $i > 0 {
                            out.push_sql(", ");
                        }
                        out.push_bind_param::<$c::SqlType, $k>(&key.$i)?;
                    )+
                    out.push_sql(")");
                }
                out.push_sql(")");
                Ok(())
            }
        }
    )*};
}

row_in!((C0 K0 0, C1 K1 1)(C0 K0 0, C1 K1 1, C2 K2 2)(C0 K0 0, C1 K1 1, C2 K2 2, C3 K3 3));

/// `(a = ? AND b = ? ..)`: one composite key, what a lazy load through a
/// composite foreign key matches its target with (the form a hand-written
/// Diesel query, `a.eq(x).and(b.eq(y))`, has, on every backend).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::rows::RowEq;
/// let conn = &mut connection();
/// let one = invoices::table.filter(RowEq::new((invoices::custid, invoices::id), (2, 3)));
/// assert_eq!(one.select(invoices::amount).load::<i32>(conn)?, [75]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct RowEq<Cols, K> {
    columns: Cols,
    key: K,
}

impl<Cols, K> RowEq<Cols, K> {
    /// `columns = key`, column by column.
    pub fn new(columns: Cols, key: K) -> Self {
        RowEq { columns, key }
    }
}

impl<Cols: Expression, K> Expression for RowEq<Cols, K> {
    type SqlType = Bool;
}

impl<Cols, K, QS> AppearsOnTable<QS> for RowEq<Cols, K>
where
    Cols: AppearsOnTable<QS>,
    Self: Expression,
{
}

impl<Cols, K, QS> SelectableExpression<QS> for RowEq<Cols, K>
where
    Cols: SelectableExpression<QS>,
    Self: AppearsOnTable<QS>,
{
}

impl<Cols, K, GB> ValidGrouping<GB> for RowEq<Cols, K>
where
    Cols: ValidGrouping<GB>,
{
    type IsAggregate = Cols::IsAggregate;
}

impl<Cols, K> QueryId for RowEq<Cols, K> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

macro_rules! row_eq {
    ($(($($c:ident $k:ident $i:tt),+))*) => {$(
        impl<DB, $($c,)+ $($k,)+> QueryFragment<DB> for RowEq<($($c,)+), ($($k,)+)>
        where
            DB: diesel::backend::Backend,
            $(
                $c: Expression + QueryFragment<DB>,
                DB: diesel::sql_types::HasSqlType<$c::SqlType>,
                $k: diesel::serialize::ToSql<$c::SqlType, DB>,
            )+
        {
            fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
                out.push_sql("(");
                $(
                    if $i > 0 {
                        out.push_sql(" AND ");
                    }
                    self.columns.$i.walk_ast(out.reborrow())?;
                    out.push_sql(" = ");
                    out.push_bind_param::<$c::SqlType, $k>(&self.key.$i)?;
                )+
                out.push_sql(")");
                Ok(())
            }
        }
    )*};
}

row_eq!((C0 K0 0, C1 K1 1)(C0 K0 0, C1 K1 1, C2 K2 2)(C0 K0 0, C1 K1 1, C2 K2 2, C3 K3 3));
