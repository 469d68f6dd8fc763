//! Association-row upkeep of a many-to-many whose association table
//! references a composite key ([`ToManyRowsThrough`], `secondary =
//! t((a, b), c)`): `link`, `unlink`, `set`, `clear` and [`link_all_rows`],
//! each in one transaction (a savepoint inside the caller's), with the
//! one-column form's guarantees (docs/concurrency.md): never a duplicate
//! row, with or without a key on the association table, whatever other
//! writers do; of two `set`s on one source at the same time, one wins
//! whole; a failure half-way leaves the rows as they were.
//!
//! Every write first serialises with the other writers of the same
//! sources, then reads their links and writes only the difference:
//!
//! - PostgreSQL and MySQL/MariaDB lock the source rows (`SELECT pk FROM
//!   source WHERE pk IN (..) ORDER BY pk FOR NO KEY UPDATE` / `FOR
//!   UPDATE`, [`crate::upkeep::LinkWrites::LOCKING`]), in key order;
//! - SQLite takes its write lock first ([`WriteLock`], a DELETE that
//!   matches nothing), as `link_all` does.
//!
//! The links are then read in one query per chunk of sources (a locking
//! read on MySQL, [`Locking`]), the pairs that exist dropped in Rust, and
//! the rest inserted in multi-row INSERTs of [`ROWS_PER_INSERT`] rows, each
//! side's columns set from its key (`(a = ?, b = ?)` for a composite key);
//! `set` deletes the links it does not keep by `target columns IN (..)`,
//! one statement per chunk of keys.
//!
//! The statements are built in one place, [`LinkRowsStatements`] (which
//! holds every Diesel bound their types need), and run on any connection
//! that runs them, [`LinkRowsWrites`]; each write is written once, generic
//! over the mode ([`crate::exec`]): the synchronous method runs it with
//! [`block`], its `_async` namesake (feature `async`) awaits it on a
//! `diesel_async` connection. Apart from `write` and `upkeep`, whose
//! one-column statements it leaves as they are.

use crate::composite_m2m::{SourceIn, SourceKey, TargetKey, ToManyRowsThrough};
use crate::composite_writes::AssignRow;
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Execute, Load, Transact, WriteDb};
use crate::keys::chunks;
use crate::relationship::{
    KeyForm, ManyToManyRowDecl, Model, OneColumn, Relationship, SeveralColumns,
};
use crate::rows::{key_chunk, pk_in, PkIn};
use crate::tx;
use crate::upkeep::{LinkWrites, Locking, MultiRow, WriteLock};
use diesel::dsl::{Filter, Order, Select, Values};
use diesel::expression::AsExpression;
use diesel::query_builder::{AstPass, IntoUpdateTarget, Query, QueryFragment, QueryId};
use diesel::query_dsl::methods::{FilterDsl, OrderDsl, SelectDsl};
use diesel::sql_types::{SingleValue, SqlType};
use diesel::{Column, Expression, ExpressionMethods, Insertable, QueryResult, RunQueryDsl, Table};
use std::future::Future;

type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Association rows per INSERT: at most 8 columns a row, 8 000 binds,
/// under every backend's limit.
pub const ROWS_PER_INSERT: usize = 1000;

/// A side's columns set from its key, by the key's form: `col = k` for a
/// key of one column ([`OneColumn`]), `(a = k0, b = k1, ..)` for several
/// ([`SeveralColumns`], [`AssignRow`]).
///
/// ```
/// use diesel_relations::composite_links::KeyAssign;
/// use diesel_relations::SeveralColumns;
/// diesel::table! { line_tags (order_id, line_no, tag_id) { order_id -> Integer, line_no -> Integer, tag_id -> Integer, } }
/// let row = <SeveralColumns as KeyAssign<_, (i32, i32)>>::assign((line_tags::order_id, line_tags::line_no), (1, 2));
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&diesel::insert_into(line_tags::table).values(row)).to_string();
/// assert!(sql.starts_with("INSERT INTO `line_tags` (`order_id`, `line_no`) VALUES (?, ?)"), "{sql}");
/// ```
pub trait KeyAssign<Columns, K> {
    /// The assignments.
    type Assign;
    /// Each column set to its part of `key`.
    fn assign(columns: Columns, key: K) -> Self::Assign;
}

