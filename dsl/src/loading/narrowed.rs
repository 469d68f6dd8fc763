//! Narrowed eager loading: a collection loaded with a filter, an order of
//! its own and a limit per parent, still one query per level
//! (SQLAlchemy's `selectinload(A.bs.and_(cond))`, Prisma's `include: {
//! posts: { where, orderBy, take } }`).
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::eager::{with, Eager, LoadRelated};
//! use diesel_relations::narrowed::Narrow;
//! let conn = &mut connection();
//! let customers: Vec<Customer> = customers::table.order(customers::id).select(Customer::as_select()).load(conn)?;
//!
//! // Each customer's largest invoice over 50, with its lines: 2 queries.
//! let largest = Customer::invoices
//!     .filter(invoices::amount.gt(50))
//!     .order(invoices::amount.desc())
//!     .limit_per_parent(1);
//! let pages = customers.clone().eager(conn, with(largest, Invoice::lines))?;
//! let seen: Vec<(i32, usize)> = pages[0].related.iter().map(|i| (i.id, i.related.len())).collect();
//! assert_eq!(seen, [(2, 1)]);
//!
//! // The same narrowing alone, one level: result[i] belongs to customers[i].
//! let small = customers.load_related(conn, Customer::invoices.filter(invoices::amount.lt(90)))?;
//! assert_eq!(small.iter().map(Vec::len).collect::<Vec<_>>(), [0, 1]);
//! # Ok(())
//! # }
//! ```
//!
//! - `.filter(condition)`: the loaded rows must match it; it may name the
//!   target's columns and, for a many-to-many, its association table's.
//! - `.order(order)`: replaces the relationship's `order_by` within each
//!   parent. Ties are broken by the target's primary key, so the order,
//!   and the rows a limit keeps, are the same on every backend.
//! - `.limit_per_parent(n)`: the first `n` rows of each parent in that
//!   order, by `ROW_NUMBER() OVER (PARTITION BY <foreign key> ORDER BY ..)`
//!   in a subquery ([`crate::ranked`]); a many-to-many partitions
//!   by its association table's source column. `n` is a bound parameter.
//!
//! A narrowed relationship is a level of a plan like an accessor:
//! `with(narrowed, next)`, `both(..)`, `load_related`, and on a
//! `diesel_async` connection the same. Lazily, the handle is already a
//! Diesel query: `customer.invoices().filter(..).order(..).limit(3)`.

use crate::eager::{child_groups, through_groups, ChildRows, Level, Plan};
use crate::error::{RelationError, Result};
use crate::exec::{Connected, Db, Load};
use crate::keys::{KeyList, MatchKeys};
use crate::lazy::{ToMany, ToManyThrough};
use crate::loading::first_rows::{FirstRows, OfKey};
use crate::loading::ranked::{Numbered, Place, Ranked, Source};
use crate::relationship::{Many, ManyToMany, Model, OneToMany, Relationship, SqlTableName};
use diesel::dsl::{AsSelect, Filter, Order, Select, SqlTypeOf};
use diesel::query_builder::Query;
use diesel::query_dsl::methods::{FilterDsl, LimitDsl, OrderDsl, SelectDsl};
use diesel::{Expression, Selectable, SelectableHelper, Table};
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;

/// A collection loaded with a filter (`W`), an order (`O`) and a limit per
/// parent: built from an accessor by [`Narrow`]'s methods.
#[derive(Debug, Clone, Copy)]
pub struct Narrowed<F, W = NoFilter, O = DeclaredOrder> {
    accessor: F,
    filter: W,
    order: O,
    limit: Option<i64>,
}

/// No filter: every row of the relationship.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFilter;

/// A filter on the loaded rows.
#[derive(Debug, Clone, Copy)]
pub struct Where<W>(W);

/// The relationship's own `order_by`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeclaredOrder;

/// An order in place of the relationship's.
#[derive(Debug, Clone, Copy)]
pub struct By<O>(O);

/// A collection relationship, which a load can narrow: implemented by
/// [`ToMany`] and [`ToManyThrough`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a collection: only a collection's load can be filtered, ordered or limited per parent",
    label = "a scalar relationship loads one row or none",
    note = "narrow a `Vec<_>` relationship; for a scalar, filter its parents instead (`Related::has`)"
)]
pub trait Narrowable {}
impl<R: OneToMany> Narrowable for ToMany<R> {}
impl<R: ManyToMany> Narrowable for ToManyThrough<R> {}

