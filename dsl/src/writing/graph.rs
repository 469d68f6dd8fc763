//! Graph writes: rows with the rows that belong to them, one multi-row
//! INSERT per level (per chunk of rows), with the new keys read back, so
//! the next level can point at them.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::graph::{insert_children, insert_rows, link_all};
//! let conn = &mut connection();
//! let new_customers = vec![NewCustomer { name: "Cy".into() }, NewCustomer { name: "Di".into() }];
//! let invoices_of = vec![vec![NewInvoice { amount: 1 }], vec![NewInvoice { amount: 2 }, NewInvoice { amount: 3 }]];
//! let lines_of = vec![vec![NewLine { item: "a".into() }], vec![], vec![NewLine { item: "b".into() }]];
//! conn.transaction(|conn| {
//!     let customers = insert_rows::<Customer, _, _>(conn, new_customers)?;                             // 1 INSERT
//!     let invoices = insert_children(conn, Customer::invoices, customers.into_iter().zip(invoices_of))?; // 1 INSERT
//!     insert_children(conn, Invoice::lines, invoices.into_iter().flatten().zip(lines_of))?;           // 1 INSERT
//!     Ok::<_, diesel_relations::RelationError>(())
//! })?;
//! let di: Customer = customers::table.filter(customers::name.eq("Di")).select(Customer::as_select()).first(conn)?;
//! assert_eq!(di.invoices().load(conn)?.iter().map(|i| i.amount).collect::<Vec<_>>(), [2, 3]);
//!
//! // Many-to-many: the missing links only, never a duplicate row.
//! let books: Vec<Book> = books::table.order(books::id).select(Book::as_select()).load(conn)?;
//! let authors: Vec<Author> = authors::table.order(authors::id).select(Author::as_select()).load(conn)?;
//! let added = link_all(conn, Book::authors, books.iter().map(|b| (b, authors.iter().collect())))?;
//! assert_eq!(added, 1);   // Ann and SQL; the other three links exist
//! # Ok(())
//! # }
//! ```
//!
//! The keys come back through `RETURNING` on SQLite 3.35+ and PostgreSQL:
//! each key is the one the database stored, whatever made it (sequences
//! with any step, triggers, keys given in the rows).
//!
//! On MySQL and MariaDB the keys are computed from `LAST_INSERT_ID()` (the
//! first key the statement's `AUTO_INCREMENT` made) and the session's
//! `auto_increment_increment`: `first, first + increment, ..`, so a step
//! (what Galera and MySQL group replication set, with per-node
//! `auto_increment_offset`s) is followed. MariaDB 10.5+ has `INSERT ..
//! RETURNING`, but its prepared statements announce no result columns for
//! it (MDEV-27013) and Diesel reads them before executing, so Diesel cannot
//! load it. The computation holds for one multi-row INSERT under
//! `innodb_autoinc_lock_mode` 0 or 1 (MariaDB's and MySQL 5.7's default),
//! where InnoDB gives the statement its keys in one go, and only for keys
//! that `AUTO_INCREMENT` made: give no keys in the rows on MySQL. Under mode
//! 2 ("interleaved", MySQL 8's default, and what Galera requires) a
//! statement's keys need not be consecutive, so the rows go in one INSERT
//! per row, each key read back with `LAST_INSERT_ID()`: right, and slower.
//! The lock mode is read once per chunk of rows before it is inserted; the
//! step is read in the same query as `LAST_INSERT_ID()`. Should the mode
//! still say 2 after a multi-row INSERT, the call refuses with
//! [`RelationError::KeysUnknown`] and its rows are rolled back with the
//! call's transaction, rather than guess.
//!
//! Every function here takes any Diesel connection of a supported backend,
//! including pooled ones (r2d2's `PooledConnection`): the way keys come back
//! is chosen by the connection's backend ([`InsertKeys`]). On SQLite the
//! connection must reach a `SqliteConnection` ([`AsSqliteConnection`]:
//! r2d2's with the feature `r2d2`), since Diesel loads a multi-row INSERT's
//! RETURNING on that type alone.
//!
//! On SQLite, Diesel inserts a `Vec` of rows one statement per row unless
//! the `Insertable` says `#[diesel(treat_none_as_default_value = false)]`:
//! by default its derive makes every field "defaultable", and SQLite cannot
//! write DEFAULT in a multi-row VALUES. With the attribute, `None` is NULL
//! and the level is one statement.

