//! What a live database says about a table: its columns, foreign keys and
//! indexes, read from the backend's catalog.
//!
//! One [`Catalog`] impl per connection type reads PRAGMAs (SQLite),
//! `pg_catalog` (PostgreSQL) or `information_schema` (MySQL/MariaDB) with the
//! table's name bound as a parameter; nothing is written. `verify` works on
//! the [`LiveTable`]s they return, the same way on every backend.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::catalog::Catalog;
//! let conn = &mut connection();
//! let invoices = conn.read_table("invoices")?.expect("the migrations create it");
//! let fk = invoices.foreign_keys_on("custid").next().expect("a foreign key");
//! assert_eq!((fk.referenced_table.as_str(), fk.referenced_column.as_str()), ("customers", "id"));
//! assert!(invoices.has_index_on("custid"));
//! assert!(conn.read_table("favourites")?.unwrap().is_unique("parent_id"));
//! assert!(conn.read_table("nowhere")?.is_none());
//! // A composite foreign key: its constraint's column pairs, in order, and its indexes.
//! # use diesel::connection::SimpleConnection;
//! conn.batch_execute(
//!     "CREATE TABLE doc_lines (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));
//!      CREATE TABLE doc_notes (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER,
//!          FOREIGN KEY (b, a) REFERENCES doc_lines (a, b));
//!      CREATE UNIQUE INDEX doc_notes_ab ON doc_notes (a, b)",
//! )?;
//! let notes = conn.read_table("doc_notes")?.unwrap();
//! assert_eq!(notes.foreign_key_constraints(), [("doc_lines", vec![("b", "a"), ("a", "b")])]);
//! assert!(notes.has_index_leading_with(&["b", "a"]) && !notes.has_index_leading_with(&["b"]));
//! assert!(notes.is_unique_together(&["b", "a"]) && !notes.is_unique_together(&["a"]));
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

use diesel::QueryResult;
use std::future::Future;

/// The one shape of every catalog query: SQL text with the table's name
/// bound. Boxed, since the unboxed type has no public name, and wrapped,
/// so that no lifetime parameter shows in the futures that hold it (rustc
/// cannot prove those `Send` otherwise, rust-lang/rust#100013).
#[doc(hidden)]
pub struct CatalogQuery<DB: diesel::backend::Backend>(
    diesel::query_builder::BoxedSqlQuery<'static, DB, diesel::query_builder::SqlQuery>,
);

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryId for CatalogQuery<DB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB: diesel::backend::Backend> diesel::query_builder::Query for CatalogQuery<DB> {
    type SqlType = diesel::sql_types::Untyped;
}

impl<DB> diesel::query_builder::QueryFragment<DB> for CatalogQuery<DB>
where
    DB: diesel::backend::Backend,
    diesel::query_builder::BoxedSqlQuery<'static, DB, diesel::query_builder::SqlQuery>:
        diesel::query_builder::QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, out: diesel::query_builder::AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}

impl<DB: diesel::backend::Backend, C> diesel::RunQueryDsl<C> for CatalogQuery<DB> {}

/// `sql` with `table` bound.
fn catalog_query<DB>(sql: &'static str, table: &str) -> CatalogQuery<DB>
where
    DB: diesel::backend::Backend + diesel::sql_types::HasSqlType<diesel::sql_types::Text>,
    String: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
{
    CatalogQuery(
        diesel::sql_query(sql)
            .into_boxed::<DB>()
            .bind::<diesel::sql_types::Text, _>(table.to_owned()),
    )
}

/// A connection whose database catalog `verify` can read.
///
/// Implemented for `SqliteConnection`, `PgConnection` and `MysqlConnection`;
/// a pooled connection derefs to one of them (`verify(&mut *pooled)`).
pub trait Catalog {
    /// The backend's name, as reports print it (`PostgreSQL`).
    fn backend_name(&self) -> &'static str;

    /// The table's columns, foreign keys and indexes; `None` when the
    /// database has no table of that name (in the schema the connection
    /// sees: `search_path` on PostgreSQL, the URL's database on MySQL).
    fn read_table(&mut self, table: &str) -> QueryResult<Option<LiveTable>>;
}

/// [`Catalog`] for a `diesel_async` connection (feature `async`):
/// `AsyncPgConnection`, `AsyncMysqlConnection` and SQLite's
/// `SyncConnectionWrapper`; a pooled one derefs to them. Each reads with
/// the same code as its synchronous namesake ([`crate::exec`]).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
/// use diesel_relations::catalog::AsyncCatalog;
/// let conn = &mut async_connection();
/// let favourites = conn.read_table("favourites").await?.expect("the migrations create it");
/// assert!(favourites.is_unique("parent_id"));
/// assert!(conn.read_table("nowhere").await?.is_none());
/// # Ok(()) }) }
/// ```
#[cfg(feature = "async")]
pub trait AsyncCatalog: Send {
    /// The backend's name, as reports print it (`PostgreSQL`).
    fn backend_name(&self) -> &'static str;

    /// [`Catalog::read_table`], as a `Send` future.
    fn read_table<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a;
}

/// A catalog in mode `M` ([`crate::exec`]): what `verify` is written
/// against, once for both modes.
#[doc(hidden)]
pub trait ReadTable<M> {
    /// [`Catalog::backend_name`].
    fn name(&self) -> &'static str;
    /// [`Catalog::read_table`], as a future of mode `M`.
    fn read<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a;
}

impl<C: Catalog> ReadTable<crate::exec::Blocking> for C {
    fn name(&self) -> &'static str {
        self.backend_name()
    }
    fn read<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a {
        std::future::ready(self.read_table(table))
    }
}