/// A filter the collection's load can take: one on the rows it reads
/// (the target's table, and a many-to-many's association table). Asked as
/// "the filtered query is a valid query", which is where Diesel checks a
/// filter's tables, so that another table's column is refused at
/// `.filter`, not at the load.
pub trait FilterOn<W>: Narrowable {}
impl<R: OneToMany, W> FilterOn<W> for ToMany<R>
where
    R::QueryMany: FilterDsl<W>,
    Filter<R::QueryMany, W>: Query,
{
}
impl<R: ManyToMany, W> FilterOn<W> for ToManyThrough<R>
where
    R::QueryMany: FilterDsl<W>,
    Filter<R::QueryMany, W>: Query,
{
}

/// An order the collection's load can take (on the same tables).
pub trait OrderOn<O>: Narrowable {}
impl<R: OneToMany, O: Expression> OrderOn<O> for ToMany<R> where R::QueryMany: OrderDsl<O> {}
impl<R: ManyToMany, O: Expression> OrderOn<O> for ToManyThrough<R> where R::QueryMany: OrderDsl<O> {}

/// Narrowing a relationship named by its accessor (`Customer::invoices`):
/// `use diesel_relations::narrowed::Narrow;` and call these on it.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::eager::LoadRelated;
/// use diesel_relations::narrowed::Narrow;
/// let conn = &mut connection();
/// let authors: Vec<Author> = authors::table.order(authors::id).select(Author::as_select()).load(conn)?;
/// // Each author's first book by title, through authors_books.
/// let first = authors.load_related(conn, Author::books.order(books::title).limit_per_parent(1))?;
/// let titles: Vec<Vec<&str>> = first.iter().map(|b| b.iter().map(|b| b.title.as_str()).collect()).collect();
/// assert_eq!(titles, [vec!["Rust"], vec!["Rust"]]);
/// # Ok(())
/// # }
/// ```
pub trait Narrow<P>: Sized {
    /// The accessor's handle type, which says the relationship's kind.
    type Handle;

    /// Loads only the rows matching `condition`, a Diesel expression on
    /// the target's columns (a many-to-many's association columns too).
    fn filter<W>(self, condition: W) -> Narrowed<Self, Where<W>>
    where
        Self::Handle: FilterOn<W>,
    {
        Narrowed::new(self, Where(condition), DeclaredOrder)
    }

    /// Loads each parent's rows in `order` (`invoices::total.desc()`, a
    /// tuple for several) instead of the relationship's `order_by`.
    fn order<O>(self, order: O) -> Narrowed<Self, NoFilter, By<O>>
    where
        Self::Handle: OrderOn<O>,
    {
        Narrowed::new(self, NoFilter, By(order))
    }

    /// Loads at most `n` rows per parent, the first in the relationship's
    /// order.
    fn limit_per_parent(self, n: i64) -> Narrowed<Self>
    where
        Self::Handle: Narrowable,
    {
        Narrowed::new(self, NoFilter, DeclaredOrder).limit_per_parent(n)
    }
}

impl<P, F, H> Narrow<P> for F
where
    F: Fn(&P) -> H,
{
    type Handle = H;
}

impl<F, W, O> Narrowed<F, W, O> {
    fn new(accessor: F, filter: W, order: O) -> Self {
        Narrowed {
            accessor,
            filter,
            order,
            limit: None,
        }
    }

    /// Loads at most `n` rows per parent (none for `n <= 0`), the first
    /// in the order.
    pub fn limit_per_parent(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self
    }

    /// The accessor narrowed.
    pub fn accessor(&self) -> &F {
        &self.accessor
    }
}

impl<F, O> Narrowed<F, NoFilter, O> {
    /// See [`Narrow::filter`].
    pub fn filter<P, W>(self, condition: W) -> Narrowed<F, Where<W>, O>
    where
        F: Narrow<P, Handle: FilterOn<W>>,
    {
        Narrowed {
            accessor: self.accessor,
            filter: Where(condition),
            order: self.order,
            limit: self.limit,
        }
    }
}

