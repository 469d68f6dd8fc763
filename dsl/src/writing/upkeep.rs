//! The statements of association upkeep (`link`, `unlink`, `set`, `clear`,
//! [`crate::graph::link_all`]), per backend, and what each backend needs
//! for them to be right under concurrency ([`LinkWrites`]).
//!
//! Every write of a source's links first serialises with the other writers
//! of the same source, then reads and writes with nothing stale in between
//! (docs/concurrency.md states the guarantees):
//!
//! - PostgreSQL and MySQL/MariaDB lock the source rows first
//!   (`SELECT pk FROM source WHERE pk IN (..) ORDER BY pk FOR UPDATE`, in key
//!   order so two writers of overlapping sources do not deadlock);
//! - SQLite has one writer at a time: each write's first statement is a
//!   write, so the connection takes the write lock before it reads anything
//!   (a deferred transaction that read first cannot upgrade after another
//!   writer committed, `SQLITE_BUSY_SNAPSHOT`, and `busy_timeout` never
//!   applies to that). `link_all`, whose first real statement is a read,
//!   starts with [`WriteLock`], a DELETE that matches nothing.
//!
//! One source's links (`link`, `set`): the insert skips the pairs that
//! exist in the statement itself where the list is one bound parameter
//! (SQLite `json_each`, PostgreSQL `UNNEST`: `INSERT .. SELECT .. WHERE NOT
//! EXISTS (..)`, plus `ON CONFLICT DO NOTHING` on PostgreSQL), so it needs no
//! key on the association table and has no limit on the list. MySQL has
//! neither: there the existing links are read with a locking read (a plain
//! read in REPEATABLE READ would see the transaction's snapshot, which can
//! be older than the lock) and the missing ones inserted in chunks of
//! [`LinkWrites::MAX_ROWS`] rows.
//!
//! Many sources' links (`link_all`, [`Sources::Each`]): on every backend
//! the links of the sources are read in one query (one bound parameter on
//! SQLite and PostgreSQL), after the lock, the existing pairs dropped in
//! Rust, and the rest inserted as they are: multi-row `VALUES` on SQLite
//! and MySQL in chunks of [`LinkWrites::PAIR_ROWS`], one `UNNEST` of two
//! arrays on PostgreSQL (with `ON CONFLICT DO NOTHING`). The lock already
//! keeps every other writer of this library away from these sources, so
//! the statement need not look again: an `INSERT` whose `SELECT` reads its
//! own table costs SQLite a temporary copy of the rows, and taking `[s, t]`
//! apart from JSON most of the rest (docs/performance.md).

#[cfg(feature = "sqlite")]
use crate::keys::JsonKey;
use crate::keys::{KeyIn, KeyList};
use crate::relationship::{push_table, SqlTableName};
use diesel::backend::Backend;
use diesel::expression::Expression;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{Column, QueryResult, RunQueryDsl, Table};
use std::cell::OnceCell;
use std::marker::PhantomData;

/// What a backend's session is left like after the database rolled back the
/// transaction, and what keeps the caller's later statements from committing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aborted {
    /// The database never rolls a transaction back by itself (SQLite): roll
    /// back as usual.
    Never,
    /// The transaction stays open in an aborted state that fails every
    /// later statement and turns `COMMIT` into a rollback (PostgreSQL):
    /// leave it so.
    StaysAborted,
    /// The session is back in autocommit (MySQL/MariaDB): this statement
    /// opens a transaction in which later writes fail.
    Reopen(&'static str),
}

/// What a backend needs for association upkeep to be right under
/// concurrency (see the module docs). Implemented for SQLite, PostgreSQL and
/// MySQL/MariaDB, and by [`crate::multi_connection!`] for a
/// `MultiConnection`'s backend.
pub trait LinkWrites: KeyList {
    /// Whether a write locks its source rows first (`SELECT .. FOR UPDATE`).
    const LOCK_SOURCES: bool;
    /// Whether the existing links are read (with a locking read) and the
    /// missing ones computed here, instead of `WHERE NOT EXISTS` in the
    /// INSERT.
    const DIFF_HERE: bool;
    /// Association rows per INSERT of one source's links where the rows
    /// are bound one by one.
    const MAX_ROWS: usize;
    /// Association rows per INSERT of many sources' links (`link_all`):
    /// only a chunk of exactly this many rows goes into Diesel's statement
    /// cache, so a connection keeps a bounded number of statements.
    const PAIR_ROWS: usize;
    /// What makes a read a locking read, appended to the SELECT of the
    /// source rows ([`LockRows`]).
    const LOCKING: &'static str;
    /// What a read of association rows after the source lock needs to see
    /// every row committed before the lock ([`Locking`]): nothing where each
    /// statement reads the latest committed rows (PostgreSQL's READ
    /// COMMITTED; SQLite, which holds the write lock), a locking read on
    /// MySQL (REPEATABLE READ reads the transaction's snapshot).
    const READ_LOCKING: &'static str;
    /// What the session is left like when the database rolled back the
    /// transaction (see `writing::tx`).
    const ABORTED: Aborted;

