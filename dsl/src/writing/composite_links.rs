//! Association-row upkeep of a many-to-many whose association table
//! references a composite key ([`ToManyRowsThrough`], `secondary =
//! t((a, b), c)`): `link`, `unlink` and [`link_all_rows`], each in one
//! transaction (a savepoint inside the caller's), with the one-column
//! form's guarantees (docs/concurrency.md): never a duplicate row, with or
//! without a key on the association table, whatever other writers do.
//!
//! Every write first serialises with the other writers of the same
//! sources, then reads their links and inserts only the missing pairs:
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
//! side's columns set from its key (`(a = ?, b = ?)` for a composite key).
//!
//! Apart from `write` and `upkeep`, whose one-column statements it leaves
//! as they are; blocking connections only (not built yet for
//! `diesel_async`).

use crate::composite_m2m::{SourceIn, SourceKey, TargetKey, ToManyRowsThrough};
use crate::composite_writes::AssignRow;
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking};
use crate::keys::chunks;
use crate::relationship::{
    KeyForm, ManyToManyRowDecl, Model, OneColumn, Relationship, SeveralColumns,
};
use crate::rows::{key_chunk, pk_in, PkIn};
use crate::tx;
use crate::upkeep::{LinkWrites, Locking, MultiRow, MultiRowInsert, WriteLock};
use diesel::dsl::{Filter, Order, Select, Values};
use diesel::expression::AsExpression;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::methods::{ExecuteDsl, FilterDsl, OrderDsl, SelectDsl};
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::{SingleValue, SqlType};
use diesel::{
    Column, Connection, Expression, ExpressionMethods, Insertable, QueryResult, RunQueryDsl, Table,
};

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

fn error<R: ManyToManyRowDecl>(e: diesel::result::Error) -> RelationError {
    RelationError::from_diesel(R::full_name(), R::SECONDARY, e)
}

/// Serialises with the other writers of `sources` (see the module docs).
fn lock<R, C>(conn: &mut C, sources: &[SourceKey<R>]) -> Result<()>
where
    R: ManyToManyRowDecl,
    C: Connection,
    C::Backend: LinkWrites,
    LockSourceRows<R>: LoadQuery<'static, C, SourceKey<R>>,
    WriteLock: ExecuteDsl<C>,
    SourceTable<R>: FilterDsl<PkIn<SourceOf<R>>>,
    Filter<SourceTable<R>, PkIn<SourceOf<R>>>: SelectDsl<SourcePk<R>>,
    Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>: OrderDsl<SourcePk<R>>,
{
    if !<C::Backend as LinkWrites>::LOCK_SOURCES {
        ExecuteDsl::execute(WriteLock::new(R::SECONDARY), conn).map_err(error::<R>)?;
        return Ok(());
    }
    let size = key_chunk::<R::Source, C::Backend>(crate::eager::chunk_size::<C::Backend>());
    for chunk in chunks::<C::Backend, _>(sources, size) {
        let pk = || Table::primary_key(&<SourceTable<R> as Default>::default());
        let rows = FilterDsl::filter(
            <SourceTable<R> as Default>::default(),
            pk_in::<R::Source>(chunk.to_vec()),
        );
        let rows = OrderDsl::order(SelectDsl::select(rows, pk()), pk());
        RunQueryDsl::load::<SourceKey<R>>(LockingWrite(rows), conn).map_err(error::<R>)?;
    }
    Ok(())
}