impl<F, W> Narrowed<F, W, DeclaredOrder> {
    /// See [`Narrow::order`].
    pub fn order<P, O>(self, order: O) -> Narrowed<F, W, By<O>>
    where
        F: Narrow<P, Handle: OrderOn<O>>,
    {
        Narrowed {
            accessor: self.accessor,
            filter: self.filter,
            order: By(order),
            limit: self.limit,
        }
    }
}

/// Puts a narrowed load's filter on a query.
#[doc(hidden)]
pub trait ApplyFilter<Q> {
    type Out;
    fn apply(&self, query: Q) -> Self::Out;
}

impl<Q> ApplyFilter<Q> for NoFilter {
    type Out = Q;
    fn apply(&self, query: Q) -> Q {
        query
    }
}

impl<Q: FilterDsl<W>, W: Clone> ApplyFilter<Q> for Where<W> {
    type Out = Filter<Q, W>;
    fn apply(&self, query: Q) -> Self::Out {
        FilterDsl::filter(query, self.0.clone())
    }
}

/// A narrowed load's order: its own, or the declared one `D`.
#[doc(hidden)]
pub trait PickOrder<D> {
    type Expr;
    fn pick(&self, declared: D) -> Self::Expr;
}

impl<D> PickOrder<D> for DeclaredOrder {
    type Expr = D;
    fn pick(&self, declared: D) -> D {
        declared
    }
}

impl<D, O: Clone> PickOrder<D> for By<O> {
    type Expr = O;
    fn pick(&self, _: D) -> O {
        self.0.clone()
    }
}

/// A handle's narrowed load for a batch of sources: one query per chunk
/// of keys, the rows grouped as the plain load groups them.
#[doc(hidden)]
pub trait NarrowFetch<P, C, M, W, O> {
    type Target: Send + Sync;
    fn fetch_narrowed<'a>(
        conn: &'a mut C,
        sources: &'a [P],
        filter: &'a W,
        order: &'a O,
        limit: Option<i64>,
    ) -> impl Future<Output = Result<Vec<Vec<Self::Target>>>> + Send + 'a;
}

impl<P, C, M, F, H, W, O> Level<P, C, M> for Narrowed<F, W, O>
where
    F: Fn(&P) -> H + Sync,
    H: NarrowFetch<P, C, M, W, O>,
    W: Sync,
    O: Sync,
{
    type Target = H::Target;
    type Shape = Many;
    fn fetch_level<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Vec<H::Target>>>> + Send + 'a {
        H::fetch_narrowed(conn, sources, &self.filter, &self.order, self.limit)
    }
}

impl<P, C, M, F, H, W, O> Plan<P, C, M> for Narrowed<F, W, O>
where
    P: Sync,
    F: Fn(&P) -> H + Sync,
    H: NarrowFetch<P, C, M, W, O>,
    W: Sync,
    O: Sync,
{
    type Output = Vec<H::Target>;
    fn run<'a>(
        &'a self,
        conn: &'a mut C,
        sources: &'a [P],
    ) -> impl Future<Output = Result<Vec<Self::Output>>> + Send + 'a {
        self.fetch_level(conn, sources)
    }
}

// ---------------------------------------------------------------------------
// One-to-many: the children's table, by their foreign key.

type TargetTable<R> = <<R as Relationship>::Target as Model>::Table;
type TargetPk<R> = <TargetTable<R> as Table>::PrimaryKey;
type Selected<R, DB> = AsSelect<<R as Relationship>::Target, DB>;
type Fk<R> = <R as OneToMany>::ForeignKey;
type Children<R, W> = <W as ApplyFilter<<R as OneToMany>::QueryMany>>::Out;
type ChildOrder<R, O> = <O as PickOrder<<R as OneToMany>::Order>>::Expr;
/// `ORDER BY fk, order, pk` (see [`KeyList::KEY_FIRST`]).
type ChildrenKeyFirst<R, W, O, DB> =
    Select<Order<Children<R, W>, (Fk<R>, ChildOrder<R, O>, TargetPk<R>)>, Selected<R, DB>>;
/// `ORDER BY order, pk`.
type ChildrenOrdered<R, W, O, DB> =
    Select<Order<Children<R, W>, (ChildOrder<R, O>, TargetPk<R>)>, Selected<R, DB>>;
