//! Diesel's `MultiConnection`: one connection enum over several backends.
//!
//! `#[derive(diesel::MultiConnection)]` writes a backend type of its own,
//! `MultiBackend`, into the module of the enum. This library cannot name
//! that type, so the per-backend parts of it (the key lists of batched
//! loads, the association statements and their locks, the keys a graph
//! insert reads back, the catalog `verify` reads) cannot be implemented for
//! it here. [`multi_connection!`](crate::multi_connection) writes them
//! beside the derive, in the program's crate, where Rust's orphan rule
//! allows them: each one hands the statement to the variant the connection
//! is, as Diesel's own derive does for its built-in statements.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! use diesel_relations::eager::Eager;
//!
//! diesel_relations::multi_connection! {
//!     #[derive(diesel::MultiConnection)]
//!     pub enum AnyConnection {
//!         Sqlite(diesel::SqliteConnection),
//!     }
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut conn = AnyConnection::Sqlite(connection());
//! let customers: Vec<Customer> = customers::table
//!     .order(customers::id)
//!     .select(Customer::as_select())
//!     .load(&mut conn)?;
//! let loaded = customers.eager(&mut conn, Customer::invoices)?;
//! assert_eq!(loaded[0].related.len(), 2);   // Alice's invoices, one query for all
//! # Ok(())
//! # }
//! ```
//!
//! What stays out of reach, and why, is in docs/async.md (section
//! "MultiConnection").
//!
//! May use: `loading`, `writing`, `schema`, `declaring`, `error` (the
//! traits the macro implements; it names them through `$crate`).

use crate::upkeep::{Aborted, LinkWrites};
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::QueryResult;

/// The smallest of the variants' limits: a statement cut to it fits each.
#[doc(hidden)]
pub const fn least(limits: &[usize]) -> usize {
    let mut least = usize::MAX;
    let mut i = 0;
    while i < limits.len() {
        if limits[i] < least {
            least = limits[i];
        }
        i += 1;
    }
    least
}