impl<Col, K> KeyAssign<Col, K> for OneColumn
where
    Col: Column + Expression<SqlType: SqlType + SingleValue>,
    K: AsExpression<<Col as Expression>::SqlType>,
{
    type Assign = diesel::dsl::Eq<Col, K>;
    fn assign(column: Col, key: K) -> Self::Assign {
        column.eq(key)
    }
}

impl<Cols: AssignRow<K>, K> KeyAssign<Cols, K> for SeveralColumns {
    type Assign = Cols::Assign;
    fn assign(columns: Cols, key: K) -> Self::Assign {
        columns.assign_row(key)
    }
}

/// A query made a write-locking read (`.. FOR UPDATE`, PostgreSQL's `..
/// FOR NO KEY UPDATE`: [`LinkWrites::LOCKING`]).
#[derive(Debug, Clone)]
pub struct LockingWrite<Q>(pub Q);

impl<Q> QueryId for LockingWrite<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for LockingWrite<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, C> RunQueryDsl<C> for LockingWrite<Q> {}

impl<Q, DB> QueryFragment<DB> for LockingWrite<Q>
where
    DB: LinkWrites,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out.reborrow())?;
        DB::push_locking(&mut out, false)
    }
}

type SourceOf<R> = <R as Relationship>::Source;
type TargetOf<R> = <R as Relationship>::Target;
type SourceTable<R> = <SourceOf<R> as Model>::Table;
type SourcePk<R> = <SourceTable<R> as Table>::PrimaryKey;
type SourceForm<R> = <SourceOf<R> as Model>::KeyForm;
type TargetForm<R> = <TargetOf<R> as Model>::KeyForm;
type Secondary<R> = <R as ManyToManyRowDecl>::Secondary;
type SourceColumns<R> = <R as ManyToManyRowDecl>::SourceColumns;
type TargetColumns<R> = <R as ManyToManyRowDecl>::TargetColumns;
type TargetIn<R> = <TargetForm<R> as KeyForm>::In<TargetColumns<R>, TargetKey<R>>;
/// A link: the source's key and the target's.
type Pair<R> = (SourceKey<R>, TargetKey<R>);

/// `SELECT pk FROM source WHERE pk IN (keys) ORDER BY pk FOR UPDATE`.
pub type LockSourceRows<R> = LockingWrite<
    Order<Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>, SourcePk<R>>,
>;
/// The links of some sources, `(source columns, target columns)`, read
/// with a locking read where the backend needs one.
pub type LinksOf<R> =
    Locking<Select<Filter<Secondary<R>, SourceIn<R>>, (SourceColumns<R>, TargetColumns<R>)>>;
/// One association row: the source's columns, then the target's.
pub type LinkRow<R> = (
    <SourceForm<R> as KeyAssign<SourceColumns<R>, SourceKey<R>>>::Assign,
    <TargetForm<R> as KeyAssign<TargetColumns<R>, TargetKey<R>>>::Assign,
);
/// The INSERT of association rows.
pub type InsertLinkRows<R> = Values<diesel::dsl::insert_into<Secondary<R>>, Vec<LinkRow<R>>>;
/// `DELETE FROM secondary WHERE source columns IN (key) AND target columns IN (keys)`.
pub type DeleteLinkRows<R> =
    diesel::dsl::delete<Filter<Filter<Secondary<R>, SourceIn<R>>, TargetIn<R>>>;
/// `DELETE FROM secondary WHERE source columns IN (keys)`: every link of
/// some sources.
pub type ClearLinkRows<R> = diesel::dsl::delete<Filter<Secondary<R>, SourceIn<R>>>;