    /// Appends [`LinkWrites::LOCKING`], or with `read`
    /// [`LinkWrites::READ_LOCKING`]. A backend whose clause depends on the
    /// connection, not on its type (a `MultiConnection`'s, see
    /// [`crate::multi`]), renders the clause of the connection the
    /// statement runs on.
    fn push_locking(out: &mut AstPass<'_, '_, Self>, read: bool) -> QueryResult<()> {
        out.push_sql(if read {
            Self::READ_LOCKING
        } else {
            Self::LOCKING
        });
        Ok(())
    }
}

/// A backend on which Diesel runs the multi-row `INSERT .. VALUES (..), (..)`
/// `S` of a `Vec` of rows on connection `C`, which `insert` on a
/// one-to-many's or a one-to-one's accessor sends. Diesel's
/// `MultiConnection` backend has none: its `Vec` values are not
/// `CanInsertInSingleQuery` (that needs the ISO `DEFAULT` keyword, and its
/// dialect names its own), so the statement cannot be built for it. The
/// statement runs through this trait, so that on such a backend this is
/// the one unmet bound, with the message below.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::upkeep::MultiRowInsert;
/// let conn = &mut connection();
/// let rows = vec![(invoices::custid.eq(1), invoices::amount.eq(5)), (invoices::custid.eq(2), invoices::amount.eq(6))];
/// let insert = diesel::insert_into(invoices::table).values(rows);
/// assert_eq!(<diesel::sqlite::Sqlite as MultiRowInsert<_, _>>::execute(insert, conn)?, 2);
/// # Ok(())
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "`insert` through a relationship needs a multi-row INSERT, which Diesel cannot build for `{Self}`",
    label = "a `MultiConnection`'s backend has no multi-row INSERT in Diesel",
    note = "insert the children with `diesel_relations::graph::insert_children(conn, Parent::children, [(parent_key, rows)])`, which runs on the variant's own connection (docs/async.md, \"MultiConnection\")"
)]
pub trait MultiRowInsert<C, S>: Backend {
    /// Runs the INSERT; the number of rows inserted.
    fn execute(statement: S, conn: &mut C) -> QueryResult<usize>;
}

/// A multi-row INSERT run through [`MultiRowInsert`]: how the synchronous
/// `insert` of a relationship executes its statement, so that a backend
/// without one gets that trait's message rather than Diesel's bounds.
#[doc(hidden)]
pub struct MultiRow<S>(pub S);

impl<C, S> diesel::query_dsl::methods::ExecuteDsl<C> for MultiRow<S>
where
    C: diesel::Connection,
    C::Backend: MultiRowInsert<C, S>,
{
    fn execute(query: Self, conn: &mut C) -> QueryResult<usize> {
        <C::Backend as MultiRowInsert<C, S>>::execute(query.0, conn)
    }
}

macro_rules! multi_row_insert {
    ($($feature:literal => $backend:ty),*) => {$(
        #[cfg(feature = $feature)]
        impl<C, S> MultiRowInsert<C, S> for $backend
        where
            C: diesel::Connection<Backend = $backend>,
            S: diesel::query_dsl::methods::ExecuteDsl<C>,
        {
            fn execute(statement: S, conn: &mut C) -> QueryResult<usize> {
                diesel::query_dsl::methods::ExecuteDsl::execute(statement, conn)
            }
        }
    )*};
}

multi_row_insert!("sqlite" => diesel::sqlite::Sqlite, "postgres" => diesel::pg::Pg, "mysql" => diesel::mysql::Mysql);