use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Execute, Load, Transact, WriteDb};
use crate::keys::KeyList;
use crate::lazy::{ToMany, ToManyThrough};
use crate::parent_keys::ParentKeys;
use crate::relationship::LinkPair;
use crate::relationship::{ManyToMany, Model, OneToMany, OneToManyDecl};
use crate::tx;
use crate::upkeep::{LinkWrites, Locking, Sources, WriteLock};
use crate::write::{insert_links, lock_sources, ChildTable, InsertLinksOf, LockSources};
use diesel::backend::Backend;
use diesel::dsl::{insert_into, Values};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::query_dsl::LoadQuery;
#[cfg(feature = "sqlite")]
use diesel::RunQueryDsl;
use diesel::{Connection, Insertable, Table};
use std::future::Future;

/// Rows per INSERT: with up to 32 columns a row, under SQLite's 32766
/// binds (PostgreSQL's and MySQL's 65535 leave more room).
pub const ROWS_PER_INSERT: usize = 1000;

/// A backend that can insert rows into `T` through a connection `C` of mode
/// `Mo` ([`crate::exec`]) and tell their new keys `K`: RETURNING (SQLite,
/// PostgreSQL), or on MySQL and MariaDB the `AUTO_INCREMENT` sequence with
/// the session's step (see the module docs). Implemented per backend, for
/// every connection of that backend, so pooled and instrumented connections
/// work as the plain ones do.
pub trait InsertKeys<C, T, V, K, Mo = Blocking>: Backend {
    /// Inserts `rows` (one multi-row INSERT) and returns their keys, in
    /// order. Errors name `relationship` (or the model) and `column`.
    fn insert_keys<'a>(
        conn: &'a mut C,
        table: T,
        rows: V,
        relationship: &'static str,
        column: &'static str,
    ) -> impl Future<Output = Result<Vec<K>>> + Send + 'a
    where
        T: 'a,
        V: 'a,
        K: 'a;
}

/// Inserts `rows` into `table` (one multi-row INSERT) and returns their
/// keys in order, the way [`InsertKeys`] does for the connection's backend.
/// Errors name `relationship` (or the model) and `column`.
pub fn insert_keys<C, T, V, K>(
    conn: &mut C,
    table: T,
    rows: V,
    relationship: &'static str,
    column: &'static str,
) -> Result<Vec<K>>
where
    C: Connection,
    C::Backend: InsertKeys<C, T, V, K>,
{
    block(<C::Backend as InsertKeys<C, T, V, K>>::insert_keys(
        conn,
        table,
        rows,
        relationship,
        column,
    ))
}

/// `INSERT INTO table .. RETURNING pk`.
#[cfg(any(feature = "postgres", feature = "sqlite"))]
type InsertReturning<T, V> =
    diesel::dsl::Returning<Values<insert_into<T>, V>, <T as Table>::PrimaryKey>;

#[cfg(feature = "postgres")]
impl<C, T, V, K, Mo> InsertKeys<C, T, V, K, Mo> for diesel::pg::Pg
where
    C: Load<Mo, InsertReturning<T, V>, K> + Send,
    T: Table + Send,
    V: Insertable<T> + Send,
    InsertReturning<T, V>: diesel::query_builder::Query + Send,
{
    fn insert_keys<'a>(
        conn: &'a mut C,
        table: T,
        rows: V,
        relationship: &'static str,
        column: &'static str,
    ) -> impl Future<Output = Result<Vec<K>>> + Send + 'a
    where
        T: 'a,
        V: 'a,
        K: 'a,
    {
        async move {
            let key = table.primary_key();
            let statement = insert_into(table).values(rows).returning(key);
            Load::<Mo, _, K>::all(conn, statement)
                .await
                .map_err(|e| RelationError::from_diesel(relationship, column, e))
        }
    }
}

