//! Where a query meets a connection: the one place that differs between a
//! synchronous `diesel::Connection` and a `diesel_async` connection.
//!
//! Everything else a load does (which queries a plan runs, in which order,
//! how the rows are grouped, every error) is written once, as `async` code
//! generic over a mode `M` and a connection `C: Load<M, ..>`:
//!
//! - [`Blocking`]: `C: diesel::Connection`. Each query runs to the end when
//!   it is asked for, and its future is ready at once; [`block`] polls the
//!   whole load once and returns its result, so the synchronous API is that
//!   same code with no runtime under it.
//! - `Async` (feature `async`): `C: diesel_async::AsyncConnection`. The
//!   query is awaited, its rows streamed.
//!
//! The futures are `Send` in both modes, so that the asynchronous ones run
//! inside `tokio::spawn`; rustc can prove that of generic code only when
//! each trait says so (rust-lang/rust#100013), hence the `Send` bounds on
//! rows, keys and connections in the synchronous API too (Diesel's
//! connections and plain row structs are `Send`).
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::exec::{block, Blocking, Load};
//! let conn = &mut connection();
//! let query = invoices::table.filter(invoices::custid.eq(1)).select(invoices::id);
//! let ids: Vec<i32> = block(async {
//!     Load::<Blocking, _, i32>::all(conn, query).await.map_err(diesel_relations::RelationError::from)
//! })?;
//! assert_eq!(ids, [1, 2]);
//! # Ok(())
//! # }
//! ```

use crate::error::{RelationError, Result};
use diesel::QueryResult;
use std::future::Future;
use std::task::{Context, Poll, Waker};

/// The synchronous mode: the connection is a `diesel::Connection`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Blocking;

/// The asynchronous mode: the connection is a `diesel_async::AsyncConnection`.
#[cfg(feature = "async")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Async;

/// A connection of mode `M`, and its Diesel backend.
pub trait Connected<M>: Send {
    /// The backend its queries are built for.
    type Backend: diesel::backend::Backend;
}

/// The backend of connection `C` in mode `M`.
pub type Db<C, M> = <C as Connected<M>>::Backend;

impl<C: diesel::Connection + Send> Connected<Blocking> for C {
    type Backend = C::Backend;
}

#[cfg(feature = "async")]
impl<C: diesel_async::AsyncConnectionCore> Connected<Async> for C {
    type Backend = C::Backend;
}

/// Runs a query `Q` loading rows `U` on a connection, in mode `M`.
/// Implemented for every `diesel::Connection` ([`Blocking`]) and, with the
/// `async` feature, every `diesel_async::AsyncConnection` (`Async`); the
/// loading code asks for this bound, never for a connection trait itself.
pub trait Load<M, Q, U> {
    /// Hands each row to `visit` as it is read; a database error goes
    /// through `err`, which names the relationship.
    fn each<'a, V>(
        &'a mut self,
        query: Q,
        err: fn(diesel::result::Error) -> RelationError,
        visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(U) -> Result<()> + Send + 'a;

    /// Every row, in a vector.
    fn all<'a>(&'a mut self, query: Q) -> impl Future<Output = QueryResult<Vec<U>>> + Send + 'a;
}

impl<C, Q, U> Load<Blocking, Q, U> for C
where
    C: diesel::Connection,
    Q: diesel::query_dsl::LoadQuery<'static, C, U> + 'static,
    U: Send + 'static,
{
    fn each<'a, V>(
        &'a mut self,
        query: Q,
        err: fn(diesel::result::Error) -> RelationError,
        mut visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(U) -> Result<()> + Send + 'a,
    {
        // Run here, to the end: the future only carries the result.
        let run = || -> Result<()> {
            let rows = diesel::RunQueryDsl::load_iter::<U, diesel::connection::DefaultLoadingMode>(
                query, self,
            )
            .map_err(err)?;
            for row in rows {
                visit(row.map_err(err)?)?;
            }
            Ok(())
        };
        std::future::ready(run())
    }

    fn all<'a>(&'a mut self, query: Q) -> impl Future<Output = QueryResult<Vec<U>>> + Send + 'a {
        std::future::ready(diesel::RunQueryDsl::load(query, self))
    }
}