#[cfg(feature = "sqlite")]
impl LinkWrites for diesel::sqlite::Sqlite {
    const LOCK_SOURCES: bool = false;
    const DIFF_HERE: bool = false;
    const MAX_ROWS: usize = usize::MAX;
    /// 2 000 binds a statement, as hand-written Diesel would chunk.
    const PAIR_ROWS: usize = 1000;
    const LOCKING: &'static str = "";
    const READ_LOCKING: &'static str = "";
    const ABORTED: Aborted = Aborted::Never;
}

#[cfg(feature = "postgres")]
impl LinkWrites for diesel::pg::Pg {
    const LOCK_SOURCES: bool = true;
    const DIFF_HERE: bool = false;
    const MAX_ROWS: usize = usize::MAX;
    /// One statement: the pairs are two array parameters.
    const PAIR_ROWS: usize = usize::MAX;
    /// The lock that conflicts with itself but not with the `FOR KEY
    /// SHARE` of foreign key checks, so that inserting association rows
    /// that point at a locked row does not wait (and writers of the two
    /// directions of one many-to-many do not deadlock).
    const LOCKING: &'static str = " FOR NO KEY UPDATE";
    const READ_LOCKING: &'static str = "";
    const ABORTED: Aborted = Aborted::StaysAborted;
}

#[cfg(feature = "mysql")]
impl LinkWrites for diesel::mysql::Mysql {
    const LOCK_SOURCES: bool = true;
    const DIFF_HERE: bool = true;
    /// 2 000 binds a statement: far under the 65 535 placeholders, and a
    /// few fixed statement texts for Diesel's statement cache (see
    /// [`InsertLinks`]).
    const MAX_ROWS: usize = 1000;
    /// 20 000 binds a statement, under the 65 535 placeholders; chunks are
    /// cut shorter where their keys would pass [`KeyList::MAX_BYTES`].
    const PAIR_ROWS: usize = 10_000;
    const LOCKING: &'static str = " FOR UPDATE";
    const READ_LOCKING: &'static str = " FOR UPDATE";
    const ABORTED: Aborted = Aborted::Reopen("START TRANSACTION READ ONLY");
}

/// `SELECT col FROM table WHERE col IN (keys) ORDER BY col FOR UPDATE`:
/// locks the rows, in key order. `col` is the primary key, or the UNIQUE
/// column a many-to-many's association rows reference (`references`).
#[derive(Debug, Clone)]
pub struct LockRows<T: Table, K, Col = <T as Table>::PrimaryKey> {
    table: T,
    pk: Col,
    keys: KeyIn<Col, K>,
}

impl<T: Table + Default, K, Col: Default> LockRows<T, K, Col> {
    /// Locks the rows of `T` with these keys.
    pub fn new(keys: Vec<K>) -> Self {
        LockRows {
            keys: KeyIn::new(Col::default(), keys),
            pk: Col::default(),
            table: T::default(),
        }
    }
}

impl<T: Table, K, Col> QueryId for LockRows<T, K, Col> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<T: Table, K, Col> Query for LockRows<T, K, Col>
where
    Col: Expression,
{
    type SqlType = <Col as Expression>::SqlType;
}

impl<T: Table, K, Col, C> RunQueryDsl<C> for LockRows<T, K, Col> {}

impl<T, K, Col, DB> QueryFragment<DB> for LockRows<T, K, Col>
where
    DB: LinkWrites,
    T: Table + QueryFragment<DB>,
    Col: QueryFragment<DB>,
    KeyIn<Col, K>: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let pk = &self.pk;
        out.push_sql("SELECT ");
        pk.walk_ast(out.reborrow())?;
        out.push_sql(" FROM ");
        self.table.walk_ast(out.reborrow())?;
        out.push_sql(" WHERE ");
        self.keys.walk_ast(out.reborrow())?;
        out.push_sql(" ORDER BY ");
        pk.walk_ast(out.reborrow())?;
        DB::push_locking(&mut out, false)
    }
}

/// A SELECT of association rows made a locking read (`.. FOR UPDATE`)
/// where the backend needs one to see the rows committed before the source
/// lock ([`LinkWrites::READ_LOCKING`]: MySQL); the SELECT itself elsewhere.
#[derive(Debug, Clone)]
pub struct Locking<Q>(pub Q);

impl<Q> QueryId for Locking<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Locking<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, C> RunQueryDsl<C> for Locking<Q> {}

impl<Q, DB> QueryFragment<DB> for Locking<Q>
where
    DB: LinkWrites,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out.reborrow())?;
        DB::push_locking(&mut out, true)
    }
}