/// A connection that is or holds a `SqliteConnection`, for the one load
/// Diesel runs on that type alone: a multi-row INSERT's RETURNING.
#[cfg(feature = "sqlite")]
pub trait AsSqliteConnection: Connection<Backend = diesel::sqlite::Sqlite> {
    /// The `SqliteConnection` itself.
    fn as_sqlite(&mut self) -> &mut diesel::SqliteConnection;
}

#[cfg(feature = "sqlite")]
impl AsSqliteConnection for diesel::SqliteConnection {
    fn as_sqlite(&mut self) -> &mut diesel::SqliteConnection {
        self
    }
}

#[cfg(all(feature = "sqlite", feature = "r2d2"))]
impl<M> AsSqliteConnection for diesel::r2d2::PooledConnection<M>
where
    M: diesel::r2d2::ManageConnection,
    M::Connection: AsSqliteConnection + diesel::r2d2::R2D2Connection + Send + 'static,
{
    fn as_sqlite(&mut self) -> &mut diesel::SqliteConnection {
        (**self).as_sqlite()
    }
}

#[cfg(feature = "sqlite")]
impl<C, T, V, K> InsertKeys<C, T, V, K, Blocking> for diesel::sqlite::Sqlite
where
    C: AsSqliteConnection,
    T: Table,
    V: Insertable<T>,
    K: Send,
    InsertReturning<T, V>: diesel::query_builder::Query
        + LoadQuery<'static, diesel::SqliteConnection, K>
        + RunQueryDsl<diesel::SqliteConnection>,
{
    fn insert_keys<'a>(
        conn: &'a mut C,
        table: T,
        rows: V,
        relationship: &'static str,
        column: &'static str,
    ) -> impl Future<Output = Result<Vec<K>>> + Send + 'a
    where
        T: 'a,
        V: 'a,
        K: 'a,
    {
        let key = table.primary_key();
        std::future::ready(
            insert_into(table)
                .values(rows)
                .returning(key)
                .load(conn.as_sqlite())
                .map_err(|e| RelationError::from_diesel(relationship, column, e)),
        )
    }
}

/// On diesel-async's SQLite wrapper the INSERT runs on the
/// `SqliteConnection` inside it (its blocking task), as the synchronous one
/// does: Diesel loads a multi-row INSERT's RETURNING on that type alone.
#[cfg(all(feature = "sqlite", feature = "async"))]
impl<S, T, V, K>
    InsertKeys<
        diesel_async::sync_connection_wrapper::SyncConnectionWrapper<diesel::SqliteConnection, S>,
        T,
        V,
        K,
        crate::exec::Async,
    > for diesel::sqlite::Sqlite