/// The statements of a composite many-to-many's upkeep, built from its
/// declaration. Implemented for every declaration whose tables and
/// columns make them (the derive's always do); the Diesel bounds their
/// types need are stated here once, so that each write asks for this and
/// for [`LinkRowsWrites`] alone.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::composite_links::LinkRowsStatements;
/// use diesel_relations::Relations;
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id))]
/// pub struct Authorship { pub author_id: i32, pub book_id: i32 }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = reviewers)]
/// pub struct Reviewer { pub id: i32, pub name: String }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let conn = &mut connection();
/// // The statement `clear` runs, for the relationship of the accessor given.
/// fn clear_of<R: LinkRowsStatements>(
///     _: fn(&R::Source) -> diesel_relations::ToManyRowsThrough<R>,
///     source: &R::Source,
/// ) -> R::Clear {
///     R::clear(vec![diesel_relations::Model::primary_key(source)])
/// }
/// let clear = clear_of(Authorship::reviewers, &Authorship { author_id: 2, book_id: 1 });
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&clear).to_string();
/// assert!(sql.starts_with("DELETE FROM `authorship_reviewers` WHERE"), "{sql}");
/// assert_eq!(clear.execute(conn)?, 2);
/// # Ok(())
/// # }
/// ```
pub trait LinkRowsStatements: ManyToManyRowDecl {
    /// [`LockSourceRows`].
    type LockSources;
    /// [`LinksOf`].
    type Links;
    /// [`InsertLinkRows`].
    type Insert;
    /// [`DeleteLinkRows`].
    type Delete;
    /// [`ClearLinkRows`].
    type Clear;
    /// Locks the rows of the sources of `keys`, in key order.
    fn lock_sources(keys: Vec<SourceKey<Self>>) -> Self::LockSources;
    /// Reads the links of the sources of `keys`.
    fn links(keys: Vec<SourceKey<Self>>) -> Self::Links;
    /// Inserts `pairs` as association rows.
    fn insert(pairs: Vec<Pair<Self>>) -> Self::Insert;
    /// Deletes the links of the source `key` to `targets`.
    fn delete(key: SourceKey<Self>, targets: Vec<TargetKey<Self>>) -> Self::Delete;
    /// Deletes every link of the sources of `keys`.
    fn clear(keys: Vec<SourceKey<Self>>) -> Self::Clear;
}

impl<R> LinkRowsStatements for R
where
    R: ManyToManyRowDecl,
    SourceTable<R>: FilterDsl<PkIn<SourceOf<R>>>,
    Filter<SourceTable<R>, PkIn<SourceOf<R>>>: SelectDsl<SourcePk<R>>,
    Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>: OrderDsl<SourcePk<R>>,
    Secondary<R>: FilterDsl<SourceIn<R>>,
    Filter<Secondary<R>, SourceIn<R>>:
        SelectDsl<(SourceColumns<R>, TargetColumns<R>)> + FilterDsl<TargetIn<R>> + IntoUpdateTarget,
    Filter<Filter<Secondary<R>, SourceIn<R>>, TargetIn<R>>: IntoUpdateTarget,
    (SourceColumns<R>, TargetColumns<R>): Expression,
    SourceForm<R>: KeyAssign<SourceColumns<R>, SourceKey<R>>,
    TargetForm<R>: KeyAssign<TargetColumns<R>, TargetKey<R>>,
    Vec<LinkRow<R>>: Insertable<Secondary<R>>,
{
    type LockSources = LockSourceRows<R>;
    type Links = LinksOf<R>;
    type Insert = InsertLinkRows<R>;
    type Delete = DeleteLinkRows<R>;
    type Clear = ClearLinkRows<R>;

    fn lock_sources(keys: Vec<SourceKey<R>>) -> LockSourceRows<R> {
        let pk = || Table::primary_key(&<SourceTable<R> as Default>::default());
        let rows = FilterDsl::filter(
            <SourceTable<R> as Default>::default(),
            pk_in::<R::Source>(keys),
        );
        LockingWrite(OrderDsl::order(SelectDsl::select(rows, pk()), pk()))
    }

    fn links(keys: Vec<SourceKey<R>>) -> LinksOf<R> {
        let keys = <SourceForm<R> as KeyForm>::key_in(SourceColumns::<R>::default(), keys);
        let links = FilterDsl::filter(<Secondary<R> as Default>::default(), keys);
        Locking(SelectDsl::select(
            links,
            (SourceColumns::<R>::default(), TargetColumns::<R>::default()),
        ))
    }

    fn insert(pairs: Vec<Pair<R>>) -> InsertLinkRows<R> {
        let rows: Vec<LinkRow<R>> = pairs
            .into_iter()
            .map(|(s, t)| {
                (
                    <SourceForm<R> as KeyAssign<_, _>>::assign(SourceColumns::<R>::default(), s),
                    <TargetForm<R> as KeyAssign<_, _>>::assign(TargetColumns::<R>::default(), t),
                )
            })
            .collect();
        diesel::insert_into(<Secondary<R> as Default>::default()).values(rows)
    }

    fn delete(key: SourceKey<R>, targets: Vec<TargetKey<R>>) -> DeleteLinkRows<R> {
        let source = <SourceForm<R> as KeyForm>::key_in(SourceColumns::<R>::default(), vec![key]);
        let targets = <TargetForm<R> as KeyForm>::key_in(TargetColumns::<R>::default(), targets);
        diesel::delete(FilterDsl::filter(
            FilterDsl::filter(<Secondary<R> as Default>::default(), source),
            targets,
        ))
    }

    fn clear(keys: Vec<SourceKey<R>>) -> ClearLinkRows<R> {
        let sources = <SourceForm<R> as KeyForm>::key_in(SourceColumns::<R>::default(), keys);
        diesel::delete(FilterDsl::filter(
            <Secondary<R> as Default>::default(),
            sources,
        ))
    }
}

