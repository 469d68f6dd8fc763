//! `column IN (keys)` for batched loads, with the list bound as ONE
//! parameter where the backend can take it:
//!
//! - SQLite: `column IN (SELECT value FROM json_each(?))`, the keys as a
//!   JSON array: no bind limit (SQLite's is 32766), and one statement text
//!   whatever the number of keys, so the prepared statement is reused
//!   (JSON is built into SQLite since 3.38, and into the bundled SQLite);
//! - PostgreSQL: `column = ANY(?)`, the keys as one array (measured here:
//!   10 000 keys over 100 000 rows, ordered, 10 ms against 12.5 ms for the
//!   same list as `IN (..)`, before the cost of 10 000 binds);
//! - MySQL/MariaDB: `column IN (?, ?, ..)`, one bind per key, so callers
//!   chunk under its 65535 binds ([`KeyList::MAX_KEYS`]) and under
//!   `max_allowed_packet` ([`KeyList::MAX_BYTES`]); [`chunks`] does both.
//!   The statement text changes with the number of keys, so it is marked
//!   unsafe to cache, as Diesel's own `eq_any` is: a cached statement per
//!   list length would pile up on the server, whose
//!   `max_prepared_stmt_count` is shared by every connection.
//!
//! The keys are always bound, never written into the SQL.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::keys::KeyIn;
//! let conn = &mut connection();
//! let query = invoices::table.filter(KeyIn::new(invoices::custid, vec![2, 7])).select(invoices::id);
//! assert_eq!(query.clone().load::<i32>(conn)?, [3]);
//! let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&query).to_string();
//! assert!(sql.contains("json_each(?)"), "{sql}");   // one bind, "[2,7]"
//! # Ok(())
//! # }
//! ```

use crate::exec::{Blocking, Connected, Db, Load};
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::QueryResult;
use std::cell::OnceCell;
use std::future::Future;

/// `column IN (keys)`, rendered per backend (see the module docs).
#[derive(Debug, Clone)]
pub struct KeyIn<Col, K> {
    column: Col,
    keys: Vec<K>,
    /// The keys as a JSON array, made when SQLite first renders them.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    json: OnceCell<String>,
}

impl<Col, K> KeyIn<Col, K> {
    /// `column IN (keys)`.
    pub fn new(column: Col, keys: Vec<K>) -> Self {
        KeyIn {
            column,
            keys,
            json: OnceCell::new(),
        }
    }
}

/// A backend's way with batched loads: how many keys one statement may
/// carry, and which order its planner delivers cheaply.
pub trait KeyList: Backend {
    /// Keys per statement: `usize::MAX` where the list is one parameter.
    const MAX_KEYS: usize;
    /// Bytes of keys per statement, as [`chunks`] estimates them:
    /// `usize::MAX` where the backend has no limit a key list could reach.
    const MAX_BYTES: usize;
    /// Whether children load fastest ordered by their foreign key first
    /// (`ORDER BY fk, order_by`): SQLite walks the foreign key's index and
    /// sorts nothing. MySQL and PostgreSQL scan the table for a long key list
    /// and sort less with `ORDER BY order_by` alone (measured by the
    /// benchmark: 1.43 vs 1.10 on SQLite, 0.98 vs 2.21 on MariaDB).
    const KEY_FIRST: bool;
    /// Whether a collection's children, when their order is the target's
    /// integer key (no `order_by`), load faster unordered and put in key
    /// order in Rust (`key_order`). PostgreSQL 15 cannot read
    /// `fk = ANY($1)` off an index in key order: it sorts every child, on
    /// disk under the default `work_mem` (docs/performance.md, 2026-12-04,
    /// the children's order on PostgreSQL).
    const SORT_IN_RUST: bool;
    /// Whether a per-parent limit (`limit_per_parent`) reads every child
    /// in order and keeps each parent's first `n` in Rust (a one-to-many's
    /// as they stream in, a many-to-many's after grouping), rather than
    /// asking for the first `n` of each key by a correlated subquery
    /// ([`crate::first_rows`]) or a window function ([`crate::ranked`]). MariaDB has neither `LATERAL` nor
    /// a `LIMIT` in an `IN` subquery, and materializes a window function's
    /// derived table whole: 3.39x the hand-written load and truncation
    /// there (docs/performance.md, 2026-12-04).
    const TRUNCATE_PER_PARENT: bool;
    /// Whether that limit, when not kept in Rust, asks for each key's first
    /// `n` by a correlated subquery ([`crate::first_rows`]; SQLite, where
    /// it walks the foreign key's index and stops at `n`) rather than
    /// numbering every child with a window function ([`crate::ranked`];
    /// PostgreSQL, where a `LATERAL` subquery per key measured slower:
    /// docs/performance.md, 2026-12-04).
    const CORRELATED_PER_PARENT: bool;
}

