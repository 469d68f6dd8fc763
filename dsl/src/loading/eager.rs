//! Eager loading: a page of parents with their relationships, nested to any
//! depth, one query per relationship and level (`WHERE key IN (..)`, or a
//! join through the association table for a many-to-many), grouped in
//! memory by hash map. No N+1.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::eager::{both, with, Eager, LoadRelated};
//! let conn = &mut connection();
//! let customers: Vec<Customer> = customers::table.order(customers::id).select(Customer::as_select()).load(conn)?;
//!
//! // 2 queries, whatever the number of customers: their invoices, those invoices' lines.
//! let pages = customers.eager(conn, with(Customer::invoices, Invoice::lines))?;
//! let mut seen = Vec::new();
//! for customer in &pages {                 // Node<Customer, Vec<Node<Invoice, Vec<InvoiceLine>>>>
//!     for invoice in &customer.related {   // a Node derefs to its row: invoice.id
//!         for line in &invoice.related {
//!             seen.push(format!("{} {} {}", customer.name, invoice.id, line.item));
//!         }
//!     }
//! }
//! assert_eq!(seen, ["Alice 1 pens", "Alice 1 paper", "Alice 2 ink"]);
//!
//! // Siblings: each invoice with (Customer, Vec<InvoiceLine>).
//! let invoices: Vec<Invoice> = invoices::table.order(invoices::id).select(Invoice::as_select()).load(conn)?;
//! let pages = invoices.eager(conn, both(Invoice::customer, Invoice::lines))?;
//! assert_eq!((pages[2].related.0.name.as_str(), pages[2].related.1.len()), ("Bob", 0));
//!
//! // One level for a slice: result[i] belongs to employees[i].
//! let employees: Vec<Employee> = employees::table.order(employees::id).select(Employee::as_select()).load(conn)?;
//! let reports = employees.load_related(conn, Employee::reports)?;
//! assert_eq!(reports.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 0, 0]);
//! # Ok(())
//! # }
//! ```
//!
//! A relationship is named by its accessor (`Customer::invoices`), so the
//! compiler picks the relationship, and the result's type, from it: a
//! collection gives `Vec<_>`, a required scalar the row itself, an optional
//! one `Option<_>`. Nothing to unwrap, no index arithmetic.

use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Db, Load};
use crate::keys::{KeyList, MatchKeys};
use crate::lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
use crate::relationship::LinkPair;
use crate::relationship::{ManyToMany, ManyToOne, Model, OneToMany, OneToOne, ParentColumn, Shape};
use diesel::dsl::{AsSelect, Order, Select};
use diesel::query_dsl::methods::{OrderDsl, SelectDsl};
use diesel::{Expression, Selectable, SelectableHelper};
use std::cell::Cell;
use std::collections::hash_map::Entry;
use std::future::Future;
/// Hash maps keyed by row keys, with foldhash: much faster than SipHash
/// for the integer keys grouping hashes hundreds of thousands of times, and
/// still seeded per process.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
use std::hash::Hash;

/// Keys per `IN (..)` list for writes that bind each key (`link_all`):
/// under every backend's bind limit (SQLite's 32766, PostgreSQL's and
/// MySQL's 65535). Loads bind the list as one parameter where they can
/// (see [`crate::keys`]).
pub const CHUNK: usize = 16_384;

thread_local! {
    static CHUNK_OVERRIDE: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `f` with at most `keys` keys per query on this thread: tests force
/// many small chunks with it to check that chunking changes nothing.
pub fn with_chunk_size<T>(keys: usize, f: impl FnOnce() -> T) -> T {
    let previous = CHUNK_OVERRIDE.with(|c| c.replace(Some(keys.max(1))));
    let out = f();
    CHUNK_OVERRIDE.with(|c| c.set(previous));
    out
}

/// Keys per query on backend `DB`: its own limit ([`KeyList::MAX_KEYS`]:
/// none where the list is one parameter), or a test's override.
pub(crate) fn chunk_size<DB: KeyList>() -> usize {
    CHUNK_OVERRIDE.with(|c| c.get()).unwrap_or(DB::MAX_KEYS)
}

/// A loaded row with what was loaded along with it (`related`). Derefs to
/// the row, so `node.name` reads the row's field.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<T, R> {
    /// The parent row as loaded.
    pub row: T,
    /// What the plan loaded for it: `Vec<_>` for a collection, the row for
    /// a required scalar, `Option<_>` for an optional one, nested `Node`s
    /// for a nested plan, a tuple for `both`.
    pub related: R,
}

impl<T, R> std::ops::Deref for Node<T, R> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.row
    }
}

/// Each source with what was loaded for it, `related[i]` with `sources[i]`.
pub(crate) fn nodes<P, R>(sources: Vec<P>, related: Vec<R>) -> Vec<Node<P, R>> {
    sources
        .into_iter()
        .zip(related)
        .map(|(row, related)| Node { row, related })
        .collect()
}

/// What one source gets from a relationship `H` (its [`Fetch::Shape`] of
/// its [`Fetch::Target`]).
pub type Fetched<H, P, C, M> =
    <<H as Fetch<P, C, M>>::Shape as Shape>::Out<<H as Fetch<P, C, M>>::Target>;