where
    S: diesel_async::sync_connection_wrapper::SpawnBlocking + Send,
    T: Table + Send + 'static,
    V: Insertable<T> + Send + 'static,
    K: Send + 'static,
    InsertReturning<T, V>: diesel::query_builder::Query
        + LoadQuery<'static, diesel::SqliteConnection, K>
        + RunQueryDsl<diesel::SqliteConnection>,
{
    fn insert_keys<'a>(
        conn: &'a mut diesel_async::sync_connection_wrapper::SyncConnectionWrapper<
            diesel::SqliteConnection,
            S,
        >,
        table: T,
        rows: V,
        relationship: &'static str,
        column: &'static str,
    ) -> impl Future<Output = Result<Vec<K>>> + Send + 'a
    where
        T: 'a,
        V: 'a,
        K: 'a,
    {
        let run = conn.spawn_blocking(move |inner| {
            let key = table.primary_key();
            insert_into(table).values(rows).returning(key).load(inner)
        });
        async move {
            run.await
                .map_err(|e| RelationError::from_diesel(relationship, column, e))
        }
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;
    use diesel::mysql::Mysql;
    use diesel::result::Error as DieselError;
    use diesel::sql_types::{BigInt, Unsigned};

    /// `SELECT CAST(@@innodb_autoinc_lock_mode AS UNSIGNED)`.
    type LockMode = diesel::dsl::select<diesel::expression::SqlLiteral<Unsigned<BigInt>>>;
    /// `SELECT LAST_INSERT_ID(), @@auto_increment_increment, the lock mode`.
    type LastKeys = diesel::dsl::select<
        diesel::expression::SqlLiteral<(Unsigned<BigInt>, Unsigned<BigInt>, Unsigned<BigInt>)>,
    >;

    impl<C, T, V, K, Mo> InsertKeys<C, T, Vec<V>, K, Mo> for Mysql
    where
        C: Execute<Mo, Values<insert_into<T>, Vec<V>>>
            + Execute<Mo, Values<insert_into<T>, V>>
            + Load<Mo, LockMode, u64>
            + Load<Mo, LastKeys, (u64, u64, u64)>
            + Send,
        T: Table + Clone + Send,
        V: Insertable<T> + Send,
        Vec<V>: Insertable<T>,
        Values<insert_into<T>, Vec<V>>: Send,
        Values<insert_into<T>, V>: Send,
        K: TryFrom<u64> + Send,
    {
        fn insert_keys<'a>(
            conn: &'a mut C,
            table: T,
            rows: Vec<V>,
            relationship: &'static str,
            column: &'static str,
        ) -> impl Future<Output = Result<Vec<K>>> + Send + 'a
        where
            T: 'a,
            Vec<V>: 'a,
            K: 'a,
        {
            async move {
                if rows.len() > 1 && interleaved::<Mo, C>(conn, relationship, column).await? {
                    let mut keys = Vec::with_capacity(rows.len());
                    for row in rows {
                        let insert = insert_into(table.clone()).values(row);
                        keys.extend(
                            from_last_insert_id::<Mo, C, _, K>(conn, insert, relationship, column)
                                .await?,
                        );
                    }
                    return Ok(keys);
                }
                let insert = insert_into(table).values(rows);
                from_last_insert_id::<Mo, C, _, K>(conn, insert, relationship, column).await
            }
        }
    }

    /// Whether the server gives a multi-row INSERT's keys interleaved
    /// (`innodb_autoinc_lock_mode` 2).
    async fn interleaved<Mo, C>(
        conn: &mut C,
        relationship: &'static str,
        column: &'static str,
    ) -> Result<bool>
    where
        C: Load<Mo, LockMode, u64>,
    {
        let query = diesel::select(diesel::dsl::sql::<Unsigned<BigInt>>(
            "CAST(@@innodb_autoinc_lock_mode AS UNSIGNED)",
        ));
        let mode: Vec<u64> = Load::<Mo, _, _>::all(conn, query)
            .await
            .map_err(|e| RelationError::from_diesel(relationship, column, e))?;
        Ok(mode.first().copied().unwrap_or(0) > 1)
    }

    /// Runs `insert` and computes its rows' keys from `LAST_INSERT_ID()`
    /// and the session's step (see the module docs).
    async fn from_last_insert_id<Mo, C, S, K>(
        conn: &mut C,
        insert: S,
        relationship: &'static str,
        column: &'static str,
    ) -> Result<Vec<K>>
    where
        C: Execute<Mo, S> + Load<Mo, LastKeys, (u64, u64, u64)>,
        K: TryFrom<u64>,
    {
        let err = |e| RelationError::from_diesel(relationship, column, e);
        let inserted = Execute::<Mo, S>::execute(conn, insert).await.map_err(err)?;
        let query = diesel::select(diesel::dsl::sql::<(
            Unsigned<BigInt>,
            Unsigned<BigInt>,
            Unsigned<BigInt>,
        )>(
            "LAST_INSERT_ID(), CAST(@@auto_increment_increment AS UNSIGNED), \
             CAST(@@innodb_autoinc_lock_mode AS UNSIGNED)",
        ));
        let found: Vec<(u64, u64, u64)> = Load::<Mo, _, _>::all(conn, query).await.map_err(err)?;
        let Some(&(first, increment, lock_mode)) = found.first() else {
            return Err(err(DieselError::NotFound));
        };
        if lock_mode > 1 && inserted > 1 {
            return Err(RelationError::KeysUnknown {
                relationship,
                column,
                lock_mode,
            });
        }
        (0..inserted as u64)
            .map(|i| {
                let k = first + i * increment.max(1);
                K::try_from(k).map_err(|_| {
                    err(DieselError::DeserializationError(
                        format!("key {k} does not fit the key type").into(),
                    ))
                })
            })
            .collect()
    }
}