/// How a mode runs the multi-row INSERT of association rows:
/// synchronously through [`MultiRow`] (so that a backend without one, a
/// `MultiConnection`'s, gets [`crate::upkeep::MultiRowInsert`]'s message),
/// on `diesel_async` as it is.
///
/// ```
/// use diesel_relations::composite_links::RowsInsert;
/// use diesel_relations::exec::Blocking;
/// let wrapped = <Blocking as RowsInsert>::run(7);
/// assert_eq!(wrapped.0, 7);
/// ```
pub trait RowsInsert {
    /// The statement as the mode runs it.
    type Run<S>;
    /// Wraps `statement`.
    fn run<S>(statement: S) -> Self::Run<S>;
}

impl RowsInsert for Blocking {
    type Run<S> = MultiRow<S>;
    fn run<S>(statement: S) -> MultiRow<S> {
        MultiRow(statement)
    }
}

#[cfg(feature = "async")]
impl RowsInsert for crate::exec::Async {
    type Run<S> = S;
    fn run<S>(statement: S) -> S {
        statement
    }
}

/// A connection of mode `M` that runs every statement of `R`'s upkeep
/// ([`LinkRowsStatements`]): the one bound of the composite
/// many-to-many's writes. Implemented for every connection that does.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::composite_links::{LinkRowsStatements, LinkRowsWrites};
/// use diesel_relations::exec::Blocking;
/// use diesel_relations::{Relations, ToManyRowsThrough};
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id))]
/// pub struct Authorship { pub author_id: i32, pub book_id: i32 }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = reviewers)]
/// pub struct Reviewer { pub id: i32, pub name: String }
///
/// // A generic write asks for the one bound.
/// fn reset<R, C>(conn: &mut C, handle: ToManyRowsThrough<R>) -> diesel_relations::Result<usize>
/// where
///     R: LinkRowsStatements,
///     C: LinkRowsWrites<R, Blocking>,
/// {
///     handle.clear(conn)
/// }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let conn = &mut connection();
/// assert_eq!(reset(conn, Authorship { author_id: 2, book_id: 1 }.reviewers())?, 2);
/// # Ok(())
/// # }
/// ```
pub trait LinkRowsWrites<R: LinkRowsStatements, M: RowsInsert>:
    Transact<M, Backend: LinkWrites>
    + Load<M, R::LockSources, SourceKey<R>>
    + Load<M, R::Links, Pair<R>>
    + Execute<M, WriteLock>
    + Execute<M, M::Run<R::Insert>>
    + Execute<M, R::Delete>
    + Execute<M, R::Clear>
{
}