#[cfg(feature = "sqlite")]
impl KeyList for diesel::sqlite::Sqlite {
    const MAX_KEYS: usize = usize::MAX;
    const MAX_BYTES: usize = usize::MAX;
    const KEY_FIRST: bool = true;
    const SORT_IN_RUST: bool = false;
    const TRUNCATE_PER_PARENT: bool = false;
    const CORRELATED_PER_PARENT: bool = true;
}

#[cfg(feature = "postgres")]
impl KeyList for diesel::pg::Pg {
    const MAX_KEYS: usize = usize::MAX;
    const MAX_BYTES: usize = usize::MAX;
    const KEY_FIRST: bool = false;
    const SORT_IN_RUST: bool = true;
    const TRUNCATE_PER_PARENT: bool = false;
    const CORRELATED_PER_PARENT: bool = false;
}

#[cfg(feature = "mysql")]
impl KeyList for diesel::mysql::Mysql {
    /// Under MySQL's 65535 placeholders, with room to spare.
    const MAX_KEYS: usize = 65_000;
    /// Under `max_allowed_packet`, which a statement's binds travel in (one
    /// packet): 1 MiB, a quarter of the smallest default among the servers
    /// in use (MySQL 5.7's 4 MiB; MariaDB's is 16 MiB, MySQL 8's 64 MiB),
    /// so a server configured lower than its default still takes it. At
    /// this size a statement's own cost is small against its keys'.
    const MAX_BYTES: usize = 1 << 20;
    const KEY_FIRST: bool = false;
    const SORT_IN_RUST: bool = false;
    const TRUNCATE_PER_PARENT: bool = true;
    const CORRELATED_PER_PARENT: bool = false;
}