/// Inserts rows of `M` and returns their keys in order: one INSERT per
/// [`ROWS_PER_INSERT`] rows, in a transaction (a savepoint inside the
/// caller's).
pub fn insert_rows<M, C, V>(conn: &mut C, rows: Vec<V>) -> Result<Vec<M::Key>>
where
    M: Model,
    C: Connection,
    C::Backend: InsertKeys<C, M::Table, Vec<V>, M::Key> + LinkWrites,
{
    block(insert_rows_in::<Blocking, M, C, V>(conn, rows))
}

/// [`insert_rows`] on a `diesel_async` connection (feature `async`; the
/// future is `Send`).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
/// use diesel_relations::graph::{insert_children_async, insert_rows_async, link_all_async};
/// let conn = &mut async_connection();
/// let new = vec![NewCustomer { name: "Cy".into() }];
/// let customers = insert_rows_async::<Customer, _, _>(conn, new).await?;
/// let groups = customers.into_iter().zip([vec![NewInvoice { amount: 4 }, NewInvoice { amount: 5 }]]);
/// let invoices = insert_children_async(conn, Customer::invoices, groups).await?;
/// assert_eq!(invoices[0].len(), 2);
///
/// let books = [Book { id: 2, title: "SQL".into() }];
/// let ann = Author { id: 1, name: "Ann".into() };
/// assert_eq!(link_all_async(conn, Author::books, [(&ann, books.iter().collect())]).await?, 1);
/// # Ok(()) }) }
/// ```
#[cfg(feature = "async")]
pub fn insert_rows_async<'a, M, C, V>(
    conn: &'a mut C,
    rows: Vec<V>,
) -> impl Future<Output = Result<Vec<M::Key>>> + Send + 'a
where
    M: Model,
    C: diesel_async::AsyncConnection,
    WriteDb<C, crate::exec::Async>:
        InsertKeys<C, M::Table, Vec<V>, M::Key, crate::exec::Async> + LinkWrites,
    V: Send + 'a,
{
    insert_rows_in::<crate::exec::Async, M, C, V>(conn, rows)
}

/// [`insert_rows`], in mode `Mo`.
async fn insert_rows_in<Mo, M, C, V>(conn: &mut C, rows: Vec<V>) -> Result<Vec<M::Key>>
where
    M: Model,
    C: Transact<Mo>,
    WriteDb<C, Mo>: InsertKeys<C, M::Table, Vec<V>, M::Key, Mo> + LinkWrites,
{
    let nested = tx::begin::<Mo, C>(conn, M::MODEL).await?;
    let result = async {
        let mut keys = Vec::with_capacity(rows.len());
        for chunk in chunks(rows) {
            keys.extend(
                <WriteDb<C, Mo> as InsertKeys<C, M::Table, Vec<V>, M::Key, Mo>>::insert_keys(
                    conn,
                    M::Table::default(),
                    chunk,
                    M::MODEL,
                    M::TABLE,
                )
                .await?,
            );
        }
        Ok(keys)
    }
    .await;
    tx::finish::<Mo, C, _>(conn, M::MODEL, nested, result).await
}