impl<R, M, C> LinkRowsWrites<R, M> for C
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: Transact<M, Backend: LinkWrites>
        + Load<M, R::LockSources, SourceKey<R>>
        + Load<M, R::Links, Pair<R>>
        + Execute<M, WriteLock>
        + Execute<M, M::Run<R::Insert>>
        + Execute<M, R::Delete>
        + Execute<M, R::Clear>,
{
}

fn error<R: ManyToManyRowDecl>(e: diesel::result::Error) -> RelationError {
    RelationError::from_diesel(R::full_name(), R::SECONDARY, e)
}

/// Keys per statement on the backend of `C` for a list of `Side`'s keys
/// ([`key_chunk`] of the chunk size, which tests may force small).
fn chunk_of<Side: Model, M, C: Transact<M, Backend: LinkWrites>>() -> usize {
    key_chunk::<Side, WriteDb<C, M>>(crate::eager::chunk_size::<WriteDb<C, M>>())
}

/// Serialises with the other writers of `sources` (see the module docs).
async fn lock<R, M, C>(conn: &mut C, sources: &[SourceKey<R>]) -> Result<()>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    if !<WriteDb<C, M> as LinkWrites>::LOCK_SOURCES {
        Execute::<M, _>::execute(conn, WriteLock::new(R::SECONDARY))
            .await
            .map_err(error::<R>)?;
        return Ok(());
    }
    for chunk in chunks::<WriteDb<C, M>, _>(sources, chunk_of::<R::Source, M, C>()) {
        let _: Vec<SourceKey<R>> =
            Load::<M, _, SourceKey<R>>::all(conn, R::lock_sources(chunk.to_vec()))
                .await
                .map_err(error::<R>)?;
    }
    Ok(())
}

/// The existing links of `sources`, after the lock.
async fn existing<R, M, C>(conn: &mut C, sources: &[SourceKey<R>]) -> Result<HashSet<Pair<R>>>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    let mut found = HashSet::default();
    for chunk in chunks::<WriteDb<C, M>, _>(sources, chunk_of::<R::Source, M, C>()) {
        let rows: Vec<Pair<R>> = Load::<M, _, Pair<R>>::all(conn, R::links(chunk.to_vec()))
            .await
            .map_err(error::<R>)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Inserts the pairs, [`ROWS_PER_INSERT`] a statement (fewer where the
/// chunk size is forced smaller); how many rows.
async fn insert<R, M, C>(conn: &mut C, pairs: Vec<Pair<R>>) -> Result<usize>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    let per = ROWS_PER_INSERT.min(crate::eager::chunk_size::<WriteDb<C, M>>());
    let mut inserted = 0;
    let mut pairs = pairs.into_iter().peekable();
    while pairs.peek().is_some() {
        let rows: Vec<Pair<R>> = pairs.by_ref().take(per).collect();
        inserted += Execute::<M, _>::execute(conn, M::run(R::insert(rows)))
            .await
            .map_err(error::<R>)?;
    }
    Ok(inserted)
}

/// Deletes the links of `key` to `targets`, one statement per chunk of
/// target keys; how many rows.
async fn delete<R, M, C>(
    conn: &mut C,
    key: &SourceKey<R>,
    targets: Vec<TargetKey<R>>,
) -> Result<usize>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    let mut deleted = 0;
    for chunk in chunks::<WriteDb<C, M>, _>(&targets, chunk_of::<R::Target, M, C>()) {
        deleted += Execute::<M, _>::execute(conn, R::delete(key.clone(), chunk.to_vec()))
            .await
            .map_err(error::<R>)?;
    }
    Ok(deleted)
}

/// The pairs of `links` not in `existing`, each once, in the order given.
fn missing<R: ManyToManyRowDecl>(links: Vec<Pair<R>>, existing: &HashSet<Pair<R>>) -> Vec<Pair<R>> {
    let mut seen = HashSet::default();
    links
        .into_iter()
        .filter(|pair| !existing.contains(pair) && seen.insert(pair.clone()))
        .collect()
}