/// The first `n` children of each parent, numbered by a window function
/// (the outer query ordered by the order itself).
type ChildrenRanked<R, W, O, DB> = Ranked<
    TargetTable<R>,
    Select<
        Children<R, W>,
        (
            Selected<R, DB>,
            Numbered<Fk<R>, (ChildOrder<R, O>, TargetPk<R>)>,
        ),
    >,
    Selected<R, DB>,
    (ChildOrder<R, O>, TargetPk<R>),
>;
/// The target table filtered to one parent key's rows ([`OfKey`]) and
/// the narrowed load's filter: the subqueries of [`FirstRows`].
type OfOneKey<R, W> = <W as ApplyFilter<Filter<TargetTable<R>, OfKey<Fk<R>>>>>::Out;
/// One key's first `n` rows, ordered.
type FirstOfKey<R, W, O> =
    diesel::dsl::Limit<Order<OfOneKey<R, W>, (ChildOrder<R, O>, TargetPk<R>)>>;
/// The first `n` children of each parent, by a subquery per key.
type ChildrenFirst<R, W, O, DB> = FirstRows<
    TargetTable<R>,
    <R as OneToMany>::Key,
    TargetPk<R>,
    Select<FirstOfKey<R, W, O>, TargetPk<R>>,
    Selected<R, DB>,
    (ChildOrder<R, O>, TargetPk<R>),
>;

/// The children of a narrowed one-to-many, for [`each_child`]'s grouping
/// (collations included).
#[doc(hidden)]
pub struct NarrowedChildren<R, W, O> {
    filter: W,
    order: O,
    limit: Option<i64>,
    rel: PhantomData<fn() -> R>,
}