/// `keys` in runs a statement of backend `DB` can carry: at most
/// `max_keys` keys (the caller passes [`KeyList::MAX_KEYS`] or a test's
/// smaller override) and at most [`KeyList::MAX_BYTES`] bytes of them, as
/// their `Debug` form measures them (quotes and escapes make it an
/// overestimate for text, which errs on the safe side). Never an empty run;
/// a key larger than the whole budget goes alone.
pub fn chunks<DB: KeyList, K: std::fmt::Debug>(
    keys: &[K],
    max_keys: usize,
) -> impl Iterator<Item = &[K]> {
    let max_keys = max_keys.max(1);
    let mut rest = keys;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(max_keys);
        if DB::MAX_BYTES != usize::MAX {
            let mut bytes = 0usize;
            for (i, key) in rest[..end].iter().enumerate() {
                // A bind's own framing (type, length) on top of the value.
                bytes += debug_len(key) + 4;
                if bytes > DB::MAX_BYTES && i > 0 {
                    end = i;
                    break;
                }
            }
        }
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

/// The length of `key`'s `Debug` form, without allocating it.
pub(crate) fn debug_len<K: std::fmt::Debug>(key: &K) -> usize {
    struct Count(usize);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = std::fmt::Write::write_fmt(&mut count, format_args!("{key:?}"));
    count.0
}

/// A key type SQLite's batched loads can send as JSON: integers and text.
pub trait JsonKey {
    /// Appends the key as a JSON value.
    fn write_json(&self, out: &mut String);
}

macro_rules! json_integer {
    ($($t:ty),*) => {$(
        impl JsonKey for $t {
            fn write_json(&self, out: &mut String) {
                use std::fmt::Write;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

json_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl JsonKey for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out)
    }
}

impl JsonKey for &str {
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for ch in self.chars() {
            match ch {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    use std::fmt::Write;
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl<Col: Expression, K> Expression for KeyIn<Col, K> {
    type SqlType = Bool;
}

impl<Col, K, QS> AppearsOnTable<QS> for KeyIn<Col, K>
where
    Col: AppearsOnTable<QS>,
    Self: Expression,
{
}

impl<Col, K, QS> SelectableExpression<QS> for KeyIn<Col, K>
where
    Col: SelectableExpression<QS>,
    Self: AppearsOnTable<QS>,
{
}

impl<Col, K, GB> ValidGrouping<GB> for KeyIn<Col, K>
where
    Col: ValidGrouping<GB>,
{
    type IsAggregate = Col::IsAggregate;
}

impl<Col, K> QueryId for KeyIn<Col, K> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

#[cfg(feature = "sqlite")]
impl<Col, K> QueryFragment<diesel::sqlite::Sqlite> for KeyIn<Col, K>
where
    Col: QueryFragment<diesel::sqlite::Sqlite>,
    K: JsonKey,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::sqlite::Sqlite>) -> QueryResult<()> {
        let json = self.json.get_or_init(|| json_array(&self.keys));
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<diesel::sql_types::Text, String>(json)?;
        out.push_sql("))");
        Ok(())
    }
}

#[cfg(feature = "postgres")]
impl<Col, K> QueryFragment<diesel::pg::Pg> for KeyIn<Col, K>
where
    Col: Expression + QueryFragment<diesel::pg::Pg>,
    Col::SqlType: diesel::sql_types::SqlType,
    diesel::pg::Pg: diesel::sql_types::HasSqlType<Col::SqlType>,
    Vec<K>: diesel::serialize::ToSql<diesel::sql_types::Array<Col::SqlType>, diesel::pg::Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<diesel::sql_types::Array<Col::SqlType>, Vec<K>>(&self.keys)?;
        out.push_sql(")");
        Ok(())
    }
}

#[cfg(feature = "mysql")]
impl<Col, K> QueryFragment<diesel::mysql::Mysql> for KeyIn<Col, K>
where
    Col: Expression + QueryFragment<diesel::mysql::Mysql>,
    diesel::mysql::Mysql: diesel::sql_types::HasSqlType<Col::SqlType>,
    K: diesel::serialize::ToSql<Col::SqlType, diesel::mysql::Mysql>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::mysql::Mysql>) -> QueryResult<()> {
        // One statement text per list length: never cached (see the
        // module docs).
        out.unsafe_to_cache_prepared();
        if self.keys.is_empty() {
            out.push_sql("1=0");
            return Ok(());
        }
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                out.push_sql(", ");
            }
            out.push_bind_param::<Col::SqlType, K>(key)?;
        }
        out.push_sql(")");
        Ok(())
    }
}

/// `SELECT column, k.i FROM table JOIN (keys) AS k ON column = k.v`: each
/// stored value of `column` with the place in the list of each key it
/// equals in the column's own collation, as the database compares them (lazy loading's
/// `column = key`). Eager loading groups rows in Rust by exact equality and
/// asks this only where a row matched no key exactly: a case-insensitive
/// collation (MariaDB's default, SQLite's `NOCASE`, a PostgreSQL
/// nondeterministic one) or MariaDB's trailing-space rule. One row per
/// matching row of the table, no `DISTINCT`: under such a collation
/// `DISTINCT` would fold the very values told apart here.
///
/// The list is one parameter on SQLite (`json_each(?)`) and PostgreSQL
/// (`unnest(?)`), a derived table of one bind per key on MySQL/MariaDB
/// (never cached, as [`KeyIn`]).
pub struct KeyMatch<Col: diesel::Column, K> {
    column: Col,
    table: Col::Table,
    keys: Vec<K>,
    /// `0..keys.len()`, bound on MySQL with each key.
    #[cfg_attr(not(feature = "mysql"), allow(dead_code))]
    indexes: Vec<i64>,
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    json: OnceCell<String>,
}