/// The existing links of `sources`, after the lock.
fn existing<R, C>(
    conn: &mut C,
    sources: &[SourceKey<R>],
) -> Result<HashSet<(SourceKey<R>, TargetKey<R>)>>
where
    R: ManyToManyRowDecl,
    C: Connection,
    C::Backend: LinkWrites,
    LinksOf<R>: LoadQuery<'static, C, (SourceKey<R>, TargetKey<R>)>,
    Secondary<R>: FilterDsl<SourceIn<R>>,
    Filter<Secondary<R>, SourceIn<R>>: SelectDsl<(SourceColumns<R>, TargetColumns<R>)>,
    (SourceColumns<R>, TargetColumns<R>): Expression,
{
    let mut found = HashSet::default();
    let size = key_chunk::<R::Source, C::Backend>(crate::eager::chunk_size::<C::Backend>());
    for chunk in chunks::<C::Backend, _>(sources, size) {
        let keys =
            <SourceForm<R> as KeyForm>::key_in(SourceColumns::<R>::default(), chunk.to_vec());
        let links = FilterDsl::filter(<Secondary<R> as Default>::default(), keys);
        let links = SelectDsl::select(
            links,
            (SourceColumns::<R>::default(), TargetColumns::<R>::default()),
        );
        let rows = RunQueryDsl::load::<(SourceKey<R>, TargetKey<R>)>(Locking(links), conn)
            .map_err(error::<R>)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Inserts the pairs, [`ROWS_PER_INSERT`] a statement; how many rows.
fn insert<R, C>(conn: &mut C, pairs: Vec<(SourceKey<R>, TargetKey<R>)>) -> Result<usize>
where
    R: ManyToManyRowDecl,
    C: Connection,
    C::Backend: MultiRowInsert<C, InsertLinkRows<R>>,
    SourceForm<R>: KeyAssign<SourceColumns<R>, SourceKey<R>>,
    TargetForm<R>: KeyAssign<TargetColumns<R>, TargetKey<R>>,
    Vec<LinkRow<R>>: Insertable<Secondary<R>>,
{
    let mut inserted = 0;
    let mut pairs = pairs.into_iter().peekable();
    while pairs.peek().is_some() {
        let rows: Vec<LinkRow<R>> = pairs
            .by_ref()
            .take(ROWS_PER_INSERT)
            .map(|(s, t)| {
                (
                    <SourceForm<R> as KeyAssign<_, _>>::assign(SourceColumns::<R>::default(), s),
                    <TargetForm<R> as KeyAssign<_, _>>::assign(TargetColumns::<R>::default(), t),
                )
            })
            .collect();
        let statement = diesel::insert_into(<Secondary<R> as Default>::default()).values(rows);
        inserted += ExecuteDsl::execute(MultiRow(statement), conn).map_err(error::<R>)?;
    }
    Ok(inserted)
}

/// Runs `write` in a transaction (a savepoint inside the caller's),
/// rolled back when it fails.
fn in_transaction<R, C, T>(conn: &mut C, write: impl FnOnce(&mut C) -> Result<T>) -> Result<T>
where
    R: ManyToManyRowDecl,
    C: Connection,
    C::Backend: LinkWrites,
{
    block(async move {
        let nested = tx::begin::<Blocking, C>(conn, R::full_name()).await?;
        let result = write(conn);
        tx::finish::<Blocking, C, _>(conn, R::full_name(), nested, result).await
    })
}

/// The pairs of `links` not in `existing`, each once, in the order given.
fn missing<R: ManyToManyRowDecl>(
    links: Vec<(SourceKey<R>, TargetKey<R>)>,
    existing: &HashSet<(SourceKey<R>, TargetKey<R>)>,
) -> Vec<(SourceKey<R>, TargetKey<R>)> {
    let mut seen = HashSet::default();
    links
        .into_iter()
        .filter(|pair| !existing.contains(pair) && seen.insert(pair.clone()))
        .collect()
}

/// The distinct source keys of `pairs`, in the order given.
fn sources_of<R: ManyToManyRowDecl>(pairs: &[(SourceKey<R>, TargetKey<R>)]) -> Vec<SourceKey<R>> {
    let mut seen = HashSet::default();
    pairs
        .iter()
        .map(|(s, _)| s.clone())
        .filter(|s| seen.insert(s.clone()))
        .collect()
}

/// Links the pairs (see [`link_all_rows`]): lock, read, insert the missing.
fn link_pairs<R, C>(conn: &mut C, pairs: Vec<(SourceKey<R>, TargetKey<R>)>) -> Result<usize>
where
    R: ManyToManyRowDecl,
    C: Connection,
    <C as Connection>::Backend: LinkWrites + MultiRowInsert<C, InsertLinkRows<R>>,
    LockSourceRows<R>: LoadQuery<'static, C, SourceKey<R>>,
    WriteLock: ExecuteDsl<C>,
    SourceTable<R>: FilterDsl<PkIn<SourceOf<R>>>,
    Filter<SourceTable<R>, PkIn<SourceOf<R>>>: SelectDsl<SourcePk<R>>,
    Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>: OrderDsl<SourcePk<R>>,
    LinksOf<R>: LoadQuery<'static, C, (SourceKey<R>, TargetKey<R>)>,
    Secondary<R>: FilterDsl<SourceIn<R>>,
    Filter<Secondary<R>, SourceIn<R>>: SelectDsl<(SourceColumns<R>, TargetColumns<R>)>,
    (SourceColumns<R>, TargetColumns<R>): Expression,
    SourceForm<R>: KeyAssign<SourceColumns<R>, SourceKey<R>>,
    TargetForm<R>: KeyAssign<TargetColumns<R>, TargetKey<R>>,
    Vec<LinkRow<R>>: Insertable<Secondary<R>>,
{
    if pairs.is_empty() {
        return Ok(0);
    }
    let sources = sources_of::<R>(&pairs);
    in_transaction::<R, C, _>(conn, |conn| {
        lock::<R, C>(conn, &sources)?;
        let existing = existing::<R, C>(conn, &sources)?;
        insert::<R, C>(conn, missing::<R>(pairs, &existing))
    })
}

impl<R: ManyToManyRowDecl> ToManyRowsThrough<R> {
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
        C: Connection,
        <C as Connection>::Backend: LinkWrites + MultiRowInsert<C, InsertLinkRows<R>>,
        LockSourceRows<R>: LoadQuery<'static, C, SourceKey<R>>,
        WriteLock: ExecuteDsl<C>,
        SourceTable<R>: FilterDsl<PkIn<SourceOf<R>>>,
        Filter<SourceTable<R>, PkIn<SourceOf<R>>>: SelectDsl<SourcePk<R>>,
        Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>: OrderDsl<SourcePk<R>>,
        LinksOf<R>: LoadQuery<'static, C, (SourceKey<R>, TargetKey<R>)>,
        Secondary<R>: FilterDsl<SourceIn<R>>,
        Filter<Secondary<R>, SourceIn<R>>: SelectDsl<(SourceColumns<R>, TargetColumns<R>)>,
        (SourceColumns<R>, TargetColumns<R>): Expression,
        SourceForm<R>: KeyAssign<SourceColumns<R>, SourceKey<R>>,
        TargetForm<R>: KeyAssign<TargetColumns<R>, TargetKey<R>>,
        Vec<LinkRow<R>>: Insertable<Secondary<R>>,
    {
        let pairs = targets
            .into_iter()
            .map(|t| (self.key().clone(), t.primary_key()))
            .collect();
        link_pairs::<R, C>(conn, pairs)
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
        C: Connection,
        <C as Connection>::Backend: LinkWrites,
        LockSourceRows<R>: LoadQuery<'static, C, SourceKey<R>>,
        WriteLock: ExecuteDsl<C>,
        SourceTable<R>: FilterDsl<PkIn<SourceOf<R>>>,
        Filter<SourceTable<R>, PkIn<SourceOf<R>>>: SelectDsl<SourcePk<R>>,
        Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>: OrderDsl<SourcePk<R>>,
        Secondary<R>: FilterDsl<SourceIn<R>>,
        Filter<Secondary<R>, SourceIn<R>>: FilterDsl<TargetIn<R>>,
        Filter<Filter<Secondary<R>, SourceIn<R>>, TargetIn<R>>:
            diesel::query_builder::IntoUpdateTarget,
        DeleteLinkRows<R>: ExecuteDsl<C>,
    {
        let mut seen = HashSet::default();
        let wanted: Vec<TargetKey<R>> = targets
            .into_iter()
            .map(Model::primary_key)
            .filter(|k| seen.insert(k.clone()))
            .collect();
        if wanted.is_empty() {
            return Ok(0);
        }
        let key = self.key().clone();
        in_transaction::<R, C, _>(conn, |conn| {
            lock::<R, C>(conn, std::slice::from_ref(&key))?;
            let size =
                key_chunk::<R::Target, <C as Connection>::Backend>(crate::eager::chunk_size::<
                    <C as Connection>::Backend,
                >());
            let mut deleted = 0;
            for chunk in chunks::<<C as Connection>::Backend, _>(&wanted, size) {
                let source = <SourceForm<R> as KeyForm>::key_in(
                    SourceColumns::<R>::default(),
                    vec![key.clone()],
                );
                let targets = <TargetForm<R> as KeyForm>::key_in(
                    TargetColumns::<R>::default(),
                    chunk.to_vec(),
                );
                let rows = FilterDsl::filter(
                    FilterDsl::filter(<Secondary<R> as Default>::default(), source),
                    targets,
                );
                deleted += ExecuteDsl::execute(diesel::delete(rows), conn).map_err(error::<R>)?;
            }
            Ok(deleted)
        })
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
    R: ManyToManyRowDecl,
    R::Source: 't,
    R::Target: 't,
    C: Connection,
    <C as Connection>::Backend: LinkWrites + MultiRowInsert<C, InsertLinkRows<R>>,
    LockSourceRows<R>: LoadQuery<'static, C, SourceKey<R>>,
    WriteLock: ExecuteDsl<C>,
    SourceTable<R>: FilterDsl<PkIn<SourceOf<R>>>,
    Filter<SourceTable<R>, PkIn<SourceOf<R>>>: SelectDsl<SourcePk<R>>,
    Select<Filter<SourceTable<R>, PkIn<SourceOf<R>>>, SourcePk<R>>: OrderDsl<SourcePk<R>>,
    LinksOf<R>: LoadQuery<'static, C, (SourceKey<R>, TargetKey<R>)>,
    Secondary<R>: FilterDsl<SourceIn<R>>,
    Filter<Secondary<R>, SourceIn<R>>: SelectDsl<(SourceColumns<R>, TargetColumns<R>)>,
    (SourceColumns<R>, TargetColumns<R>): Expression,
    SourceForm<R>: KeyAssign<SourceColumns<R>, SourceKey<R>>,
    TargetForm<R>: KeyAssign<TargetColumns<R>, TargetKey<R>>,
    Vec<LinkRow<R>>: Insertable<Secondary<R>>,
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
    link_pairs::<R, C>(conn, pairs)
}
