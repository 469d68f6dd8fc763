//! The loads on `diesel_async` connections (feature `async`):
//! `AsyncPgConnection`, `AsyncMysqlConnection`, SQLite through
//! `SyncConnectionWrapper`, and the pooled connections of bb8 and deadpool
//! (pass `&mut *pooled`). The traits here are the synchronous ones'
//! namesakes, as `diesel_async::RunQueryDsl` is Diesel's: import these
//! instead, and `.await` the same calls. The lazy handles' loaders are
//! `load_async` and `get_async` (the names `load` and `get` are the
//! synchronous ones').
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
//! use diesel_relations::asynchronous::{Eager, LoadRelated};
//! use diesel_relations::eager::with;
//! let conn = &mut async_connection();   // any diesel_async::AsyncConnection
//! let query = customers::table.order(customers::id).select(Customer::as_select());
//! let customers: Vec<Customer> = diesel_async::RunQueryDsl::load(query, conn).await?;
//!
//! // The same plans as the synchronous `Eager`: 2 queries here.
//! let pages = customers.clone().eager(conn, with(Customer::invoices, Invoice::lines)).await?;
//! assert_eq!(pages[0].related[0].related.len(), 2);
//!
//! let invoices = customers.load_related(conn, Customer::invoices).await?;
//! assert_eq!(invoices.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
//!
//! // A lazy handle: load_async / get_async.
//! let lines = invoices[0][0].lines().load_async(conn).await?;
//! let owner: Customer = invoices[1][0].customer().get_async(conn).await?;
//! assert_eq!((lines.len(), owner.name.as_str()), (2, "Bob"));
//! # Ok(()) }) }
//! ```
//!
//! The futures are `Send`: they run in `tokio::spawn`. Each is the very
//! code of the synchronous call, which polls it once ([`crate::exec`]).

use crate::eager::{Node, Plan};
use crate::error::Result;
use crate::exec::Async;
use std::future::Future;

/// Loads a plan for a list of rows on a `diesel_async` connection: the
/// asynchronous [`crate::eager::Eager`].
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
/// use diesel_relations::asynchronous::Eager;
/// use diesel_relations::eager::both;
/// let conn = &mut async_connection();
/// let invoices: Vec<Invoice> = diesel_async::RunQueryDsl::load(
///     invoices::table.order(invoices::id).select(Invoice::as_select()), conn).await?;
/// let pages = invoices.eager(conn, both(Invoice::customer, Invoice::lines)).await?;
/// assert_eq!((pages[2].related.0.name.as_str(), pages[2].related.1.len()), ("Bob", 0));
/// # Ok(()) }) }
/// ```
pub trait Eager<P>: Sized {
    /// Each row with what `plan` loads for it, in the order of `self`.
    fn eager<'a, C, L>(
        self,
        conn: &'a mut C,
        plan: L,
    ) -> impl Future<Output = Result<Vec<Node<P, L::Output>>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        L: Plan<P, C, Async> + Send + 'a,
        P: 'a;
}

impl<P: Send + Sync> Eager<P> for Vec<P> {
    fn eager<'a, C, L>(
        self,
        conn: &'a mut C,
        plan: L,
    ) -> impl Future<Output = Result<Vec<Node<P, L::Output>>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        L: Plan<P, C, Async> + Send + 'a,
        P: 'a,
    {
        async move { plan.attach(conn, self).await }
    }
}

/// Loads one relationship for every element of a slice of parents on a
/// `diesel_async` connection: the asynchronous
/// [`crate::eager::LoadRelated`].
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
/// use diesel_relations::asynchronous::LoadRelated;
/// let conn = &mut async_connection();
/// let employees: Vec<Employee> = diesel_async::RunQueryDsl::load(
///     employees::table.order(employees::id).select(Employee::as_select()), conn).await?;
/// let reports = employees.load_related(conn, Employee::reports).await?;
/// assert_eq!(reports.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 0, 0]);
/// # Ok(()) }) }
/// ```
pub trait LoadRelated<P> {
    /// [`Plan::run`] of `relationship` for these parents: `result[i]`
    /// belongs to `self[i]`.
    fn load_related<'a, C, L>(
        &'a self,
        conn: &'a mut C,
        relationship: L,
    ) -> impl Future<Output = Result<Vec<L::Output>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        L: Plan<P, C, Async> + Send + 'a;
}

impl<P: Sync> LoadRelated<P> for [P] {
    fn load_related<'a, C, L>(
        &'a self,
        conn: &'a mut C,
        relationship: L,
    ) -> impl Future<Output = Result<Vec<L::Output>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        L: Plan<P, C, Async> + Send + 'a,
    {
        async move { relationship.run(conn, self).await }
    }
}