/// `DELETE FROM secondary WHERE 1 = 0`: deletes nothing, but as a write it
/// makes SQLite take the write lock, so that the reads after it see the
/// rows no other writer can change until the transaction ends (see the
/// module docs). A no-op on the other backends, which lock the source rows
/// instead; `link_all` runs it on SQLite only.
#[derive(Debug, Clone, Copy)]
pub struct WriteLock {
    /// The association table's SQL name.
    table: &'static str,
}

impl WriteLock {
    /// The statement on the table named `table` (its SQL name:
    /// [`crate::ManyToMany::SECONDARY`]).
    pub fn new(table: &'static str) -> Self {
        WriteLock { table }
    }
}

impl QueryId for WriteLock {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C> RunQueryDsl<C> for WriteLock {}

impl<DB: Backend> QueryFragment<DB> for WriteLock {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("DELETE FROM ");
        out.push_identifier(self.table)?;
        out.push_sql(" WHERE 1 = 0");
        Ok(())
    }
}

/// The sources of an [`InsertLinks`]: one for all targets, or one per target.
#[derive(Debug, Clone)]
pub enum Sources<K> {
    /// Every row links this source.
    One(K),
    /// Row `i` links source `i`.
    Each(Vec<K>),
}

/// `INSERT INTO secondary (source, target)` of the pairs. With
/// [`Sources::One`] it skips those that exist where the backend can say so
/// in the statement; with [`Sources::Each`] it inserts them all (see the
/// module docs). The caller has locked the sources; on MySQL, and with
/// [`Sources::Each`] everywhere, it has also left out the pairs that exist.
#[derive(Debug, Clone)]
pub struct InsertLinks<S, T, SK, TK> {
    sources: Sources<SK>,
    targets: Vec<TK>,
    /// SQLite's JSON of the list, made when first rendered.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    json: OnceCell<String>,
    columns: PhantomData<(S, T)>,
}

impl<S, T, SK, TK> InsertLinks<S, T, SK, TK> {
    /// The rows `(sources[i], targets[i])` (or `(source, targets[i])`) of
    /// the association table, the table of the column `S`.
    pub fn new(sources: Sources<SK>, targets: Vec<TK>) -> Self {
        InsertLinks {
            sources,
            targets,
            json: OnceCell::new(),
            columns: PhantomData,
        }
    }

    /// How many rows it would insert at most.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether there is nothing to insert.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

impl<S, T, SK, TK> QueryId for InsertLinks<S, T, SK, TK> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<S, T, SK, TK, C> RunQueryDsl<C> for InsertLinks<S, T, SK, TK> {}

/// `INSERT INTO table (source, target) `.
fn insert_head<S, T, DB>(mut out: AstPass<'_, '_, DB>) -> QueryResult<()>
where
    DB: Backend,
    S: Column<Table: SqlTableName>,
    T: Column,
{
    out.push_sql("INSERT INTO ");
    push_table::<S::Table, DB>(&mut out)?;
    out.push_sql(" (");
    out.push_identifier(S::NAME)?;
    out.push_sql(", ");
    out.push_identifier(T::NAME)?;
    out.push_sql(") ");
    Ok(())
}

/// `VALUES (s, t), ..`: every pair bound, two binds a row. The statement
/// text depends on the number of rows: only a chunk of `cached` rows goes
/// into Diesel's statement cache, so the number of prepared statements a
/// connection keeps stays bounded (on MySQL they live on the server, whose
/// `max_prepared_stmt_count` every connection shares).
fn values<'b, S, T, SK, TK, DB>(
    sources: &'b Sources<SK>,
    targets: &'b [TK],
    cached: usize,
    mut out: AstPass<'_, 'b, DB>,
) -> QueryResult<()>
where
    DB: Backend
        + diesel::sql_types::HasSqlType<S::SqlType>
        + diesel::sql_types::HasSqlType<T::SqlType>,
    S: Column,
    T: Column,
    SK: diesel::serialize::ToSql<S::SqlType, DB>,
    TK: diesel::serialize::ToSql<T::SqlType, DB>,
{
    if targets.len() != cached {
        out.unsafe_to_cache_prepared();
    }
    out.push_sql("VALUES ");
    for (i, target) in targets.iter().enumerate() {
        if i > 0 {
            out.push_sql(", ");
        }
        out.push_sql("(");
        let source = match sources {
            Sources::One(source) => source,
            Sources::Each(sources) => &sources[i],
        };
        out.push_bind_param::<S::SqlType, SK>(source)?;
        out.push_sql(", ");
        out.push_bind_param::<T::SqlType, TK>(target)?;
        out.push_sql(")");
    }
    Ok(())
}