impl<Col: diesel::Column, K> KeyMatch<Col, K>
where
    Col::Table: Default,
{
    /// The matches of `keys` in `column`.
    pub fn new(column: Col, keys: Vec<K>) -> Self {
        KeyMatch {
            column,
            table: Col::Table::default(),
            indexes: (0..keys.len() as i64).collect(),
            keys,
            json: OnceCell::new(),
        }
    }
}

/// A column's SQL type without `Nullable`: the join never matches NULL.
type NotNull<Col> =
    <<Col as Expression>::SqlType as diesel::sql_types::IntoNotNullable>::NotNullable;

impl<Col, K> diesel::query_builder::Query for KeyMatch<Col, K>
where
    Col: diesel::Column,
    Col::SqlType: diesel::sql_types::IntoNotNullable,
    NotNull<Col>: diesel::sql_types::SqlType + diesel::expression::TypedExpressionType,
{
    type SqlType = (NotNull<Col>, diesel::sql_types::BigInt);
}

impl<Col: diesel::Column, K> QueryId for KeyMatch<Col, K> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Col: diesel::Column, K, Conn> diesel::RunQueryDsl<Conn> for KeyMatch<Col, K> {}

/// `SELECT column, ` .. ` FROM table JOIN `: the part every backend shares.
fn match_head<'b, Col, K, DB>(
    this: &'b KeyMatch<Col, K>,
    out: &mut AstPass<'_, 'b, DB>,
) -> QueryResult<()>
where
    DB: Backend,
    Col: diesel::Column + QueryFragment<DB>,
    Col::Table: QueryFragment<DB>,
{
    out.push_sql("SELECT ");
    this.column.walk_ast(out.reborrow())?;
    out.push_sql(", k.i FROM ");
    this.table.walk_ast(out.reborrow())?;
    out.push_sql(" JOIN ");
    Ok(())
}

#[cfg(feature = "sqlite")]
impl<Col, K> QueryFragment<diesel::sqlite::Sqlite> for KeyMatch<Col, K>
where
    Col: diesel::Column + QueryFragment<diesel::sqlite::Sqlite>,
    Col::Table: QueryFragment<diesel::sqlite::Sqlite>,
    K: JsonKey,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::sqlite::Sqlite>) -> QueryResult<()> {
        let json = self.json.get_or_init(|| json_array(&self.keys));
        match_head(self, &mut out)?;
        out.push_sql("(SELECT key AS i, value AS v FROM json_each(");
        out.push_bind_param::<diesel::sql_types::Text, String>(json)?;
        // The column on the left: SQLite compares with its collation.
        out.push_sql(")) AS k ON ");
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = k.v");
        Ok(())
    }
}

#[cfg(feature = "postgres")]
impl<Col, K> QueryFragment<diesel::pg::Pg> for KeyMatch<Col, K>
where
    Col: diesel::Column + QueryFragment<diesel::pg::Pg>,
    Col::Table: QueryFragment<diesel::pg::Pg>,
    Col::SqlType: diesel::sql_types::SqlType,
    diesel::pg::Pg: diesel::sql_types::HasSqlType<Col::SqlType>,
    Vec<K>: diesel::serialize::ToSql<diesel::sql_types::Array<Col::SqlType>, diesel::pg::Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        match_head(self, &mut out)?;
        out.push_sql("(SELECT v, n - 1 AS i FROM ");
        // unnest's values have the default collation, which yields to the
        // column's own.
        out.push_sql("unnest(");
        out.push_bind_param::<diesel::sql_types::Array<Col::SqlType>, Vec<K>>(&self.keys)?;
        out.push_sql(") WITH ORDINALITY AS u(v, n)) AS k ON ");
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = k.v");
        Ok(())
    }
}