/// Whether any variant says so.
#[doc(hidden)]
pub const fn any(flags: &[bool]) -> bool {
    let mut i = 0;
    while i < flags.len() {
        if flags[i] {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether every variant says so.
#[doc(hidden)]
pub const fn all(flags: &[bool]) -> bool {
    let mut i = 0;
    while i < flags.len() {
        if !flags[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// What a killed transaction leaves behind on any of the variants: the
/// strictest handling is right on each of them. A variant that never has
/// its transaction killed (SQLite) never takes this path, and on
/// PostgreSQL, which keeps the transaction aborted, MySQL's `Reopen`
/// statement fails like every other one and the transaction stays marked
/// broken.
#[doc(hidden)]
pub const fn strictest(aborted: &[Aborted]) -> Aborted {
    let mut found = Aborted::Never;
    let mut i = 0;
    while i < aborted.len() {
        match aborted[i] {
            Aborted::Reopen(sql) => return Aborted::Reopen(sql),
            Aborted::StaysAborted => found = Aborted::StaysAborted,
            Aborted::Never => {}
        }
        i += 1;
    }
    found
}

/// The locking clause of a statement ([`LinkWrites::push_locking`]), as a
/// fragment that a `MultiBackend` hands to the variant it runs on.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct LockingClause {
    read: bool,
}

impl LockingClause {
    /// `LinkWrites::LOCKING`.
    pub const WRITE: LockingClause = LockingClause { read: false };
    /// `LinkWrites::READ_LOCKING`.
    pub const READ: LockingClause = LockingClause { read: true };

    /// The clause for `read`.
    pub const fn of(read: bool) -> &'static LockingClause {
        if read {
            &LockingClause::READ
        } else {
            &LockingClause::WRITE
        }
    }
}

impl<DB: LinkWrites> QueryFragment<DB> for LockingClause {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        DB::push_locking(&mut out, self.read)
    }
}

/// Declares a `#[derive(diesel::MultiConnection)]` enum and makes every
/// operation of this library work on it: write the enum inside the macro,
/// derive included, in a module of its own (the derive names its backend
/// `MultiBackend` in that module).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// diesel_relations::multi_connection! {
///     #[derive(diesel::MultiConnection)]
///     pub enum AnyConnection {
///         Sqlite(diesel::SqliteConnection),
///     }
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut conn = AnyConnection::Sqlite(connection());
/// let alice: Customer = customers::table.find(1).select(Customer::as_select()).first(&mut conn)?;
/// assert_eq!(alice.invoices().load(&mut conn)?.len(), 2);
/// diesel_relations::verify(&mut conn)?.into_result()?;   // the variant's catalog
/// # Ok(())
/// # }
/// ```
///
/// For each variant's backend `B` (SQLite, PostgreSQL, MySQL/MariaDB) it
/// writes, on `MultiBackend`:
///
/// - `KeyList` and `LinkWrites`: the limits are the smallest of the
///   variants', the choices the ones right on all of them (a locking
///   read where any variant needs it; the clause itself is each variant's);
/// - `QueryFragment` for the key lists and association statements, which
///   render as `B` renders them (`json_each(?)` on SQLite, `= ANY(?)` on
///   PostgreSQL, `IN (?, ..)` on MySQL);
/// - `InsertKeys` (graph writes) and `Catalog` (`verify`) on the enum,
///   which run on the variant's own connection.
#[macro_export]
macro_rules! multi_connection {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident($conn:ty)),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        $vis enum $name {
            $($variant($conn)),+
        }

        impl $crate::keys::KeyList for MultiBackend {
            const MAX_KEYS: usize = $crate::multi::least(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::keys::KeyList>::MAX_KEYS
            ),+]);
            const MAX_BYTES: usize = $crate::multi::least(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::keys::KeyList>::MAX_BYTES
            ),+]);
            const KEY_FIRST: bool = $crate::multi::all(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::keys::KeyList>::KEY_FIRST
            ),+]);
            const SORT_IN_RUST: bool = $crate::multi::all(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::keys::KeyList>::SORT_IN_RUST
            ),+]);
            // In Rust where any variant needs it, correlated where all
            // take it: that form is written for SQLite only.
            const TRUNCATE_PER_PARENT: bool = $crate::multi::any(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::keys::KeyList>::TRUNCATE_PER_PARENT
            ),+]);
            const CORRELATED_PER_PARENT: bool = $crate::multi::all(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::keys::KeyList>::CORRELATED_PER_PARENT
            ),+]);
        }

        impl $crate::upkeep::LinkWrites for MultiBackend {
            const LOCK_SOURCES: bool = $crate::multi::any(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::upkeep::LinkWrites>::LOCK_SOURCES
            ),+]);
            const DIFF_HERE: bool = $crate::multi::any(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::upkeep::LinkWrites>::DIFF_HERE
            ),+]);
            const MAX_ROWS: usize = $crate::multi::least(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::upkeep::LinkWrites>::MAX_ROWS
            ),+]);
            const PAIR_ROWS: usize = $crate::multi::least(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::upkeep::LinkWrites>::PAIR_ROWS
            ),+]);
            // Never pushed: `push_locking` renders the variant's.
            const LOCKING: &'static str = "";
            const READ_LOCKING: &'static str = "";
            const ABORTED: $crate::upkeep::Aborted = $crate::multi::strictest(&[$(
                <<$conn as $crate::__private::diesel::Connection>::Backend as $crate::upkeep::LinkWrites>::ABORTED
            ),+]);
            fn push_locking(
                out: &mut $crate::__private::diesel::query_builder::AstPass<'_, '_, Self>,
                read: bool,
            ) -> $crate::__private::diesel::QueryResult<()> {
                MultiBackend::walk_variant_ast($crate::multi::LockingClause::of(read), out.reborrow())
            }
        }

        $crate::multi_connection!(@dispatch [$($conn),+] <Col, K> $crate::keys::KeyIn<Col, K>);
        $crate::multi_connection!(@dispatch [$($conn),+] <Col: $crate::__private::diesel::Column, K> $crate::keys::KeyMatch<Col, K>);
        $crate::multi_connection!(@dispatch [$($conn),+] <T, K, Pk, Ids, Sel, Ord> $crate::first_rows::FirstRows<T, K, Pk, Ids, Sel, Ord>);
        $crate::multi_connection!(@dispatch [$($conn),+] <S, T, SK, TK> $crate::upkeep::InsertLinks<S, T, SK, TK>);

        impl<T, V, K> $crate::graph::InsertKeys<$name, T, V, K> for MultiBackend
        where
            K: ::std::marker::Send,
            $(<$conn as $crate::__private::diesel::Connection>::Backend: $crate::graph::InsertKeys<$conn, T, V, K>,)+
        {
            // The variant's own insert runs to its end here (it is
            // synchronous); the future only carries the result.
            fn insert_keys<'a>(
                conn: &'a mut $name,
                table: T,
                rows: V,
                relationship: &'static str,
                column: &'static str,
            ) -> impl ::std::future::Future<Output = $crate::Result<::std::vec::Vec<K>>> + ::std::marker::Send + 'a
            where
                T: 'a,
                V: 'a,
                K: 'a,
            {
                let keys = match conn {
                    $($name::$variant(conn) => $crate::graph::insert_keys(conn, table, rows, relationship, column),)+
                };
                ::std::future::ready(keys)
            }
        }

        impl $crate::catalog::Catalog for $name
        where
            $($conn: $crate::catalog::Catalog,)+
        {
            fn backend_name(&self) -> &'static str {
                match self {
                    $($name::$variant(conn) => $crate::catalog::Catalog::backend_name(conn),)+
                }
            }
            fn read_table(
                &mut self,
                table: &str,
            ) -> $crate::__private::diesel::QueryResult<::std::option::Option<$crate::catalog::LiveTable>> {
                match self {
                    $($name::$variant(conn) => $crate::catalog::Catalog::read_table(conn, table),)+
                }
            }
        }
    };
    // A fragment rendered by the variant the statement runs on.
    (@dispatch [$($conn:ty),+] <$($param:ident $(: $bound:path)?),+> $fragment:ty) => {
        impl<$($param $(: $bound)?),+> $crate::__private::diesel::query_builder::QueryFragment<MultiBackend> for $fragment
        where
            $(Self: $crate::__private::diesel::query_builder::QueryFragment<
                <$conn as $crate::__private::diesel::Connection>::Backend,
            >,)+
        {
            fn walk_ast<'b>(
                &'b self,
                pass: $crate::__private::diesel::query_builder::AstPass<'_, 'b, MultiBackend>,
            ) -> $crate::__private::diesel::QueryResult<()> {
                MultiBackend::walk_variant_ast(self, pass)
            }
        }
    };
}