/// Inserts the children of several parents through a one-to-many, each with
/// its foreign key set: `groups` pairs a parent's primary key (as
/// [`insert_rows`] returns it) with its children. Where the relationship
/// joins on another UNIQUE column of the parent (`references`), the
/// parents' values of it are read first, in one query per run of keys.
/// Returns the new children's keys, grouped like `groups`. One INSERT per
/// [`ROWS_PER_INSERT`] children, in a transaction.
pub fn insert_children<R, C, V>(
    conn: &mut C,
    relationship: fn(&R::Source) -> ToMany<R>,
    groups: impl IntoIterator<Item = (<R::Source as Model>::Key, Vec<V>)>,
) -> Result<Vec<Vec<<R::Target as Model>::Key>>>
where
    R: OneToMany + OneToManyDecl,
    <R as OneToManyDecl>::Parent: ParentKeys<R::Source, C, R::Key, Blocking>,
    ChildTable<R>: Default,
    C: Connection,
    C::Backend:
        InsertKeys<C, ChildTable<R>, Vec<(R::Assign, V)>, <R::Target as Model>::Key> + LinkWrites,
{
    let groups: Vec<_> = groups.into_iter().collect();
    block(insert_children_in::<Blocking, R, C, V>(
        conn,
        relationship,
        groups,
    ))
}

/// [`insert_children`] on a `diesel_async` connection (feature `async`;
/// the future is `Send`): see [`insert_rows_async`].
#[cfg(feature = "async")]
#[allow(clippy::type_complexity)]
pub fn insert_children_async<'a, R, C, V>(
    conn: &'a mut C,
    relationship: fn(&R::Source) -> ToMany<R>,
    groups: impl IntoIterator<Item = (<R::Source as Model>::Key, Vec<V>)>,
) -> impl Future<Output = Result<Vec<Vec<<R::Target as Model>::Key>>>> + Send + 'a
where
    R: OneToMany + OneToManyDecl,
    <R as OneToManyDecl>::Parent: ParentKeys<R::Source, C, R::Key, crate::exec::Async>,
    ChildTable<R>: Default,
    C: diesel_async::AsyncConnection,
    WriteDb<C, crate::exec::Async>: InsertKeys<
            C,
            ChildTable<R>,
            Vec<(R::Assign, V)>,
            <R::Target as Model>::Key,
            crate::exec::Async,
        > + LinkWrites,
    R::Assign: Send,
    V: Send + 'a,
{
    let groups: Vec<_> = groups.into_iter().collect();
    insert_children_in::<crate::exec::Async, R, C, V>(conn, relationship, groups)
}

/// [`insert_children`], in mode `Mo`.
#[allow(clippy::type_complexity)]
async fn insert_children_in<Mo, R, C, V>(
    conn: &mut C,
    _relationship: fn(&R::Source) -> ToMany<R>,
    groups: Vec<(<R::Source as Model>::Key, Vec<V>)>,
) -> Result<Vec<Vec<<R::Target as Model>::Key>>>
where
    R: OneToMany + OneToManyDecl,
    <R as OneToManyDecl>::Parent: ParentKeys<R::Source, C, R::Key, Mo>,
    ChildTable<R>: Default,
    C: Transact<Mo>,
    WriteDb<C, Mo>: InsertKeys<C, ChildTable<R>, Vec<(R::Assign, V)>, <R::Target as Model>::Key, Mo>
        + LinkWrites,
{
    let (parents, groups): (Vec<_>, Vec<_>) = groups.into_iter().unzip();
    let values = <R as OneToManyDecl>::Parent::of_keys(conn, &parents, R::full_name()).await?;
    let mut sizes = Vec::new();
    let mut rows = Vec::new();
    for ((parent, value), children) in parents.iter().zip(values).zip(groups) {
        let Some(key) = value else {
            return Err(RelationError::MissingTarget {
                relationship: R::full_name(),
                target: <R::Source as Model>::MODEL,
                target_key: <R::Source as Model>::TABLE,
                foreign_key: R::FOREIGN_KEY,
                key: format!("{parent:?}"),
            });
        };
        sizes.push(children.len());
        rows.extend(
            children
                .into_iter()
                .map(|child| (R::assign(key.clone()), child)),
        );
    }
    let nested = tx::begin::<Mo, C>(conn, R::full_name()).await?;
    let result = async {
        let mut keys = Vec::with_capacity(rows.len());
        for chunk in chunks(rows) {
            keys.extend(
                <WriteDb<C, Mo> as InsertKeys<C, ChildTable<R>, _, _, Mo>>::insert_keys(
                    conn,
                    ChildTable::<R>::default(),
                    chunk,
                    R::full_name(),
                    R::FOREIGN_KEY,
                )
                .await?,
            );
        }
        Ok::<_, RelationError>(keys)
    }
    .await;
    let keys = tx::finish::<Mo, C, _>(conn, R::full_name(), nested, result).await?;
    let mut keys = keys.into_iter();
    Ok(sizes
        .into_iter()
        .map(|n| keys.by_ref().take(n).collect())
        .collect())
}