/// The distinct source keys of `pairs`, in the order given.
fn sources_of<R: ManyToManyRowDecl>(pairs: &[Pair<R>]) -> Vec<SourceKey<R>> {
    let mut seen = HashSet::default();
    pairs
        .iter()
        .map(|(s, _)| s.clone())
        .filter(|s| seen.insert(s.clone()))
        .collect()
}

/// The targets' keys, first occurrence first, without repeats.
fn distinct_targets<'t, R: ManyToManyRowDecl>(
    targets: impl IntoIterator<Item = &'t R::Target>,
) -> Vec<TargetKey<R>>
where
    R::Target: 't,
{
    let mut seen = HashSet::default();
    targets
        .into_iter()
        .map(Model::primary_key)
        .filter(|k| seen.insert(k.clone()))
        .collect()
}

/// Links the pairs (see [`link_all_rows`]): lock, read, insert the missing,
/// in one transaction.
async fn link_pairs<R, M, C>(conn: &mut C, pairs: Vec<Pair<R>>) -> Result<usize>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    if pairs.is_empty() {
        return Ok(0);
    }
    let sources = sources_of::<R>(&pairs);
    let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
    let result = async {
        lock::<R, M, C>(conn, &sources).await?;
        let existing = existing::<R, M, C>(conn, &sources).await?;
        insert::<R, M, C>(conn, missing::<R>(pairs, &existing)).await
    }
    .await;
    tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
}

/// `unlink`: lock the source, delete its links to `targets`.
async fn unlink_keys<R, M, C>(
    conn: &mut C,
    key: SourceKey<R>,
    targets: Vec<TargetKey<R>>,
) -> Result<usize>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    if targets.is_empty() {
        return Ok(0);
    }
    let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
    let result = async {
        lock::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
        delete::<R, M, C>(conn, &key, targets).await
    }
    .await;
    tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
}

/// `set`: lock the source, read its links, delete those not wanted and
/// insert the wanted ones missing; `(inserted, deleted)`.
async fn set_keys<R, M, C>(
    conn: &mut C,
    key: SourceKey<R>,
    wanted: Vec<TargetKey<R>>,
) -> Result<(usize, usize)>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
    let result = async {
        lock::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
        let linked: HashSet<TargetKey<R>> = existing::<R, M, C>(conn, std::slice::from_ref(&key))
            .await?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let keep: HashSet<&TargetKey<R>> = wanted.iter().collect();
        let stale: Vec<TargetKey<R>> = linked
            .iter()
            .filter(|t| !keep.contains(t))
            .cloned()
            .collect();
        let new: Vec<Pair<R>> = wanted
            .iter()
            .filter(|t| !linked.contains(*t))
            .map(|t| (key.clone(), t.clone()))
            .collect();
        drop(keep);
        let deleted = delete::<R, M, C>(conn, &key, stale).await?;
        let inserted = insert::<R, M, C>(conn, new).await?;
        Ok((inserted, deleted))
    }
    .await;
    tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
}

/// `clear`: lock the source, delete every link of it.
async fn clear_key<R, M, C>(conn: &mut C, key: SourceKey<R>) -> Result<usize>
where
    R: LinkRowsStatements,
    M: RowsInsert,
    C: LinkRowsWrites<R, M>,
{
    let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
    let result = async {
        lock::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
        Execute::<M, _>::execute(conn, R::clear(vec![key]))
            .await
            .map_err(error::<R>)
    }
    .await;
    tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
}