/// One relationship's targets for a batch of sources, in one query per
/// chunk of keys. Implemented by each accessor's handle type, for every
/// connection that can run its queries in mode `M` ([`crate::exec`]):
/// the same code for a `diesel::Connection` ([`Blocking`]) and, with the
/// `async` feature, a `diesel_async` connection.
pub trait Fetch<P, C, M = Blocking> {
    /// The target model.
    type Target: Send + Sync;
    /// How many targets a source has.
    type Shape: Shape;
    /// The targets of each source, aligned with `sources`, in the shape of
    /// the relationship (each collection in its order).
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Fetched<Self, P, C, M>>>> + Send + 'a;

    /// Each source with its targets: [`Fetch::fetch`]'s result zipped with
    /// the sources, or, for a relationship that can, the nodes built as it
    /// goes, to hold less at once.
    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<P>,
    ) -> impl Future<Output = Result<Vec<Node<P, Fetched<Self, P, C, M>>>>> + Send + 'a
    where
        P: 'a;
}

/// What to load along with a batch of sources: an accessor
/// (`Customer::invoices`), [`with`] for nesting, [`both`] for siblings.
/// `C` is the connection, `M` its mode ([`Blocking`] for a
/// `diesel::Connection`; see [`crate::exec`]).
pub trait Plan<P, C, M = Blocking>: Sync {
    /// What each source gets.
    type Output: Send;
    /// Loads it for every source, aligned with `sources`.
    fn run<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Self::Output>>> + Send + 'a;

    /// Each source with what it loads (what [`Eager::eager`] returns):
    /// [`Plan::run`]'s results paired with the sources, unless a plan
    /// can build its nodes more cheaply itself.
    fn attach<'a>(
        &'a self,
        conn: &'a mut C,
        sources: Vec<P>,
    ) -> impl Future<Output = Result<Vec<Node<P, Self::Output>>>> + Send + 'a
    where
        P: Send + Sync + 'a,
        C: Send,
    {
        async move {
            let related = self.run(conn, &sources).await?;
            Ok(nodes(sources, related))
        }
    }
}

impl<P, C, M, F, H> Plan<P, C, M> for F
where
    F: Fn(&P) -> H + Sync,
    H: Fetch<P, C, M>,
    Fetched<H, P, C, M>: Send,
{
    type Output = Fetched<H, P, C, M>;
    fn run<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Self::Output>>> + Send + 'a {
        H::fetch(conn, sources)
    }
    fn attach<'a>(
        &'a self,
        conn: &'a mut C,
        sources: Vec<P>,
    ) -> impl Future<Output = Result<Vec<Node<P, Self::Output>>>> + Send + 'a
    where
        P: Send + Sync + 'a,
        C: Send,
    {
        H::attach(conn, sources)
    }
}

/// One level of a plan: a relationship whose targets a [`With`] loads the
/// next level for. An accessor (`Customer::invoices`) is one, and so is a
/// narrowed relationship (`Customer::invoices.filter(..)`,
/// [`crate::narrowed`]).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// use diesel_relations::eager::Level;
/// use diesel_relations::narrowed::Narrow;
/// fn level<L: Level<Customer, diesel::SqliteConnection, Target = Invoice>>(_: &L) {}
/// # fn main() {
/// level(&Customer::invoices);
/// level(&Customer::invoices.order(invoices::amount.desc()).limit_per_parent(1));
/// # }
/// ```
pub trait Level<P, C, M = Blocking>: Sync {
    /// The target model.
    type Target: Send + Sync;
    /// How many targets a source has.
    type Shape: Shape;
    /// The targets of each source, aligned with `sources`.
    #[allow(clippy::type_complexity)]
    fn fetch_level<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<<Self::Shape as Shape>::Out<Self::Target>>>> + Send + 'a;
}

impl<P, C, M, F, H> Level<P, C, M> for F
where
    F: Fn(&P) -> H + Sync,
    H: Fetch<P, C, M>,
{
    type Target = H::Target;
    type Shape = H::Shape;
    fn fetch_level<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Fetched<H, P, C, M>>>> + Send + 'a {
        H::fetch(conn, sources)
    }
}

/// A relationship, and what to load along with each of its targets.
pub struct With<F, S>(F, S);

/// `with(Customer::invoices, Invoice::lines)`: each customer's invoices,
/// each with its lines. Nests: `with(a, with(b, c))`.
pub fn with<F, S>(relationship: F, then: S) -> With<F, S> {
    With(relationship, then)
}

impl<P, C, M, F, S> Plan<P, C, M> for With<F, S>
where
    P: Sync,
    C: Send,
    F: Level<P, C, M>,
    S: Plan<F::Target, C, M>,
    <F::Shape as Shape>::Out<F::Target>: Send,
    <F::Shape as Shape>::Out<Node<F::Target, S::Output>>: Send,
{
    type Output = <F::Shape as Shape>::Out<Node<F::Target, S::Output>>;
    fn run<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Self::Output>>> + Send + 'a {
        async move {
            let groups = self.0.fetch_level(conn, sources).await?;
            let mut targets: Vec<F::Target> = Vec::with_capacity(groups.len());
            let sizes: Vec<usize> = groups
                .into_iter()
                .map(|group| <F::Shape as Shape>::drain(group, &mut targets))
                .collect();
            // The next level, for every target of this one at once.
            let related = self.1.run(conn, &targets).await?;
            let mut nodes = targets
                .into_iter()
                .zip(related)
                .map(|(row, related)| Node { row, related });
            sizes
                .into_iter()
                .map(|n| <F::Shape as Shape>::take(n, &mut nodes).ok_or_else(misgrouped))
                .collect()
        }
    }
}

/// Two plans for the same sources.
pub struct Both<A, B>(A, B);