#[cfg(feature = "mysql")]
impl<Col, K> QueryFragment<diesel::mysql::Mysql> for KeyMatch<Col, K>
where
    Col: diesel::Column + QueryFragment<diesel::mysql::Mysql>,
    Col::Table: QueryFragment<diesel::mysql::Mysql>,
    diesel::mysql::Mysql: diesel::sql_types::HasSqlType<Col::SqlType>,
    K: diesel::serialize::ToSql<Col::SqlType, diesel::mysql::Mysql>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::mysql::Mysql>) -> QueryResult<()> {
        out.unsafe_to_cache_prepared();
        match_head(self, &mut out)?;
        out.push_sql("(");
        for (i, key) in self.keys.iter().enumerate() {
            out.push_sql(if i == 0 {
                "SELECT "
            } else {
                " UNION ALL SELECT "
            });
            out.push_bind_param::<diesel::sql_types::BigInt, i64>(&self.indexes[i])?;
            out.push_sql(" AS i, ");
            out.push_bind_param::<Col::SqlType, K>(key)?;
            out.push_sql(" AS v");
        }
        if self.keys.is_empty() {
            out.push_sql("SELECT 0 AS i, NULL AS v FROM DUAL WHERE 1=0");
        }
        out.push_sql(") AS k ON ");
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = k.v");
        Ok(())
    }
}

/// The keys as a JSON array (SQLite's one parameter).
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) fn json_array<K: JsonKey>(keys: &[K]) -> String {
    let mut json = String::with_capacity(keys.len() * 8 + 2);
    json.push('[');
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        key.write_json(&mut json);
    }
    json.push(']');
    json
}

/// Keys per [`KeyMatch`] statement on backend `DB`: all of them where the
/// list is one parameter; on MySQL a derived table of 1000 (a `UNION ALL`
/// of tens of thousands of rows is slow to parse, and this is the rare
/// path).
pub(crate) fn match_chunk<DB: KeyList>() -> usize {
    if DB::MAX_KEYS == usize::MAX {
        usize::MAX
    } else {
        1000
    }
}

/// Which keys the stored values of a column equal in its collation
/// ([`KeyMatch`]), as pairs `(stored value, key)`, on connection `C` in
/// mode `M` ([`crate::exec`]). One blanket impl over every column whose
/// [`KeyMatch`] loads, so code using it needs only this bound.
#[doc(hidden)]
pub trait MatchKeys<C, K, M = Blocking> {
    /// The pairs, one per matching row of the column's table.
    fn match_keys<'a>(
        conn: &'a mut C,
        keys: &'a [K],
    ) -> impl Future<Output = QueryResult<Vec<(K, K)>>> + Send + 'a;
}

impl<Col, K, C, M> MatchKeys<C, K, M> for Col
where
    Col: diesel::Column + Default,
    Col::Table: Default,
    C: Connected<M> + Load<M, KeyMatch<Col, K>, (K, i64)>,
    Db<C, M>: KeyList,
    K: Clone + std::fmt::Debug + Send + Sync,
{
    fn match_keys<'a>(
        conn: &'a mut C,
        keys: &'a [K],
    ) -> impl Future<Output = QueryResult<Vec<(K, K)>>> + Send + 'a {
        async move {
            let mut pairs = Vec::new();
            for run in chunks::<Db<C, M>, _>(keys, match_chunk::<Db<C, M>>()) {
                let query = KeyMatch::new(Col::default(), run.to_vec());
                let found: Vec<(K, i64)> = conn.all(query).await?;
                for (stored, i) in found {
                    // The key by its place in the list: a value read back
                    // through the join could come back changed (MariaDB
                    // strips a CHAR's trailing spaces).
                    if let Some(key) = usize::try_from(i).ok().and_then(|i| run.get(i)) {
                        pairs.push((stored, key.clone()));
                    }
                }
            }
            Ok(pairs)
        }
    }
}