/// `rows` in runs of [`ROWS_PER_INSERT`].
fn chunks<V>(rows: Vec<V>) -> impl Iterator<Item = Vec<V>> {
    let mut rows = rows.into_iter().peekable();
    std::iter::from_fn(move || {
        rows.peek()?;
        Some(rows.by_ref().take(ROWS_PER_INSERT).collect())
    })
}

/// The links of several sources read at once, with a locking read.
type LinkedManyLocked<R> = Locking<<R as ManyToMany>::LinkedMany>;
/// A source's key and a target's.
type KeyPair<R> = (
    <R as crate::relationship::LinkKeyed>::SourceKey,
    <R as crate::relationship::LinkKeyed>::TargetKey,
);

/// Links many sources to their targets through a many-to-many at once,
/// never a duplicate, with or without a key on the association table and
/// whatever other connections do at the same time (docs/concurrency.md):
/// the sources' rows are locked in key order (PostgreSQL, MySQL; SQLite
/// takes its write lock), then the links of the sources are read in one
/// query (chunks on MySQL, with a locking read), and only the missing
/// pairs inserted: multi-row INSERTs on SQLite and MySQL, one INSERT of two
/// array parameters on PostgreSQL. In a transaction. Returns how many
/// association rows it inserted.
pub fn link_all<'t, R, C>(
    conn: &mut C,
    relationship: fn(&R::Source) -> ToManyThrough<R>,
    links: impl IntoIterator<Item = (&'t R::Source, Vec<&'t R::Target>)>,
) -> Result<usize>
where
    R: ManyToMany,
    R::Source: 't,
    R::Target: 't,
    C: Connection,
    C::Backend: LinkWrites,
    LockSources<R>: LoadQuery<'static, C, R::SourceKey>,
    WriteLock: ExecuteDsl<C>,
    Locking<R::LinkedMany>: LoadQuery<'static, C, (R::SourceKey, R::TargetKey)>,
    InsertLinksOf<R>: ExecuteDsl<C>,
{
    block(link_all_in::<Blocking, R, C>(conn, relationship, links))
}

/// [`link_all`] on a `diesel_async` connection (feature `async`; the
/// future is `Send`): see [`insert_rows_async`].
#[cfg(feature = "async")]
pub fn link_all_async<'a, 't, R, C>(
    conn: &'a mut C,
    relationship: fn(&R::Source) -> ToManyThrough<R>,
    links: impl IntoIterator<Item = (&'t R::Source, Vec<&'t R::Target>)>,
) -> impl Future<Output = Result<usize>> + Send + 'a
where
    R: ManyToMany,
    R::Source: 't,
    R::Target: 't,
    C: diesel_async::AsyncConnection
        + Load<crate::exec::Async, LockSources<R>, R::SourceKey>
        + Execute<crate::exec::Async, WriteLock>
        + Load<crate::exec::Async, LinkedManyLocked<R>, KeyPair<R>>
        + Execute<crate::exec::Async, InsertLinksOf<R>>,
    WriteDb<C, crate::exec::Async>: LinkWrites,
    InsertLinksOf<R>: Send,
{
    link_all_in::<crate::exec::Async, R, C>(conn, relationship, links)
}