/// `both(Customer::invoices, Customer::orders)`: each customer gets
/// `(invoices, orders)`. Nests: `both(a, both(b, c))`.
pub fn both<A, B>(first: A, second: B) -> Both<A, B> {
    Both(first, second)
}

impl<P, C, M, A, B> Plan<P, C, M> for Both<A, B>
where
    P: Sync,
    C: Send,
    A: Plan<P, C, M>,
    B: Plan<P, C, M>,
{
    type Output = (A::Output, B::Output);
    fn run<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Self::Output>>> + Send + 'a {
        async move {
            let first = self.0.run(conn, sources).await?;
            let second = self.1.run(conn, sources).await?;
            Ok(first.into_iter().zip(second).collect())
        }
    }
}

/// Loads a plan for a list of rows.
pub trait Eager<P>: Sized {
    /// Each row with what `plan` loads for it, in the order of `self`.
    fn eager<C, L>(self, conn: &mut C, plan: L) -> Result<Vec<Node<P, L::Output>>>
    where
        C: diesel::Connection + Send,
        L: Plan<P, C>;
}

impl<P: Send + Sync> Eager<P> for Vec<P> {
    fn eager<C, L>(self, conn: &mut C, plan: L) -> Result<Vec<Node<P, L::Output>>>
    where
        C: diesel::Connection + Send,
        L: Plan<P, C>,
    {
        block(plan.attach(conn, self))
    }
}

/// Loads one relationship for every element of a slice of parents.
pub trait LoadRelated<P> {
    /// [`Plan::run`] of `relationship` for these parents: `result[i]`
    /// belongs to `self[i]`.
    fn load_related<C, L>(&self, conn: &mut C, relationship: L) -> Result<Vec<L::Output>>
    where
        C: diesel::Connection + Send,
        L: Plan<P, C>;
}

impl<P: Sync> LoadRelated<P> for [P] {
    fn load_related<C, L>(&self, conn: &mut C, relationship: L) -> Result<Vec<L::Output>>
    where
        C: diesel::Connection + Send,
        L: Plan<P, C>,
    {
        block(relationship.run(conn, self))
    }
}

/// A shape's container did not take the number of targets it was given: a
/// bug in this module, reported rather than panicking.
fn misgrouped() -> RelationError {
    RelationError::Transaction(diesel::result::Error::QueryBuilderError(
        "eager loading grouped a scalar relationship's targets wrongly".into(),
    ))
}

/// Where each distinct key's rows go: every position holding that key.
/// Keys are numbered in order of first appearance (`distinct`); `heads`
/// holds each one's first position, and the rare repeats (a parent listed
/// twice) are chained through `next`, so there is no allocation per key.
struct Positions<K> {
    /// Each distinct key's number.
    number: HashMap<K, usize>,
    distinct: Vec<K>,
    /// `heads[d]`: the first position holding `distinct[d]`.
    heads: Vec<usize>,
    /// `next[i]`: the next position holding the same key as `i`.
    next: Vec<usize>,
}

/// Where a run of lookups stands in [`Positions::distinct`]. Rows come
/// ordered by their key (or by an order that follows it), and sources are
/// often ordered by key too, so a row's key is mostly the previous row's or
/// the next distinct one: found without a hash probe, which in a map of
/// many keys is a cache miss, most of grouping's own time (measured).
#[derive(Default)]
struct Cursor(usize);

const END: usize = usize::MAX;

impl<K: Clone + Eq + Hash> Positions<K> {
    fn new(keys: impl ExactSizeIterator<Item = Option<K>>) -> Self {
        let n = keys.len();
        let mut number: HashMap<K, usize> =
            HashMap::with_capacity_and_hasher(n, Default::default());
        let mut last: HashMap<usize, usize> = HashMap::default();
        let mut next = vec![END; n];
        let mut distinct = Vec::with_capacity(n);
        let mut heads = Vec::with_capacity(n);
        for (i, key) in keys.enumerate() {
            let Some(key) = key else { continue };
            match number.entry(key) {
                Entry::Vacant(slot) => {
                    let d = distinct.len();
                    distinct.push(slot.key().clone());
                    slot.insert(d);
                    heads.push(i);
                }
                Entry::Occupied(slot) => {
                    // Append i to head's chain.
                    let head = heads[*slot.get()];
                    let tail = last.get(&head).copied().unwrap_or(head);
                    next[tail] = i;
                    last.insert(head, i);
                }
            }
        }
        Positions {
            number,
            distinct,
            heads,
            next,
        }
    }

    /// The first position holding `key`, if any: the cursor's previous or
    /// next key, else from the map.
    fn find(&self, key: &K, cursor: &mut Cursor) -> Option<usize> {
        let at = cursor.0;
        let d = if at > 0 && self.distinct[at - 1] == *key {
            at - 1
        } else if self.distinct.get(at) == Some(key) {
            at
        } else {
            *self.number.get(key)?
        };
        cursor.0 = d + 1;
        Some(self.heads[d])
    }

    /// Hands `row` to `visit` for each position holding `key` (a clone for
    /// all but the last). Returns whether `key` is one of the keys exactly.
    fn visit<T: Clone>(
        &self,
        key: &K,
        cursor: &mut Cursor,
        row: T,
        visit: &mut impl FnMut(usize, Option<T>) -> Result<()>,
    ) -> Result<bool> {
        let Some(at) = self.find(key, cursor) else {
            return Ok(false);
        };
        self.visit_from(at, row, visit)?;
        Ok(true)
    }