#[cfg(feature = "async")]
impl<C, Q, U> Load<Async, Q, U> for C
where
    C: diesel_async::AsyncConnectionCore,
    Q: diesel_async::methods::LoadQuery<'static, C, U> + Send + 'static,
    U: Send + 'static,
{
    fn each<'a, V>(
        &'a mut self,
        query: Q,
        err: fn(diesel::result::Error) -> RelationError,
        mut visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(U) -> Result<()> + Send + 'a,
    {
        async move {
            let stream = diesel_async::RunQueryDsl::load_stream::<U>(query, self)
                .await
                .map_err(err)?;
            let mut stream = std::pin::pin!(stream);
            while let Some(row) = futures_util::StreamExt::next(&mut stream).await {
                visit(row.map_err(err)?)?;
            }
            Ok(())
        }
    }

    fn all<'a>(&'a mut self, query: Q) -> impl Future<Output = QueryResult<Vec<U>>> + Send + 'a {
        diesel_async::RunQueryDsl::load::<U>(query, self)
    }
}

/// Runs a load of the synchronous mode to its result: its futures are
/// ready when first polled, so one poll does it, with no runtime. A future
/// that is not (one that waits on something, which no [`Blocking`] load
/// does) is reported as an error rather than blocked on.
pub fn block<T>(load: impl Future<Output = Result<T>>) -> Result<T> {
    poll_once(load).unwrap_or_else(|| Err(RelationError::Transaction(not_ready())))
}

/// [`block`] for a future of a Diesel result (the catalog reads of
/// `verify`).
///
/// ```
/// use diesel_relations::exec::block_query;
/// assert_eq!(block_query(async { Ok::<_, diesel::result::Error>(3) }).ok(), Some(3));
/// ```
pub fn block_query<T>(query: impl Future<Output = QueryResult<T>>) -> QueryResult<T> {
    poll_once(query).unwrap_or_else(|| Err(not_ready()))
}

/// The error of a synchronous call whose future was not ready.
pub(crate) fn not_ready() -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(
        "a synchronous load waited on a future that was not ready".into(),
    )
}

/// The output of `future` if it is ready at its first poll, which every
/// [`Blocking`] future is: what [`block`] runs on.
///
/// ```
/// use diesel_relations::exec::poll_once;
/// assert_eq!(poll_once(async { 7 }), Some(7));
/// assert_eq!(poll_once(std::future::pending::<i32>()), None);
/// ```
pub fn poll_once<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}

/// Runs a statement `Q` (an INSERT, UPDATE or DELETE) on a connection in
/// mode `M`, for the number of rows it changed: the writes' counterpart of
/// [`Load`], and the only place they meet a connection's `execute`.
pub trait Execute<M, Q> {
    /// The rows changed.
    fn execute<'a>(
        &'a mut self,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a;
}

impl<C, Q> Execute<Blocking, Q> for C
where
    C: diesel::Connection,
    Q: diesel::query_dsl::methods::ExecuteDsl<C>,
{
    fn execute<'a>(
        &'a mut self,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a,
    {
        std::future::ready(diesel::query_dsl::methods::ExecuteDsl::execute(
            statement, self,
        ))
    }
}

#[cfg(feature = "async")]
impl<C, Q> Execute<Async, Q> for C
where
    C: diesel_async::AsyncConnectionCore,
    C::Backend: AsyncExecute<C, Q>,
{
    fn execute<'a>(
        &'a mut self,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a,
    {
        <C::Backend as AsyncExecute<C, Q>>::execute(self, statement)
    }
}

/// How a backend's `diesel_async` connections run a statement: through
/// diesel-async's `ExecuteDsl` on PostgreSQL and MySQL; on SQLite, on the
/// `SqliteConnection` inside `SyncConnectionWrapper` (its blocking task),
/// since Diesel writes an INSERT of several rows for that type alone (so
/// there the statement is `Send + 'static`: it owns its values).
#[cfg(feature = "async")]
pub trait AsyncExecute<C, Q> {
    /// The rows changed.
    fn execute<'a>(
        conn: &'a mut C,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a;
}

#[cfg(all(feature = "async", feature = "postgres"))]
impl<C, Q> AsyncExecute<C, Q> for diesel::pg::Pg
where
    C: diesel_async::AsyncConnectionCore<Backend = diesel::pg::Pg>,
    Q: diesel_async::methods::ExecuteDsl<C>,
{
    fn execute<'a>(
        conn: &'a mut C,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a,
    {
        diesel_async::methods::ExecuteDsl::execute(statement, conn)
    }
}

#[cfg(all(feature = "async", feature = "mysql"))]
impl<C, Q> AsyncExecute<C, Q> for diesel::mysql::Mysql
where
    C: diesel_async::AsyncConnectionCore<Backend = diesel::mysql::Mysql>,
    Q: diesel_async::methods::ExecuteDsl<C>,
{
    fn execute<'a>(
        conn: &'a mut C,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a,
    {
        diesel_async::methods::ExecuteDsl::execute(statement, conn)
    }
}