/// ` WHERE NOT EXISTS (SELECT 1 FROM table AS __dr_e WHERE __dr_e.source =
/// <source> AND __dr_e.target = <target>)`, the two values written by
/// `source` and `target`.
fn not_linked<'a, 'b, S, T, DB>(
    mut out: AstPass<'a, 'b, DB>,
    source: impl FnOnce(&mut AstPass<'a, 'b, DB>) -> QueryResult<()>,
    target: &str,
) -> QueryResult<()>
where
    DB: Backend,
    S: Column<Table: SqlTableName>,
    T: Column,
{
    out.push_sql(" WHERE NOT EXISTS (SELECT 1 FROM ");
    push_table::<S::Table, DB>(&mut out)?;
    out.push_sql(" AS __dr_e WHERE __dr_e.");
    out.push_identifier(S::NAME)?;
    out.push_sql(" = ");
    source(&mut out)?;
    out.push_sql(" AND __dr_e.");
    out.push_identifier(T::NAME)?;
    out.push_sql(" = ");
    out.push_sql(target);
    out.push_sql(")");
    Ok(())
}

#[cfg(feature = "sqlite")]
impl<S, T, SK, TK> QueryFragment<diesel::sqlite::Sqlite> for InsertLinks<S, T, SK, TK>
where
    S: Column<Table: SqlTableName>,
    T: Column,
    diesel::sqlite::Sqlite: diesel::sql_types::HasSqlType<S::SqlType>,
    diesel::sqlite::Sqlite: diesel::sql_types::HasSqlType<T::SqlType>,
    SK: JsonKey + diesel::serialize::ToSql<S::SqlType, diesel::sqlite::Sqlite>,
    TK: JsonKey + diesel::serialize::ToSql<T::SqlType, diesel::sqlite::Sqlite>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::sqlite::Sqlite>) -> QueryResult<()> {
        type Text = diesel::sql_types::Text;
        match &self.sources {
            Sources::One(source) => {
                // One statement, the targets one JSON parameter; its first
                // step takes the write lock.
                let json = self.json.get_or_init(|| {
                    let mut json = String::with_capacity(self.targets.len() * 12 + 2);
                    json.push('[');
                    for (i, target) in self.targets.iter().enumerate() {
                        if i > 0 {
                            json.push(',');
                        }
                        target.write_json(&mut json);
                    }
                    json.push(']');
                    json
                });
                insert_head::<S, T, _>(out.reborrow())?;
                out.push_sql("SELECT ");
                out.push_bind_param::<S::SqlType, SK>(source)?;
                out.push_sql(", __dr_k.value FROM json_each(");
                out.push_bind_param::<Text, String>(json)?;
                out.push_sql(") AS __dr_k");
                not_linked::<S, T, _>(
                    out.reborrow(),
                    |out| out.push_bind_param::<S::SqlType, SK>(source),
                    "__dr_k.value",
                )
            }
            Sources::Each(_) => {
                // The pairs bound one by one: no JSON to take apart, and no
                // temporary table, which SQLite fills for an INSERT whose
                // SELECT reads the table it inserts into.
                insert_head::<S, T, _>(out.reborrow())?;
                values::<S, T, _, _, _>(
                    &self.sources,
                    &self.targets,
                    <diesel::sqlite::Sqlite as LinkWrites>::PAIR_ROWS,
                    out.reborrow(),
                )
            }
        }
    }
}