#[cfg(feature = "async")]
impl<C: AsyncCatalog> ReadTable<crate::exec::Async> for C {
    fn name(&self) -> &'static str {
        self.backend_name()
    }
    fn read<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a {
        self.read_table(table)
    }
}

/// One table as the database declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveTable {
    /// The name the catalog was asked for.
    pub name: String,
    /// In the table's column order.
    pub columns: Vec<LiveColumn>,
    /// One entry per column of each foreign key constraint.
    pub foreign_keys: Vec<LiveForeignKey>,
    /// Every index, including those behind PRIMARY KEY and UNIQUE
    /// constraints; partial indexes are left out (they cover some rows only).
    pub indexes: Vec<LiveIndex>,
}

/// A column and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveColumn {
    /// As the database spells it (the SQL name, not the Rust one).
    pub name: String,
    /// The type as the database prints it (`bigint`, `int(11)`, `INTEGER`).
    pub type_name: String,
    /// The Diesel SQL type that type reads as (`BigInt`), as
    /// `diesel print-schema` would map it; `None` for types it cannot tell.
    pub diesel_type: Option<&'static str>,
    /// Whether the column admits NULL: compared with the Diesel schema's
    /// `Nullable`.
    pub nullable: bool,
}

/// One column of a foreign key constraint (a composite key gives one per
/// column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveForeignKey {
    /// The constraint's name (SQLite numbers them).
    pub name: String,
    /// The referencing column, in this table.
    pub column: String,
    /// The table the constraint points at.
    pub referenced_table: String,
    /// The column it points at (a relationship expects the primary key).
    pub referenced_column: String,
}

/// An index and its key columns, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveIndex {
    /// The index's name (SQLite's `sqlite_autoindex_..` for a constraint's).
    pub name: String,
    /// Whether it enforces UNIQUE, which a one-to-one's key needs.
    pub unique: bool,
    /// `None` where the index has an expression instead of a column.
    pub columns: Vec<Option<String>>,
}

impl LiveTable {
    /// The column named `name` (SQL names compare case-insensitively).
    pub fn column(&self, name: &str) -> Option<&LiveColumn> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// The foreign keys on `column`.
    pub fn foreign_keys_on<'a>(
        &'a self,
        column: &'a str,
    ) -> impl Iterator<Item = &'a LiveForeignKey> + 'a {
        self.foreign_keys
            .iter()
            .filter(move |fk| fk.column.eq_ignore_ascii_case(column))
    }

    /// Whether an index starts with `column`, so that looking rows up by it
    /// does not scan the table.
    pub fn has_index_on(&self, column: &str) -> bool {
        self.indexes.iter().any(|i| i.leads_with(column))
    }

    /// Whether a UNIQUE index (or the primary key) is on exactly `column`,
    /// so that no two rows share a value.
    pub fn is_unique(&self, column: &str) -> bool {
        self.indexes.iter().any(|i| {
            i.unique
                && i.columns.len() == 1
                && i.columns[0]
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(column))
        })
    }
}

impl LiveTable {
    /// The foreign key constraints, each as its `(column, referenced
    /// column)` pairs in the constraint's order, with the table it
    /// references: what a composite foreign key is compared with.
    pub fn foreign_key_constraints(&self) -> Vec<(&str, Vec<(&str, &str)>)> {
        // (name, referenced table, pairs), in the catalog's order.
        type Constraint<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
        let mut constraints: Vec<Constraint<'_>> = Vec::new();
        for fk in &self.foreign_keys {
            let pair = (fk.column.as_str(), fk.referenced_column.as_str());
            match constraints.iter_mut().find(|(name, ..)| *name == fk.name) {
                Some((_, _, pairs)) => pairs.push(pair),
                None => constraints.push((&fk.name, &fk.referenced_table, vec![pair])),
            }
        }
        constraints
            .into_iter()
            .map(|(_, table, pairs)| (table, pairs))
            .collect()
    }

    /// Whether an index starts with exactly `columns`, in any order, so
    /// that looking rows up by all of them does not scan the table.
    pub fn has_index_leading_with(&self, columns: &[&str]) -> bool {
        self.indexes.iter().any(|i| {
            i.columns.len() >= columns.len() && same_set(&i.columns[..columns.len()], columns)
        })
    }

    /// Whether a UNIQUE index (or the primary key) is on exactly
    /// `columns`, in any order: no two rows share their values.
    pub fn is_unique_together(&self, columns: &[&str]) -> bool {
        self.indexes
            .iter()
            .any(|i| i.unique && i.columns.len() == columns.len() && same_set(&i.columns, columns))
    }
}

/// `index` (columns of an index) holds exactly `columns`, in any order.
fn same_set(index: &[Option<String>], columns: &[&str]) -> bool {
    columns.iter().all(|c| {
        index
            .iter()
            .any(|i| i.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(c)))
    })
}

impl LiveIndex {
    fn leads_with(&self, column: &str) -> bool {
        self.columns
            .first()
            .and_then(|c| c.as_deref())
            .is_some_and(|c| c.eq_ignore_ascii_case(column))
    }
}

/// Rows of an index query (one per key column) grouped into indexes.
/// `rows` must be ordered by index name, then position.
fn group_indexes(rows: impl IntoIterator<Item = (String, bool, Option<String>)>) -> Vec<LiveIndex> {
    let mut indexes: Vec<LiveIndex> = Vec::new();
    for (name, unique, column) in rows {
        match indexes.last_mut() {
            Some(last) if last.name == name => last.columns.push(column),
            _ => indexes.push(LiveIndex {
                name,
                unique,
                columns: vec![column],
            }),
        }
    }
    indexes
}