    /// Hands `row` to `visit` for each position of the chain from `at`.
    fn visit_from<T: Clone>(
        &self,
        mut at: usize,
        row: T,
        visit: &mut impl FnMut(usize, Option<T>) -> Result<()>,
    ) -> Result<()> {
        while self.next[at] != END {
            visit(at, Some(row.clone()))?;
            at = self.next[at];
        }
        visit(at, Some(row))
    }

    /// Tells `visit` to forget what it was given for each position holding
    /// one of `keys` (`visit(at, None)`), before a chunk is loaded again.
    fn reset<T>(
        &self,
        keys: &[K],
        visit: &mut impl FnMut(usize, Option<T>) -> Result<()>,
    ) -> Result<()> {
        for key in keys {
            if let Some(&d) = self.number.get(key) {
                let mut at = self.heads[d];
                loop {
                    visit(at, None)?;
                    if self.next[at] == END {
                        break;
                    }
                    at = self.next[at];
                }
            }
        }
        Ok(())
    }

    /// What a collation makes of the keys: each value stored in the
    /// column, with the first position of every key it equals there
    /// (`pairs` from [`MatchKeys`], `(stored value, key)`).
    fn collated(&self, pairs: Vec<(K, K)>) -> HashMap<K, Vec<usize>> {
        let mut heads: HashMap<K, Vec<usize>> = HashMap::default();
        for (stored, key) in pairs {
            let Some(&d) = self.number.get(&key) else {
                continue;
            };
            let at = self.heads[d];
            let entry = heads.entry(stored).or_default();
            if !entry.contains(&at) {
                entry.push(at);
            }
        }
        heads
    }
}

/// Hands `row` to `visit` for every position whose key its stored `key`
/// equals in the column's collation (`collated`, from
/// [`Positions::collated`]).
fn visit_collated<K: Eq + Hash + Clone, T: Clone>(
    positions: &Positions<K>,
    collated: &HashMap<K, Vec<usize>>,
    key: &K,
    row: T,
    visit: &mut impl FnMut(usize, Option<T>) -> Result<()>,
) -> Result<()> {
    if let Some(heads) = collated.get(key) {
        if let Some((last, rest)) = heads.split_last() {
            for &at in rest {
                positions.visit_from(at, row.clone(), visit)?;
            }
            positions.visit_from(*last, row, visit)?;
        }
    }
    Ok(())
}

/// `ORDER BY fk, order_by`: within each parent the relationship's order,
/// which is all the grouping keeps; with the foreign key first, an index on
/// it can deliver the rows already in order. Which of this and plain
/// `ORDER BY order_by` is cheaper depends on the planner: [`KeyList::KEY_FIRST`].
type KeyFirst<R> = (<R as OneToMany>::ForeignKey, <R as OneToMany>::Order);

/// Whether the relationship's own order already begins with its foreign
/// key: no `order_by`, and the target's primary key leads with the foreign
/// key (a child keyed by `(parent_id, no)`). The key-first order would then
/// be `ORDER BY parent_id, parent_id, no`, which SQLite does not match to
/// the primary key's index: it sorts the last two terms (measured in
/// docs/performance.md, 2026-12-04). The plain order is key-first already.
fn order_leads_with_key<R: OneToMany>() -> bool {
    R::DECL.order_by().is_none()
        && <R::Target as Model>::PRIMARY_KEY
            .first()
            .is_some_and(|c| c.name == <R::ForeignKey as diesel::Column>::NAME)
}

/// The children's query in the key-first order, selecting the target.
type ChildrenKeyFirst<R, DB> = Select<
    Order<<R as OneToMany>::QueryMany, KeyFirst<R>>,
    AsSelect<<R as crate::Relationship>::Target, DB>,
>;

/// The children's query in the relationship's order, selecting the target.
type ChildrenOrdered<R, DB> = Select<
    Order<<R as OneToMany>::QueryMany, <R as OneToMany>::Order>,
    AsSelect<<R as crate::Relationship>::Target, DB>,
>;

/// The children's query with no order, selecting the target: the rows are
/// put in order in Rust ([`KeyList::SORT_IN_RUST`]).
type ChildrenUnordered<R, DB> =
    Select<<R as OneToMany>::QueryMany, AsSelect<<R as crate::Relationship>::Target, DB>>;

/// Reads the sort key off a target's primary key ([`crate::key_order`]).
type SortKeyOf<R> =
    fn(&<<R as crate::Relationship>::Target as Model>::Key) -> crate::key_order::SortKey;

/// How the children's rows are put in the relationship's order in Rust, if
/// they are: where the backend wants it, the order is the target's key and
/// that key leads with the foreign key (no `order_by`; a child keyed by
/// `(parent_id, no)`, where PostgreSQL sorts every row), and the key sorts
/// in Rust as in SQL ([`crate::key_order`]). A child keyed by its own id
/// keeps `ORDER BY id`: measured slower sorted in Rust (1.25x against
/// 1.12x, docs/performance.md, 2026-12-04).
fn rust_order<R: OneToMany, DB: KeyList>() -> Option<SortKeyOf<R>> {
    if DB::SORT_IN_RUST && order_leads_with_key::<R>() {
        crate::key_order::integer_order::<<R::Target as Model>::Key>()
    } else {
        None
    }
}

/// Streams the children of some parent keys, in the relationship's order
/// within each parent, to `visit`. One blanket impl carries the Diesel
/// bounds of both orders, so the code using it needs only this trait.
#[doc(hidden)]
pub trait LoadChildren<C, M>: OneToMany {
    fn stream<'a, V>(
        conn: &'a mut C,
        keys: Vec<Self::Key>,
        visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(Self::Target) -> Result<()> + Send + 'a;
    /// [`MatchKeys`] on the foreign key column.
    fn matches<'a>(
        conn: &'a mut C,
        keys: &'a [Self::Key],
    ) -> impl Future<Output = Result<Vec<(Self::Key, Self::Key)>>> + Send + 'a;
}