#[cfg(feature = "postgres")]
impl<S, T, SK, TK> QueryFragment<diesel::pg::Pg> for InsertLinks<S, T, SK, TK>
where
    S: Column<Table: SqlTableName>,
    T: Column,
    diesel::pg::Pg: diesel::sql_types::HasSqlType<S::SqlType>,
    SK: diesel::serialize::ToSql<S::SqlType, diesel::pg::Pg>,
    diesel::pg::Pg: diesel::sql_types::HasSqlType<T::SqlType>,
    S::SqlType: 'static,
    T::SqlType: 'static,
    Vec<SK>: diesel::serialize::ToSql<diesel::sql_types::Array<S::SqlType>, diesel::pg::Pg>,
    Vec<TK>: diesel::serialize::ToSql<diesel::sql_types::Array<T::SqlType>, diesel::pg::Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        use diesel::sql_types::Array;
        insert_head::<S, T, _>(out.reborrow())?;
        match &self.sources {
            Sources::One(source) => {
                out.push_sql("SELECT ");
                out.push_bind_param::<S::SqlType, SK>(source)?;
                out.push_sql(", __dr_k.t FROM UNNEST(");
                out.push_bind_param::<Array<T::SqlType>, Vec<TK>>(&self.targets)?;
                out.push_sql(") AS __dr_k(t)");
                not_linked::<S, T, _>(
                    out.reborrow(),
                    |out| out.push_bind_param::<S::SqlType, SK>(source),
                    "__dr_k.t",
                )?;
            }
            Sources::Each(sources) => {
                // The caller has left out the pairs that exist.
                out.push_sql("SELECT __dr_k.s, __dr_k.t FROM UNNEST(");
                out.push_bind_param::<Array<S::SqlType>, Vec<SK>>(sources)?;
                out.push_sql(", ");
                out.push_bind_param::<Array<T::SqlType>, Vec<TK>>(&self.targets)?;
                out.push_sql(") AS __dr_k(s, t)");
            }
        }
        // A row inserted by a writer that did not lock the source (not this
        // library) is skipped too, where a key says it is one.
        out.push_sql(" ON CONFLICT DO NOTHING");
        Ok(())
    }
}

#[cfg(feature = "mysql")]
impl<S, T, SK, TK> QueryFragment<diesel::mysql::Mysql> for InsertLinks<S, T, SK, TK>
where
    S: Column<Table: SqlTableName>,
    T: Column,
    diesel::mysql::Mysql:
        diesel::sql_types::HasSqlType<S::SqlType> + diesel::sql_types::HasSqlType<T::SqlType>,
    SK: diesel::serialize::ToSql<S::SqlType, diesel::mysql::Mysql>,
    TK: diesel::serialize::ToSql<T::SqlType, diesel::mysql::Mysql>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::mysql::Mysql>) -> QueryResult<()> {
        let cached = match self.sources {
            Sources::One(_) => <diesel::mysql::Mysql as LinkWrites>::MAX_ROWS,
            Sources::Each(_) => <diesel::mysql::Mysql as LinkWrites>::PAIR_ROWS,
        };
        insert_head::<S, T, _>(out.reborrow())?;
        values::<S, T, _, _, _>(&self.sources, &self.targets, cached, out.reborrow())
    }
}

/// `DELETE FROM secondary WHERE source = key AND target IN (targets)`, or
/// with `keep`, `AND NOT (target IN (targets))`: the links to other targets.
#[derive(Debug, Clone)]
pub struct DeleteLinks<S, T, SK, TK> {
    source: SK,
    targets: KeyIn<T, TK>,
    keep: bool,
    columns: PhantomData<S>,
}

impl<S, T: Default, SK, TK> DeleteLinks<S, T, SK, TK> {
    /// Deletes the links from `source` to `targets` in the association
    /// table (the table of the column `S`), or with `keep` the links from
    /// `source` to any other target.
    pub fn new(source: SK, targets: Vec<TK>, keep: bool) -> Self {
        DeleteLinks {
            source,
            targets: KeyIn::new(T::default(), targets),
            keep,
            columns: PhantomData,
        }
    }
}

impl<S, T, SK, TK> QueryId for DeleteLinks<S, T, SK, TK> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<S, T, SK, TK, C> RunQueryDsl<C> for DeleteLinks<S, T, SK, TK> {}

impl<S, T, SK, TK, DB> QueryFragment<DB> for DeleteLinks<S, T, SK, TK>
where
    DB: Backend + diesel::sql_types::HasSqlType<S::SqlType>,
    S: Column<Table: SqlTableName>,
    SK: diesel::serialize::ToSql<S::SqlType, DB>,
    KeyIn<T, TK>: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("DELETE FROM ");
        push_table::<S::Table, DB>(&mut out)?;
        out.push_sql(" WHERE ");
        out.push_identifier(S::NAME)?;
        out.push_sql(" = ");
        out.push_bind_param::<S::SqlType, SK>(&self.source)?;
        out.push_sql(if self.keep { " AND NOT (" } else { " AND (" });
        self.targets.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}