impl<R, W, O, C, M> ChildRows<C, M> for NarrowedChildren<R, W, O>
where
    R: OneToMany,
    W: ApplyFilter<R::QueryMany> + Sync,
    O: PickOrder<R::Order> + Sync,
    C: Connected<M>,
    Db<C, M>: KeyList,
    R::Target: Selectable<Db<C, M>> + Send,
    Selected<R, Db<C, M>>: Expression,
    R::ForeignKey: MatchKeys<C, R::Key, M>,
    (Fk<R>, ChildOrder<R, O>, TargetPk<R>): Expression,
    (ChildOrder<R, O>, TargetPk<R>): Expression,
    Children<R, W>: OrderDsl<(Fk<R>, ChildOrder<R, O>, TargetPk<R>)>
        + OrderDsl<(ChildOrder<R, O>, TargetPk<R>)>
        + SelectDsl<(
            Selected<R, Db<C, M>>,
            Numbered<Fk<R>, (ChildOrder<R, O>, TargetPk<R>)>,
        )>,
    Order<Children<R, W>, (Fk<R>, ChildOrder<R, O>, TargetPk<R>)>: SelectDsl<Selected<R, Db<C, M>>>,
    Order<Children<R, W>, (ChildOrder<R, O>, TargetPk<R>)>: SelectDsl<Selected<R, Db<C, M>>>,
    TargetTable<R>: FilterDsl<OfKey<Fk<R>>>,
    W: ApplyFilter<Filter<TargetTable<R>, OfKey<Fk<R>>>>,
    OfOneKey<R, W>: OrderDsl<(ChildOrder<R, O>, TargetPk<R>)>,
    Order<OfOneKey<R, W>, (ChildOrder<R, O>, TargetPk<R>)>: LimitDsl,
    FirstOfKey<R, W, O>: SelectDsl<TargetPk<R>>,
    ChildOrder<R, O>: Clone,
    C: Load<M, ChildrenKeyFirst<R, W, O, Db<C, M>>, R::Target>
        + Load<M, ChildrenOrdered<R, W, O, Db<C, M>>, R::Target>
        + Load<M, ChildrenFirst<R, W, O, Db<C, M>>, R::Target>
        + Load<M, ChildrenRanked<R, W, O, Db<C, M>>, R::Target>,
{
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
        let err: fn(_) -> _ = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        async move {
            // The target's primary key (a column or a tuple of them).
            let pk = || TargetTable::<R>::default().primary_key();
            match self.limit {
                Some(n) if <Db<C, M> as KeyList>::CORRELATED_PER_PARENT => {
                    let query = {
                        let order = self.order.pick(R::order());
                        // LIMIT 0, never a negative one (no limit on SQLite).
                        let n = n.max(0);
                        let of_key = self.filter.apply(FilterDsl::filter(
                            TargetTable::<R>::default(),
                            OfKey::new(R::ForeignKey::default()),
                        ));
                        let first =
                            LimitDsl::limit(OrderDsl::order(of_key, (order.clone(), pk())), n);
                        FirstRows::new(
                            keys,
                            pk(),
                            SelectDsl::select(first, pk()),
                            R::Target::as_select(),
                            (order, pk()),
                        )
                    };
                    Load::<M, ChildrenFirst<R, W, O, Db<C, M>>, _>::each(conn, query, err, visit)
                        .await
                }
                Some(n) if !<Db<C, M> as KeyList>::TRUNCATE_PER_PARENT => {
                    let query = {
                        let children = self.filter.apply(R::query_many(keys));
                        let order = self.order.pick(R::order());
                        let numbered =
                            Numbered::new(R::ForeignKey::default(), (order.clone(), pk()));
                        let inner = SelectDsl::select(children, (R::Target::as_select(), numbered));
                        Ranked::new(inner, R::Target::as_select(), n, (order, pk()))
                    };
                    Load::<M, ChildrenRanked<R, W, O, Db<C, M>>, _>::each(conn, query, err, visit)
                        .await
                }
                limit => {
                    let children = self.filter.apply(R::query_many(keys));
                    let order = self.order.pick(R::order());
                    let pk = pk();
                    // Under a limit kept in Rust: each parent's first `n`
                    // rows, counted by the key they hold, as a window
                    // function partitions them.
                    let mut kept: HashMap<R::Key, i64> = HashMap::new();
                    let mut visit = visit;
                    let visit = move |row: R::Target| match limit {
                        None => visit(row),
                        Some(n) => {
                            let seen = match R::parent_key_of(&row) {
                                Some(key) => kept.entry(key).or_insert(0),
                                None => return Ok(()),
                            };
                            *seen += 1;
                            if *seen <= n {
                                visit(row)
                            } else {
                                Ok(())
                            }
                        }
                    };
                    if <Db<C, M> as KeyList>::KEY_FIRST {
                        let order = (R::ForeignKey::default(), order, pk);
                        let query = SelectDsl::select(
                            OrderDsl::order(children, order),
                            R::Target::as_select(),
                        );
                        Load::<M, ChildrenKeyFirst<R, W, O, Db<C, M>>, _>::each(
                            conn, query, err, visit,
                        )
                        .await
                    } else {
                        let query = SelectDsl::select(
                            OrderDsl::order(children, (order, pk)),
                            R::Target::as_select(),
                        );
                        Load::<M, ChildrenOrdered<R, W, O, Db<C, M>>, _>::each(
                            conn, query, err, visit,
                        )
                        .await
                    }
                }
            }
        }
    }
    fn matches<'a>(
        &'a self,
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

impl<R, C, M, W, O> NarrowFetch<R::Source, C, M, W, O> for ToMany<R>
where
    R: OneToMany,
    R::Source: Sync,
    R::Target: Clone + Send + Sync,
    W: Clone + Send + Sync,
    O: Clone + Send + Sync,
    C: Connected<M>,
    Db<C, M>: KeyList,
    NarrowedChildren<R, W, O>: ChildRows<C, M, Rel = R>,
{
    type Target = R::Target;
    fn fetch_narrowed<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
        filter: &'a W,
        order: &'a O,
        limit: Option<i64>,
    ) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a {
        async move {
            let rows = NarrowedChildren::<R, W, O> {
                filter: filter.clone(),
                order: order.clone(),
                limit,
                rel: PhantomData,
            };
            child_groups::<_, R, C, M>(conn, &rows, sources).await
        }
    }
}

// ---------------------------------------------------------------------------
// Many-to-many: the targets joined with the association table, by its
// source column.

type LinkSource<R> = <R as ManyToMany>::SourceColumn;
type SourceKey<R> = <R as crate::relationship::LinkKeyed>::SourceKey;
type Linked<R, W> = <W as ApplyFilter<<R as ManyToMany>::QueryMany>>::Out;
type LinkOrder<R, O> = <O as PickOrder<<R as ManyToMany>::Order>>::Expr;
/// `ORDER BY source_column, order, pk`, selecting the source column too.
type LinkedOrdered<R, W, O, DB> = Select<
    Order<Linked<R, W>, (LinkSource<R>, LinkOrder<R, O>, TargetPk<R>)>,
    (LinkSource<R>, Selected<R, DB>),