/// [`link_all`], in mode `Mo`.
fn link_all_in<'a, 't, Mo, R, C>(
    conn: &'a mut C,
    _relationship: fn(&R::Source) -> ToManyThrough<R>,
    links: impl IntoIterator<Item = (&'t R::Source, Vec<&'t R::Target>)>,
) -> impl Future<Output = Result<usize>> + 'a
where
    R: ManyToMany,
    R::Source: 't,
    R::Target: 't,
    C: Transact<Mo>
        + Load<Mo, LockSources<R>, R::SourceKey>
        + Execute<Mo, WriteLock>
        + Load<Mo, LinkedManyLocked<R>, KeyPair<R>>
        + Execute<Mo, InsertLinksOf<R>>,
    WriteDb<C, Mo>: LinkWrites,
{
    let (sources, mut of, mut to) = distinct_pairs::<R>(links);
    async move {
        crate::write::writable::<R>()?;
        if of.is_empty() {
            return Ok(0);
        }
        let nested = tx::begin::<Mo, C>(conn, R::full_name()).await?;
        let result = async {
            if <WriteDb<C, Mo> as LinkWrites>::LOCK_SOURCES {
                lock_sources::<R, Mo, C>(conn, &sources).await?;
            } else {
                Execute::<Mo, _>::execute(conn, WriteLock::new(R::SECONDARY))
                    .await
                    .map_err(crate::write::error::<R>)?;
            }
            let mut present = std::collections::HashSet::new();
            for chunk in sources.chunks(<WriteDb<C, Mo> as KeyList>::MAX_KEYS) {
                let linked = Locking(R::linked_many(chunk.to_vec()));
                let rows: Vec<LinkPair<R>> = Load::<Mo, _, _>::all(conn, linked)
                    .await
                    .map_err(crate::write::error::<R>)?;
                present.extend(rows);
            }
            if !present.is_empty() {
                let (missing_of, missing_to) = of
                    .into_iter()
                    .zip(to)
                    .filter(|pair| !present.contains(pair))
                    .unzip();
                (of, to) = (missing_of, missing_to);
            }
            insert_links::<R, Mo, C>(conn, Sources::Each(of), to).await
        }
        .await;
        tx::finish::<Mo, C, _>(conn, R::full_name(), nested, result).await
    }
}

/// The distinct sources of `links`, first occurrence first, and their
/// distinct pairs as two columns (sources, targets). A source seen for the
/// first time has its targets made distinct among themselves (a scan for a
/// few, a set for many); only when a source comes back is every pair
/// checked against all the others.
#[allow(clippy::type_complexity)]
fn distinct_pairs<'t, R>(
    links: impl IntoIterator<Item = (&'t R::Source, Vec<&'t R::Target>)>,
) -> (Vec<R::SourceKey>, Vec<R::SourceKey>, Vec<R::TargetKey>)
where
    R: ManyToMany,
    R::Source: 't,
    R::Target: 't,
{
    use std::collections::HashSet;
    /// Up to this many targets a source, a scan is cheaper than a set.
    const SCAN: usize = 16;
    let mut sources = Vec::new();
    let mut seen_source = HashSet::new();
    let mut again = false;
    let (mut of, mut to) = (Vec::new(), Vec::new());
    for (source, targets) in links {
        let key = R::source_key(source);
        if seen_source.insert(key.clone()) {
            sources.push(key.clone());
        } else {
            again = true;
        }
        let start = to.len();
        let mut seen = HashSet::new();
        for target in targets {
            let target = R::target_key(target);
            let new = if again {
                true
            } else if to.len() - start < SCAN {
                !to[start..].contains(&target)
            } else {
                if seen.is_empty() {
                    seen.extend(to[start..].iter().cloned());
                }
                seen.insert(target.clone())
            };
            if new {
                of.push(key.clone());
                to.push(target);
            }
        }
    }
    if again {
        let mut seen = HashSet::with_capacity(of.len());
        let (distinct_of, distinct_to) = of
            .into_iter()
            .zip(to)
            .filter(|pair| seen.insert(pair.clone()))
            .unzip();
        (of, to) = (distinct_of, distinct_to);
    }
    (sources, of, to)
}