impl<R: LinkRowsStatements> ToManyRowsThrough<R> {
    /// Links `targets` to this source: inserts the association rows that
    /// do not exist yet, each side's columns from its key (never a
    /// duplicate, with or without a key on the association table, whatever
    /// other connections do at the same time: see the module docs).
    /// Returns how many it inserted. A target that does not exist is
    /// [`RelationError::ForeignKeyViolation`] naming the relationship, and
    /// nothing is inserted.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// use diesel_relations::Relations;
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
    /// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id))]
    /// pub struct Authorship { pub author_id: i32, pub book_id: i32 }
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = reviewers)]
    /// pub struct Reviewer { pub id: i32, pub name: String }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let conn = &mut connection();
    /// let link = Authorship { author_id: 2, book_id: 2 };
    /// let (cy, di) = (Reviewer { id: 1, name: "Cy".into() }, Reviewer { id: 2, name: "Di".into() });
    /// assert_eq!(link.reviewers().link(conn, [&cy, &di])?, 2);
    /// assert_eq!(link.reviewers().link(conn, [&cy])?, 0); // linked already
    /// assert_eq!(link.reviewers().unlink(conn, [&cy])?, 1);
    /// let left: Vec<String> = link.reviewers().load(conn)?.into_iter().map(|r| r.name).collect();
    /// assert_eq!(left, ["Di"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn link<'t, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        R::Target: 't,
        C: LinkRowsWrites<R, Blocking>,
    {
        block(self.link_in::<Blocking, C>(conn, targets))
    }

    /// [`ToManyRowsThrough::link`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// use diesel_relations::Relations;
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
    /// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id))]
    /// pub struct Authorship { pub author_id: i32, pub book_id: i32 }
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = reviewers)]
    /// pub struct Reviewer { pub id: i32, pub name: String }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let link = Authorship { author_id: 2, book_id: 2 };
    /// let (cy, di) = (Reviewer { id: 1, name: "Cy".into() }, Reviewer { id: 2, name: "Di".into() });
    /// assert_eq!(link.reviewers().link_async(conn, [&cy, &di]).await?, 2);
    /// assert_eq!(link.reviewers().unlink_async(conn, [&cy]).await?, 1);
    /// assert_eq!(link.reviewers().set_async(conn, [&cy]).await?, (1, 1));
    /// assert_eq!(link.reviewers().clear_async(conn).await?, 1);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn link_async<'a, 't, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        R::Target: 't,
        C: diesel_async::AsyncConnection + LinkRowsWrites<R, crate::exec::Async>,
    {
        self.link_in::<crate::exec::Async, C>(conn, targets)
    }

    /// [`ToManyRowsThrough::link`], in mode `M`.
    fn link_in<'a, 't, M, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + 'a
    where
        R::Target: 't,
        M: RowsInsert + 'a,
        C: LinkRowsWrites<R, M>,
    {
        let pairs: Vec<Pair<R>> = targets
            .into_iter()
            .map(|t| (self.key().clone(), t.primary_key()))
            .collect();
        link_pairs::<R, M, C>(conn, pairs)
    }

    /// Unlinks `targets` from this source: deletes their association rows
    /// (the targets stay), after the same lock as [`ToManyRowsThrough::link`].
    /// Returns how many rows it deleted.
    pub fn unlink<'t, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        R::Target: 't,
        C: LinkRowsWrites<R, Blocking>,
    {
        block(unlink_keys::<R, Blocking, C>(
            conn,
            self.key().clone(),
            distinct_targets::<R>(targets),
        ))
    }

    /// [`ToManyRowsThrough::unlink`] on a `diesel_async` connection
    /// (feature `async`; the future is `Send`): see
    /// [`ToManyRowsThrough::link_async`].
    #[cfg(feature = "async")]
    pub fn unlink_async<'a, 't, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        R::Target: 't,
        C: diesel_async::AsyncConnection + LinkRowsWrites<R, crate::exec::Async>,
    {
        unlink_keys::<R, crate::exec::Async, C>(
            conn,
            self.key().clone(),
            distinct_targets::<R>(targets),
        )
    }

    /// Makes `targets` exactly the linked set: deletes the association rows
    /// of targets not in it and inserts the missing ones, in one transaction
    /// after the same lock as [`ToManyRowsThrough::link`] (a failure
    /// half-way leaves the rows as they were; of two `set`s on one source at
    /// the same time, one wins whole). Returns `(inserted, deleted)`. A
    /// target that does not exist is [`RelationError::ForeignKeyViolation`]
    /// naming the relationship, and nothing changes.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// use diesel_relations::Relations;
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
    /// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id))]
    /// pub struct Authorship { pub author_id: i32, pub book_id: i32 }
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = reviewers)]
    /// pub struct Reviewer { pub id: i32, pub name: String }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let conn = &mut connection();
    /// let link = Authorship { author_id: 1, book_id: 1 }; // Cy
    /// let di = Reviewer { id: 2, name: "Di".into() };
    /// // Cy goes, Di comes: one row inserted, one deleted.
    /// assert_eq!(link.reviewers().set(conn, [&di])?, (1, 1));
    /// let now: Vec<String> = link.reviewers().load(conn)?.into_iter().map(|r| r.name).collect();
    /// assert_eq!(now, ["Di"]);
    /// assert_eq!(link.reviewers().set(conn, [&di])?, (0, 0)); // as it is already
    /// assert_eq!(link.reviewers().clear(conn)?, 1);
    /// assert!(link.reviewers().load(conn)?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn set<'t, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<(usize, usize)>
    where
        R::Target: 't,
        C: LinkRowsWrites<R, Blocking>,
    {
        block(set_keys::<R, Blocking, C>(
            conn,
            self.key().clone(),
            distinct_targets::<R>(targets),
        ))
    }

    /// [`ToManyRowsThrough::set`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`): see [`ToManyRowsThrough::link_async`].
    #[cfg(feature = "async")]
    pub fn set_async<'a, 't, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<(usize, usize)>> + Send + 'a
    where
        R::Target: 't,
        C: diesel_async::AsyncConnection + LinkRowsWrites<R, crate::exec::Async>,
    {
        set_keys::<R, crate::exec::Async, C>(
            conn,
            self.key().clone(),
            distinct_targets::<R>(targets),
        )
    }

    /// Unlinks every target: deletes all of this source's association
    /// rows, after the same lock as [`ToManyRowsThrough::link`]. Returns
    /// how many rows it deleted (see [`ToManyRowsThrough::set`]).
    pub fn clear<C>(&self, conn: &mut C) -> Result<usize>
    where
        C: LinkRowsWrites<R, Blocking>,
    {
        block(clear_key::<R, Blocking, C>(conn, self.key().clone()))
    }

    /// [`ToManyRowsThrough::clear`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`): see [`ToManyRowsThrough::link_async`].
    #[cfg(feature = "async")]
    pub fn clear_async<'a, C>(
        &self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection + LinkRowsWrites<R, crate::exec::Async>,
    {
        clear_key::<R, crate::exec::Async, C>(conn, self.key().clone())
    }
}