impl<R, C, M> LoadChildren<C, M> for R
where
    R: OneToMany,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
    R::Target: Selectable<Db<C, M>> + Send,
    R::ForeignKey: MatchKeys<C, R::Key, M>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::QueryMany:
        OrderDsl<KeyFirst<R>> + OrderDsl<R::Order> + SelectDsl<AsSelect<R::Target, Db<C, M>>>,
    Order<R::QueryMany, KeyFirst<R>>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
    Order<R::QueryMany, R::Order>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
    C: Load<M, ChildrenKeyFirst<R, Db<C, M>>, R::Target>
        + Load<M, ChildrenOrdered<R, Db<C, M>>, R::Target>
        + Load<M, ChildrenUnordered<R, Db<C, M>>, R::Target>,
{
    fn stream<'a, V>(
        conn: &'a mut C,
        keys: Vec<R::Key>,
        visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(R::Target) -> Result<()> + Send + 'a,
    {
        let err: fn(_) -> _ = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        // Streamed, unless sorted in Rust: each row goes to its group as it
        // is read, so the rows are never held twice.
        async move {
            if let Some(sort_key) = rust_order::<R, Db<C, M>>() {
                // Held once, in key order: a stable sort of rows that
                // mostly arrive in key order already; each parent's
                // group, filled in this order, is in the key's order.
                let query = SelectDsl::select(R::query_many(keys), R::Target::as_select());
                let mut rows: Vec<(crate::key_order::SortKey, R::Target)> = Vec::new();
                Load::<M, ChildrenUnordered<R, Db<C, M>>, R::Target>::each(
                    conn,
                    query,
                    err,
                    |row| {
                        rows.push((sort_key(&row.primary_key()), row));
                        Ok(())
                    },
                )
                .await?;
                rows.sort_by_key(|row| row.0);
                let mut visit = visit;
                rows.into_iter().try_for_each(|(_, row)| visit(row))
            } else if <Db<C, M> as KeyList>::KEY_FIRST && !order_leads_with_key::<R>() {
                let order = (R::ForeignKey::default(), R::order());
                let query = SelectDsl::select(
                    OrderDsl::order(R::query_many(keys), order),
                    R::Target::as_select(),
                );
                Load::<M, ChildrenKeyFirst<R, Db<C, M>>, R::Target>::each(conn, query, err, visit)
                    .await
            } else {
                let query = SelectDsl::select(
                    OrderDsl::order(R::query_many(keys), R::order()),
                    R::Target::as_select(),
                );
                Load::<M, ChildrenOrdered<R, Db<C, M>>, R::Target>::each(conn, query, err, visit)
                    .await
            }
        }
    }
    fn matches<'a>(
        conn: &'a mut C,
        keys: &'a [R::Key],
    ) -> impl Future<Output = Result<Vec<(R::Key, R::Key)>>> + Send + 'a {
        async move {
            <R::ForeignKey as MatchKeys<C, R::Key, M>>::match_keys(conn, keys)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
        }
    }
}

/// Where the children of some parent keys come from, streamed in the
/// order wanted within each parent: the declared relationship
/// ([`Declared`]), or a narrowed one ([`crate::narrowed`]). [`each_child`]
/// groups them.
#[doc(hidden)]
pub trait ChildRows<C, M>: Sync {
    /// The relationship.
    type Rel: OneToMany;
    /// Streams the children of `keys` to `visit`.
    fn stream<'a, V>(
        &'a self,
        conn: &'a mut C,
        keys: Vec<<Self::Rel as OneToMany>::Key>,
        visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(<Self::Rel as crate::Relationship>::Target) -> Result<()> + Send + 'a;
    /// [`MatchKeys`] on the foreign key column.
    #[allow(clippy::type_complexity)]
    fn matches<'a>(
        &'a self,
        conn: &'a mut C,
        keys: &'a [<Self::Rel as OneToMany>::Key],
    ) -> impl Future<
        Output = Result<Vec<(<Self::Rel as OneToMany>::Key, <Self::Rel as OneToMany>::Key)>>,
    > + Send
           + 'a;
}

/// The children as the relationship declares them ([`LoadChildren`]).
pub(crate) struct Declared<R>(std::marker::PhantomData<fn() -> R>);

impl<R> Declared<R> {
    pub(crate) fn new() -> Self {
        Declared(std::marker::PhantomData)
    }
}

impl<R: LoadChildren<C, M>, C, M> ChildRows<C, M> for Declared<R> {
    type Rel = R;
    fn stream<'a, V>(
        &'a self,
        conn: &'a mut C,
        keys: Vec<R::Key>,
        visit: V,
    ) -> impl Future<Output = Result<()>> + Send + 'a
    where
        V: FnMut(R::Target) -> Result<()> + Send + 'a,
    {
        R::stream(conn, keys, visit)
    }
    fn matches<'a>(
        &'a self,
        conn: &'a mut C,
        keys: &'a [R::Key],
    ) -> impl Future<Output = Result<Vec<(R::Key, R::Key)>>> + Send + 'a {
        R::matches(conn, keys)
    }
}

