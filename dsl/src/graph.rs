//! Graph writes: rows with the rows that belong to them, one multi-row
//! INSERT per level (per chunk of rows), with the new keys read back, so
//! the next level can point at them.
//!
//! ```ignore
//! use diesel_relations::graph::{insert_children, insert_rows};
//! conn.transaction(|conn| {
//!     let customers = insert_rows::<Customer, _, _>(conn, new_customers)?;            // 1 INSERT
//!     let invoices = insert_children(conn, Customer::invoices, customers.into_iter().zip(invoices_of))?; // 1 INSERT
//!     insert_children(conn, Invoice::lines, invoices.into_iter().flatten().zip(lines_of))?;           // 1 INSERT
//!     Ok(())
//! })?;
//! ```
//!
//! The keys come back through `RETURNING` where the backend has it (SQLite
//! 3.35+, PostgreSQL). MySQL has none: there the keys are the range
//! `LAST_INSERT_ID()` starts, which InnoDB makes consecutive for one
//! multi-row INSERT under `innodb_autoinc_lock_mode` 0 or 1 (MariaDB's and
//! MySQL 5.7's default); under mode 2 ("interleaved", MySQL 8's default)
//! concurrent inserts could break the range, so use 1 there.
//!
//! On SQLite, Diesel inserts a `Vec` of rows one statement per row unless
//! the `Insertable` says `#[diesel(treat_none_as_default_value = false)]`:
//! by default its derive makes every field "defaultable", and SQLite cannot
//! write DEFAULT in a multi-row VALUES. With the attribute, `None` is NULL
//! and the level is one statement.

use crate::error::{RelationError, Result};
use crate::lazy::{ToMany, ToManyThrough};
use crate::relationship::LinkPair;
use crate::relationship::{ManyToMany, Model, OneToMany};
use crate::keys::KeyList;
use crate::tx::write_transaction;
use crate::upkeep::{LinkWrites, Locking, Sources};
use crate::write::{insert_links, lock_sources, ChildTable, InsertLinksOf, LockSources};
use diesel::dsl::{insert_into, Values};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::query_dsl::LoadQuery;
use diesel::{Connection, Insertable, RunQueryDsl, Table};

/// Rows per INSERT: with up to 32 columns a row, under SQLite's 32766
/// binds (PostgreSQL's and MySQL's 65535 leave more room).
pub const ROWS_PER_INSERT: usize = 1000;

/// A connection that can insert rows into `T` and tell their new keys `K`.
/// Implemented per backend: RETURNING, or MySQL's `LAST_INSERT_ID()`.
pub trait InsertKeys<T: Table, V, K>: Connection {
    /// Inserts `rows` (one multi-row INSERT) and returns their keys, in order.
    fn insert_keys(&mut self, table: T, rows: V) -> diesel::QueryResult<Vec<K>>;
}