>;
/// The first `n` targets of each source.
type LinkedRanked<R, W, O, DB> = Ranked<
    TargetTable<R>,
    Select<
        Linked<R, W>,
        (
            Selected<R, DB>,
            Numbered<LinkSource<R>, (LinkOrder<R, O>, TargetPk<R>)>,
        ),
    >,
    (Source<SqlTypeOf<LinkSource<R>>>, Selected<R, DB>),
>;

impl<R, C, M, W, O> NarrowFetch<R::Source, C, M, W, O> for ToManyThrough<R>
where
    R: ManyToMany,
    R::Source: Sync,
    R::Target: Clone + Send + Sync + Selectable<Db<C, M>>,
    W: ApplyFilter<R::QueryMany> + Sync,
    O: PickOrder<R::Order> + Sync,
    C: Connected<M>,
    Db<C, M>: KeyList,
    TargetTable<R>: SqlTableName,
    Selected<R, Db<C, M>>: Expression,
    (LinkSource<R>, Selected<R, Db<C, M>>): Expression,
    (Source<SqlTypeOf<LinkSource<R>>>, Selected<R, Db<C, M>>): Expression,
    R::SourceColumn: MatchKeys<C, SourceKey<R>, M>,
    Linked<R, W>: OrderDsl<(LinkSource<R>, LinkOrder<R, O>, TargetPk<R>)>
        + SelectDsl<(
            Selected<R, Db<C, M>>,
            Numbered<LinkSource<R>, (LinkOrder<R, O>, TargetPk<R>)>,
        )>,
    Order<Linked<R, W>, (LinkSource<R>, LinkOrder<R, O>, TargetPk<R>)>:
        SelectDsl<(LinkSource<R>, Selected<R, Db<C, M>>)>,
    C: Load<M, LinkedOrdered<R, W, O, Db<C, M>>, (SourceKey<R>, R::Target)>
        + Load<M, LinkedRanked<R, W, O, Db<C, M>>, (SourceKey<R>, R::Target)>,
    (LinkSource<R>, LinkOrder<R, O>, TargetPk<R>): Expression,
    (LinkOrder<R, O>, TargetPk<R>): Expression,
{
    type Target = R::Target;
    fn fetch_narrowed<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
        filter: &'a W,
        order: &'a O,
        limit: Option<i64>,
    ) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a {
        async move {
            // A narrowed order may name the association table's columns,
            // which leaves a target's repeated links apart: `apart`.
            match limit {
                Some(n) if !<Db<C, M> as KeyList>::TRUNCATE_PER_PARENT => {
                    through_groups::<R, C, M, _>(conn, sources, true, move |keys| {
                        let linked = filter.apply(R::query_many(keys));
                        let order = order.pick(R::order());
                        let pk = TargetTable::<R>::default().primary_key();
                        let numbered = Numbered::new(R::SourceColumn::default(), (order, pk));
                        let inner = SelectDsl::select(linked, (R::Target::as_select(), numbered));
                        let selection = (Source::default(), R::Target::as_select());
                        Ranked::new(inner, selection, n, Place)
                    })
                    .await
                }
                // No limit, or one kept in Rust (MySQL/MariaDB, which
                // materializes the window's derived table whole): the
                // plain narrowed load, each source's first `n` distinct
                // targets kept after grouping.
                limit => {
                    let mut groups =
                        through_groups::<R, C, M, _>(conn, sources, true, move |keys| {
                            let linked = filter.apply(R::query_many(keys));
                            let order = order.pick(R::order());
                            let pk = TargetTable::<R>::default().primary_key();
                            let order = (R::SourceColumn::default(), order, pk);
                            let selection = (R::SourceColumn::default(), R::Target::as_select());
                            SelectDsl::select(OrderDsl::order(linked, order), selection)
                        })
                        .await?;
                    if let Some(n) = limit {
                        let n = usize::try_from(n).unwrap_or(0);
                        groups.iter_mut().for_each(|targets| targets.truncate(n));
                    }
                    Ok(groups)
                }
            }
        }
    }
}