/// Each source's children from `rows`, in a vector per source.
pub(crate) fn child_groups<'a, S, R, C, M>(
    conn: &'a mut C,
    rows: &'a S,
    sources: &'a [R::Source],
) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a
where
    S: ChildRows<C, M, Rel = R>,
    R: OneToMany,
    R::Source: Sync,
    R::Target: Clone + Send,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
{
    async move {
        let mut groups: Vec<Vec<R::Target>> = (0..sources.len()).map(|_| Vec::new()).collect();
        each_child::<S, R, C, M>(conn, rows, sources, |at, row| {
            match row {
                Some(row) => groups[at].push(row),
                None => groups[at].clear(),
            }
            Ok(())
        })
        .await?;
        Ok(groups)
    }
}

/// Loads the children of many parents and hands each to `visit` with the
/// position of its parent (once per position, for a parent listed twice):
/// the shared work of one-to-many and one-to-one. `visit(at, None)` means
/// "forget position `at`'s children": a chunk where some row's foreign key
/// equals no parent key exactly (a case-insensitive or padding collation)
/// is loaded again, each row then given to every parent whose key the
/// database says it equals ([`MatchKeys`]), as lazy loading's `fk = key`
/// finds it. Integer keys never take that path.
fn each_child<'a, S, R, C, M>(
    conn: &'a mut C,
    rows: &'a S,
    sources: &'a [R::Source],
    mut visit: impl FnMut(usize, Option<R::Target>) -> Result<()> + Send + 'a,
) -> impl Future<Output = Result<()>> + Send + 'a
where
    S: ChildRows<C, M, Rel = R>,
    R: OneToMany,
    R::Source: Sync,
    R::Target: Clone + Send,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
{
    async move {
        let positions = Positions::new(sources.iter().map(|s| Some(R::key(s))));
        let mut cursor = Cursor::default();
        let size = chunk_size::<Db<C, M>>();
        for chunk in crate::keys::chunks::<Db<C, M>, _>(&positions.distinct, size) {
            let mut inexact = false;
            rows.stream(conn, chunk.to_vec(), |row| match R::parent_key_of(&row) {
                Some(key) => {
                    if !positions.visit(&key, &mut cursor, row, &mut visit)? {
                        inexact = true;
                    }
                    Ok(())
                }
                None => Ok(()),
            })
            .await?;
            if inexact {
                positions.reset(chunk, &mut visit)?;
                let collated = positions.collated(rows.matches(conn, chunk).await?);
                rows.stream(conn, chunk.to_vec(), |row| match R::parent_key_of(&row) {
                    Some(key) => visit_collated(&positions, &collated, &key, row, &mut visit),
                    None => Ok(()),
                })
                .await?;
            }
        }
        Ok(())
    }
}

impl<R, C, M> Fetch<R::Source, C, M> for ToMany<R>
where
    R: LoadChildren<C, M>,
    R::Source: Send + Sync,
    R::Target: Clone + Send + Sync,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
{
    type Target = R::Target;
    type Shape = crate::relationship::Many;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a {
        async move {
            let rows = Declared::<R>::new();
            child_groups::<_, R, C, M>(conn, &rows, sources).await
        }
    }
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, Vec<R::Target>>>>> + Send + 'a
    where
        R::Source: 'a,
    {
        async move {
            let related = Self::fetch(conn, &sources).await?;
            Ok(nodes(sources, related))
        }
    }
}

impl<R, C, M> Fetch<R::Source, C, M> for ToOneReverse<R>
where
    R: OneToOne + LoadChildren<C, M>,
    R::Source: Send + Sync,
    R::Target: Clone + Send + Sync,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
    <<R as OneToOne>::Shape as Shape>::Out<R::Target>: Send,
{
    type Target = R::Target;
    type Shape = <R as OneToOne>::Shape;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<<Self::Shape as Shape>::Out<R::Target>>>> + Send + 'a {
        async move {
            let mut slots: Vec<Option<R::Target>> = (0..sources.len()).map(|_| None).collect();
            let rows = Declared::<R>::new();
            each_child::<_, R, C, M>(conn, &rows, sources, |at, row| {
                let Some(row) = row else {
                    slots[at] = None;
                    return Ok(());
                };
                if slots[at].replace(row).is_some() {
                    return Err(RelationError::MultipleRows {
                        relationship: R::full_name(),
                        target: R::target_name(),
                        foreign_key: R::FOREIGN_KEY,
                        key: format!("{:?}", R::key(&sources[at])),
                        count: 2,
                    });
                }
                Ok(())
            })
            .await?;
            sources
                .iter()
                .zip(slots)
                .map(|(source, slot)| {
                    <Self::Shape as Shape>::from_option(slot).ok_or_else(|| {
                        RelationError::MissingTarget {
                            relationship: R::full_name(),
                            target: R::target_name(),
                            target_key: R::FOREIGN_KEY,
                            foreign_key: R::FOREIGN_KEY,
                            key: format!("{:?}", R::key(source)),
                        }
                    })
                })
                .collect()
        }
    }
    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, <Self::Shape as Shape>::Out<R::Target>>>>>
           + Send
           + 'a
    where
        R::Source: 'a,
    {
        async move {
            let related = Self::fetch(conn, &sources).await?;
            Ok(nodes(sources, related))
        }
    }
}

/// The targets of many children's foreign keys, by key: the rows as
/// loaded, by their own primary key, and for a foreign key that equals no
/// loaded key exactly, the key it equals in the primary key's collation
/// (`aliases`: a case-insensitive or padding collation, asked of the
/// database only for such keys, [`MatchKeys`]).
struct Parents<K, T> {
    rows: HashMap<K, T>,
    aliases: HashMap<K, K>,
}