/// Links many sources to their targets through a many-to-many whose
/// association table references a composite key, at once: the sources'
/// rows locked (SQLite: its write lock), their links read in one query per
/// chunk, and only the missing pairs inserted, in multi-row INSERTs, in one
/// transaction. Returns how many association rows it inserted.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::Relations;
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id))]
/// pub struct Authorship { pub author_id: i32, pub book_id: i32 }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = reviewers)]
/// pub struct Reviewer { pub id: i32, pub name: String }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::composite_links::link_all_rows;
/// let conn = &mut connection();
/// let (a, b) = (Authorship { author_id: 1, book_id: 1 }, Authorship { author_id: 2, book_id: 2 });
/// let (cy, di) = (Reviewer { id: 1, name: "Cy".into() }, Reviewer { id: 2, name: "Di".into() });
/// // (1, 1) has Cy already: three new rows.
/// let added = link_all_rows(conn, Authorship::reviewers, [(&a, vec![&cy, &di]), (&b, vec![&cy, &di])])?;
/// assert_eq!(added, 3);
/// # Ok(())
/// # }
/// ```
pub fn link_all_rows<'t, R, C>(
    conn: &mut C,
    relationship: fn(&R::Source) -> ToManyRowsThrough<R>,
    links: impl IntoIterator<Item = (&'t R::Source, Vec<&'t R::Target>)>,
) -> Result<usize>
where
    R: LinkRowsStatements,
    R::Source: 't,
    R::Target: 't,
    C: LinkRowsWrites<R, Blocking>,
{
    let _ = relationship;
    let pairs = links
        .into_iter()
        .flat_map(|(source, targets)| {
            let key = source.primary_key();
            targets
                .into_iter()
                .map(move |t| (key.clone(), t.primary_key()))
        })
        .collect();
    block(link_pairs::<R, Blocking, C>(conn, pairs))
}