#[cfg(any(feature = "sqlite", feature = "postgres"))]
macro_rules! insert_keys_returning {
    ($conn:ty) => {
        impl<'q, T, V, K> InsertKeys<T, V, K> for $conn
        where
            T: Table,
            V: Insertable<T>,
            diesel::dsl::Returning<Values<insert_into<T>, V>, T::PrimaryKey>:
                diesel::query_builder::Query + LoadQuery<'q, $conn, K> + RunQueryDsl<$conn>,
        {
            fn insert_keys(&mut self, table: T, rows: V) -> diesel::QueryResult<Vec<K>> {
                let key = table.primary_key();
                insert_into(table).values(rows).returning(key).load(self)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
insert_keys_returning!(diesel::SqliteConnection);
#[cfg(feature = "postgres")]
insert_keys_returning!(diesel::PgConnection);

#[cfg(feature = "mysql")]
impl<T, V, K> InsertKeys<T, V, K> for diesel::MysqlConnection
where
    T: Table,
    V: Insertable<T>,
    Values<insert_into<T>, V>: ExecuteDsl<diesel::MysqlConnection>,
    K: TryFrom<u64>,
{
    fn insert_keys(&mut self, table: T, rows: V) -> diesel::QueryResult<Vec<K>> {
        let inserted = insert_into(table).values(rows).execute(self)?;
        // The first key of this statement's rows; see the module docs.
        let first: u64 = diesel::select(diesel::dsl::sql::<
            diesel::sql_types::Unsigned<diesel::sql_types::BigInt>,
        >("LAST_INSERT_ID()"))
        .get_result(self)?;
        (first..first + inserted as u64)
            .map(|k| {
                K::try_from(k).map_err(|_| {
                    diesel::result::Error::DeserializationError(
                        format!("key {k} does not fit the key type").into(),
                    )
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
    C: InsertKeys<M::Table, Vec<V>, M::Key>,
{
    conn.transaction(|conn| {
        let mut keys = Vec::with_capacity(rows.len());
        for chunk in chunks(rows) {
            keys.extend(
                conn.insert_keys(M::Table::default(), chunk)
                    .map_err(|e| RelationError::from_diesel(M::MODEL, M::TABLE, e))?,
            );
        }
        Ok(keys)
    })
}

/// Inserts the children of many parents through a one-to-many, each with
/// its foreign key set: `groups` pairs a parent's key with its children.
/// Returns the new children's keys, grouped like `groups`. One INSERT per
/// [`ROWS_PER_INSERT`] children, in a transaction.
pub fn insert_children<R, C, V>(
    conn: &mut C,
    _relationship: fn(&R::Source) -> ToMany<R>,
    groups: impl IntoIterator<Item = (R::Key, Vec<V>)>,
) -> Result<Vec<Vec<<R::Target as Model>::Key>>>
where
    R: OneToMany,
    ChildTable<R>: Default,
    C: InsertKeys<ChildTable<R>, Vec<(R::Assign, V)>, <R::Target as Model>::Key>,
{
    let mut sizes = Vec::new();
    let mut rows = Vec::new();
    for (key, children) in groups {
        sizes.push(children.len());
        rows.extend(
            children
                .into_iter()
                .map(|child| (R::assign(key.clone()), child)),
        );
    }
    let keys = conn.transaction(|conn| {
        let mut keys = Vec::with_capacity(rows.len());
        for chunk in chunks(rows) {
            keys.extend(
                conn.insert_keys(ChildTable::<R>::default(), chunk)
                    .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))?,
            );
        }
        Ok::<_, RelationError>(keys)
    })?;
    let mut keys = keys.into_iter();
    Ok(sizes
        .into_iter()
        .map(|n| keys.by_ref().take(n).collect())
        .collect())
}

/// `rows` in chunks of [`ROWS_PER_INSERT`], moved, not cloned.
fn chunks<V>(rows: Vec<V>) -> impl Iterator<Item = Vec<V>> {
    let mut rows = rows.into_iter().peekable();
    std::iter::from_fn(move || {
        rows.peek()?;
        Some(rows.by_ref().take(ROWS_PER_INSERT).collect())
    })
}

/// Links many sources to their targets through a many-to-many at once,
/// never a duplicate, with or without a key on the association table and
/// whatever other connections do at the same time (docs/concurrency.md):
/// the sources' rows are locked in key order (PostgreSQL, MySQL), then one
/// INSERT adds the missing pairs, all in one bound parameter on SQLite and
/// PostgreSQL; on MySQL the existing links are read with a locking read and
/// the missing ones inserted in chunks. In a transaction. Returns how many
/// association rows it inserted.
pub fn link_all<'q, 't, R, C>(
    conn: &mut C,
    _relationship: fn(&R::Source) -> ToManyThrough<R>,
    links: impl IntoIterator<Item = (&'t R::Source, Vec<&'t R::Target>)>,
) -> Result<usize>
where
    R: ManyToMany,
    R::Source: 't,
    R::Target: 't,
    C: Connection,
    C::Backend: LinkWrites,
    LockSources<R>: LoadQuery<'q, C, <R::Source as Model>::Key>,
    Locking<R::LinkedMany>:
        LoadQuery<'q, C, (<R::Source as Model>::Key, <R::Target as Model>::Key)>,
    InsertLinksOf<R>: ExecuteDsl<C>,
{
    crate::write::writable::<R>()?;
    let mut sources = Vec::new();
    let mut seen_source = std::collections::HashSet::new();
    let mut seen_pair = std::collections::HashSet::new();
    let (mut of, mut to) = (Vec::new(), Vec::new());
    for (source, targets) in links {
        let key = source.primary_key();
        if seen_source.insert(key.clone()) {
            sources.push(key.clone());
        }
        for target in targets {
            let pair = (key.clone(), target.primary_key());
            if seen_pair.insert(pair.clone()) {
                of.push(pair.0);
                to.push(pair.1);
            }
        }
    }
    if of.is_empty() {
        return Ok(0);
    }
    write_transaction(conn, R::full_name(), |conn| {
        lock_sources::<R, C>(conn, &sources)?;
        if <C::Backend as LinkWrites>::DIFF_HERE {
            let mut present = std::collections::HashSet::new();
            for chunk in sources.chunks(<C::Backend as KeyList>::MAX_KEYS) {
                let rows: Vec<LinkPair<R::Source, R::Target>> =
                    Locking(R::linked_many(chunk.to_vec()))
                        .load(conn)
                        .map_err(crate::write::error::<R>)?;
                present.extend(rows);
            }
            let (missing_of, missing_to) = of
                .into_iter()
                .zip(to)
                .filter(|pair| !present.contains(pair))
                .unzip();
            (of, to) = (missing_of, missing_to);
        }
        insert_links::<R, C>(conn, Sources::Each(of), to)
    })
}