impl<K: Eq + Hash, T> Parents<K, T> {
    fn get(&self, key: &K) -> Option<&T> {
        self.rows
            .get(key)
            .or_else(|| self.rows.get(self.aliases.get(key)?))
    }
}

/// The target's column a scalar's foreign key references (its primary key
/// unless declared with `references`).
type TargetPk<R> = <<R as crate::relationship::ManyToOneDecl>::Parent as ParentColumn<
    <R as crate::Relationship>::Target,
>>::Column;

/// The value of that column on a loaded target.
type TargetKeyOf<R> = <<R as crate::relationship::ManyToOneDecl>::Parent as ParentColumn<
    <R as crate::Relationship>::Target,
>>::Value;

/// A scalar's targets by key, selecting the target.
type ParentsQuery<R, DB> =
    Select<<R as ManyToOne>::QueryMany, AsSelect<<R as crate::Relationship>::Target, DB>>;

/// The targets of many children's foreign keys, by key, in one query per
/// chunk of distinct keys.
fn parents_by_key<'a, R, C, M>(
    conn: &'a mut C,
    sources: &'a [R::Source],
) -> impl Future<Output = Result<Parents<R::Key, R::Target>>> + Send + 'a
where
    R: ManyToOne,
    R::Source: Sync,
    R::Key: Eq + Hash,
    R::Target: Model + Selectable<Db<C, M>> + Send,
    R: crate::relationship::ManyToOneDecl<Parent: ParentColumn<R::Target, Value = R::Key>>,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
    C: Load<M, ParentsQuery<R, Db<C, M>>, R::Target>,
    TargetPk<R>: MatchKeys<C, R::Key, M>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::QueryMany: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    async move {
        let mut seen: HashSet<R::Key> = HashSet::default();
        let distinct: Vec<R::Key> = sources
            .iter()
            .filter_map(R::foreign_key)
            .filter(|k| seen.insert(k.clone()))
            .collect();
        drop(seen);
        let mut found: HashMap<R::Key, R::Target> =
            HashMap::with_capacity_and_hasher(distinct.len(), Default::default());
        let err: fn(_) -> _ = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        let size = chunk_size::<Db<C, M>>();
        for chunk in crate::keys::chunks::<Db<C, M>, _>(&distinct, size) {
            let query = SelectDsl::select(R::query_many(chunk.to_vec()), R::Target::as_select());
            Load::<M, ParentsQuery<R, Db<C, M>>, R::Target>::each(conn, query, err, |row| {
                let key: TargetKeyOf<R> = <R::Parent as ParentColumn<R::Target>>::value(&row);
                found.insert(key, row);
                Ok(())
            })
            .await?;
        }
        // A key without its row: dangling, or equal to a loaded key only in
        // the column's collation, which the database tells apart.
        let missing: Vec<R::Key> = distinct
            .into_iter()
            .filter(|k| !found.contains_key(k))
            .collect();
        let mut aliases = HashMap::default();
        if !missing.is_empty() {
            for (stored, key) in
                <TargetPk<R> as MatchKeys<C, R::Key, M>>::match_keys(conn, &missing)
                    .await
                    .map_err(err)?
            {
                if found.contains_key(&stored) {
                    aliases.entry(key).or_insert(stored);
                }
            }
        }
        Ok(Parents {
            rows: found,
            aliases,
        })
    }
}

/// A child's target, shaped: a copy of the loaded parent (many children
/// share one), `None` for a NULL key where optional, else the error.
fn shaped_parent<R, S>(
    found: &Parents<R::Key, R::Target>,
    key: Option<R::Key>,
) -> Result<<S as Shape>::Out<R::Target>>
where
    R: ManyToOne,
    R::Key: Eq + Hash,
    R::Target: Clone,
    S: Shape,
{
    let target = match key {
        None => None,
        Some(key) => {
            Some(
                found
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| RelationError::MissingTarget {
                        relationship: R::full_name(),
                        target: R::target_name(),
                        target_key: R::TARGET_KEY,
                        foreign_key: R::FOREIGN_KEY,
                        key: format!("{key:?}"),
                    })?,
            )
        }
    };
    S::from_option(target).ok_or(RelationError::NullForeignKey {
        relationship: R::full_name(),
        foreign_key: R::FOREIGN_KEY,
    })
}

impl<R, C, M> Fetch<R::Source, C, M> for ToOne<R>
where
    R: ManyToOne,
    R::Source: Send + Sync,
    R::Key: Eq + Hash,
    R::Target: Model + Clone + Selectable<Db<C, M>> + Send + Sync,
    R: crate::relationship::ManyToOneDecl<Parent: ParentColumn<R::Target, Value = R::Key>>,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
    C: Load<M, ParentsQuery<R, Db<C, M>>, R::Target>,
    TargetPk<R>: MatchKeys<C, R::Key, M>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::QueryMany: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
    <<R as crate::relationship::ManyToOneDecl>::Shape as Shape>::Out<R::Target>: Send,
{
    type Target = R::Target;
    type Shape = <R as crate::relationship::ManyToOneDecl>::Shape;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<<Self::Shape as Shape>::Out<R::Target>>>> + Send + 'a {
        async move {
            let found = parents_by_key::<R, C, M>(conn, sources).await?;
            sources
                .iter()
                .map(|source| shaped_parent::<R, Self::Shape>(&found, R::foreign_key(source)))
                .collect()
        }
    }

    /// The nodes straight from the sources, without a vector of parents
    /// in between: a many-to-one's targets are copies, the biggest part.
    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, <Self::Shape as Shape>::Out<R::Target>>>>>
           + Send
           + 'a
    where
        R::Source: 'a,
    {
        async move {
            let found = parents_by_key::<R, C, M>(conn, &sources).await?;
            sources
                .into_iter()
                .map(|row| {
                    let related = shaped_parent::<R, Self::Shape>(&found, R::foreign_key(&row))?;
                    Ok(Node { row, related })
                })
                .collect()
        }
    }
}