#[cfg(all(feature = "async", feature = "sqlite"))]
impl<S, Q>
    AsyncExecute<
        diesel_async::sync_connection_wrapper::SyncConnectionWrapper<diesel::SqliteConnection, S>,
        Q,
    > for diesel::sqlite::Sqlite
where
    S: diesel_async::sync_connection_wrapper::SpawnBlocking + Send,
    Q: diesel::query_dsl::methods::ExecuteDsl<diesel::SqliteConnection> + Send + 'static,
{
    fn execute<'a>(
        conn: &'a mut diesel_async::sync_connection_wrapper::SyncConnectionWrapper<
            diesel::SqliteConnection,
            S,
        >,
        statement: Q,
    ) -> impl Future<Output = QueryResult<usize>> + Send + 'a
    where
        Q: 'a,
    {
        conn.spawn_blocking(move |inner| {
            diesel::query_dsl::methods::ExecuteDsl::execute(statement, inner)
        })
    }
}

/// The backend of connection `C` writing in mode `M`.
pub type WriteDb<C, M> = <C as Transact<M>>::Backend;

/// A connection's transaction manager in mode `M`: what a write's
/// transaction (a savepoint inside the caller's) is made of. Diesel's
/// `TransactionManager` for [`Blocking`], diesel-async's for `Async`; both
/// keep Diesel's `TransactionManagerStatus`.
pub trait Transact<M> {
    /// The backend its statements are built for.
    type Backend: diesel::backend::Backend;
    /// The caller's transaction depth: `None` outside a transaction.
    fn depth(&mut self) -> QueryResult<Option<std::num::NonZeroU32>>;
    /// Marks the transaction manager broken, so that the caller's
    /// transaction reports an error instead of committing.
    fn set_in_error(&mut self);
    /// `BEGIN`, or a savepoint inside a transaction.
    fn begin(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_;
    /// `COMMIT`, or the savepoint's release.
    fn commit(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_;
    /// `ROLLBACK`, or back to the savepoint.
    fn rollback(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_;
    /// Runs a fixed SQL text (no values in it).
    fn batch(&mut self, sql: &'static str) -> impl Future<Output = QueryResult<()>> + Send + '_;
}

impl<C: diesel::Connection> Transact<Blocking> for C {
    type Backend = C::Backend;
    fn depth(&mut self) -> QueryResult<Option<std::num::NonZeroU32>> {
        use diesel::connection::TransactionManager;
        C::TransactionManager::transaction_manager_status_mut(self).transaction_depth()
    }
    fn set_in_error(&mut self) {
        use diesel::connection::TransactionManager;
        C::TransactionManager::transaction_manager_status_mut(self).set_in_error();
    }
    fn begin(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        use diesel::connection::TransactionManager;
        std::future::ready(C::TransactionManager::begin_transaction(self))
    }
    fn commit(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        use diesel::connection::TransactionManager;
        std::future::ready(C::TransactionManager::commit_transaction(self))
    }
    fn rollback(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        use diesel::connection::TransactionManager;
        std::future::ready(C::TransactionManager::rollback_transaction(self))
    }
    fn batch(&mut self, sql: &'static str) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        std::future::ready(diesel::connection::SimpleConnection::batch_execute(
            self, sql,
        ))
    }
}

#[cfg(feature = "async")]
impl<C: diesel_async::AsyncConnection> Transact<Async> for C {
    type Backend = C::Backend;
    fn depth(&mut self) -> QueryResult<Option<std::num::NonZeroU32>> {
        use diesel_async::TransactionManager;
        C::TransactionManager::transaction_manager_status_mut(self).transaction_depth()
    }
    fn set_in_error(&mut self) {
        use diesel_async::TransactionManager;
        C::TransactionManager::transaction_manager_status_mut(self).set_in_error();
    }
    fn begin(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        use diesel_async::TransactionManager;
        C::TransactionManager::begin_transaction(self)
    }
    fn commit(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        use diesel_async::TransactionManager;
        C::TransactionManager::commit_transaction(self)
    }
    fn rollback(&mut self) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        use diesel_async::TransactionManager;
        C::TransactionManager::rollback_transaction(self)
    }
    fn batch(&mut self, sql: &'static str) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        diesel_async::SimpleAsyncConnection::batch_execute(self, sql)
    }
}