/// The association row's source key with each target.
type Linked<R, DB> = (
    <R as ManyToMany>::SourceColumn,
    AsSelect<<R as crate::Relationship>::Target, DB>,
);

/// A many-to-many's targets of many sources, each with its source key.
type ThroughQuery<R, DB> =
    Select<Order<<R as ManyToMany>::QueryMany, <R as ManyToMany>::EagerOrder>, Linked<R, DB>>;

/// Each source's targets of a many-to-many, from `query` (the targets
/// with their association row's source key, built for a chunk of keys,
/// in the order wanted within each source). A target linked to a source
/// twice is kept once, at its first place: the repeats are together where
/// the order ends with the target column, and anywhere when `apart`.
pub(crate) fn through_groups<'a, R, C, M, Q>(
    conn: &'a mut C,
    sources: &'a [R::Source],
    apart: bool,
    query: impl Fn(Vec<R::SourceKey>) -> Q + Send + Sync + 'a,
) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a
where
    R: ManyToMany,
    R::Source: Sync,
    R::Target: Clone + Send,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
    C: Load<M, Q, (R::SourceKey, R::Target)>,
    R::SourceColumn: MatchKeys<C, R::SourceKey, M>,
{
    async move {
        let positions = Positions::new(sources.iter().map(|s| Some(R::source_key(s))));
        let mut groups: Vec<Vec<R::Target>> = (0..sources.len()).map(|_| Vec::new()).collect();
        let mut visit = |at: usize, row: Option<R::Target>| {
            match row {
                Some(row) => groups[at].push(row),
                None => groups[at].clear(),
            }
            Ok(())
        };
        let mut cursor = Cursor::default();
        let err: fn(_) -> _ = |e| RelationError::from_diesel(R::full_name(), R::SECONDARY, e);
        let size = chunk_size::<Db<C, M>>();
        for chunk in crate::keys::chunks::<Db<C, M>, _>(&positions.distinct, size) {
            // The first pass groups by exact key; a link whose source
            // column equals no key exactly (a case-insensitive or padding
            // collation) has the chunk loaded again, grouped the way the
            // database compares ([`MatchKeys`]).
            let mut collated = None;
            loop {
                let query = query(chunk.to_vec());
                // The join returns a target once per association row; linked
                // twice (two lines of one invoice for one track) is still linked
                // once, as the lazy `IN (subquery)` loads it. The eager order
                // ends with the target column, which puts such rows together.
                let mut last: Option<LinkPair<R>> = None;
                // An order on the association table's columns leaves a
                // target's links apart: the first in the order counts.
                let mut seen: HashSet<LinkPair<R>> = HashSet::default();
                let mut inexact = false;
                let pass = collated.as_ref();
                Load::<M, Q, _>::each(conn, query, err, |pair| {
                    let (key, row): (R::SourceKey, R::Target) = pair;
                    let this = (key, R::target_key(&row));
                    if last.as_ref() == Some(&this) || (apart && !seen.insert(this.clone())) {
                        return Ok(());
                    }
                    match pass {
                        None => {
                            if !positions.visit(&this.0, &mut cursor, row, &mut visit)? {
                                inexact = true;
                            }
                        }
                        Some(collated) => {
                            visit_collated(&positions, collated, &this.0, row, &mut visit)?
                        }
                    }
                    last = Some(this);
                    Ok(())
                })
                .await?;
                if !inexact || collated.is_some() {
                    break;
                }
                positions.reset(chunk, &mut visit)?;
                let pairs =
                    <R::SourceColumn as MatchKeys<C, R::SourceKey, M>>::match_keys(conn, chunk)
                        .await
                        .map_err(err)?;
                collated = Some(positions.collated(pairs));
            }
        }
        Ok(groups)
    }
}

impl<R, C, M> Fetch<R::Source, C, M> for ToManyThrough<R>
where
    R: ManyToMany,
    R::Source: Send + Sync,
    R::Target: Clone + Selectable<Db<C, M>> + Send + Sync,
    C: crate::exec::Connected<M>,
    Db<C, M>: KeyList,
    C: Load<M, ThroughQuery<R, Db<C, M>>, (R::SourceKey, R::Target)>,
    R::SourceColumn: MatchKeys<C, R::SourceKey, M>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    Linked<R, Db<C, M>>: Expression,
    R::QueryMany: OrderDsl<R::EagerOrder>,
    Order<R::QueryMany, R::EagerOrder>: SelectDsl<Linked<R, Db<C, M>>>,
{
    type Target = R::Target;
    type Shape = crate::relationship::Many;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a {
        through_groups::<R, C, M, _>(conn, sources, R::JOINED, |keys| {
            let order = R::eager_order();
            let selection = (R::SourceColumn::default(), R::Target::as_select());
            SelectDsl::select(OrderDsl::order(R::query_many(keys), order), selection)
        })
    }
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, Vec<R::Target>>>>> + Send + 'a
    where
        R::Source: 'a,
    {
        async move {
            let related = Self::fetch(conn, &sources).await?;
            Ok(nodes(sources, related))
        }
    }
}
