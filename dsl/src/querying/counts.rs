//! The number of related rows of each of many parents, and other
//! aggregates of them ([`AggregateRelated`]: `sum`, `max`, `min`, ..), in
//! one query:
//! `SELECT fk, COUNT(*) .. WHERE fk IN (keys) GROUP BY fk`, the keys bound
//! as one parameter where the backend takes it (chunked on MySQL, as
//! eager loading does), returned aligned with the parents.
//!
//! A many-to-many counts its association rows, without reading the
//! target's table: the number of targets, since `link` never writes a pair
//! twice (an association object's table, written through its own model,
//! may hold a pair twice, and then counts it twice). Keys are matched byte for byte: a group whose key
//! equals no parent's exactly (a collation that compares text apart from
//! its bytes) is an error, never a silent zero.

use crate::error::{RelationError, Result};
use crate::keys::{KeyIn, KeyList};
use crate::lazy::{ToMany, ToManyThrough, ToOneReverse};
use crate::relationship::{ManyToMany, OneToMany, Relationship};
use diesel::dsl::{CountStar, Filter, GroupBy, Select};
use diesel::expression::Expression;
use diesel::query_dsl::methods::{FilterDsl, GroupByDsl, SelectDsl};
use diesel::query_dsl::LoadQuery;
use diesel::{Connection, NullableExpressionMethods, RunQueryDsl};
use std::collections::HashMap;
use std::hash::Hash;

/// Counts one relationship's targets for a batch of sources. Implemented
/// by each collection's handle ([`ToMany`], [`ToOneReverse`],
/// [`ToManyThrough`]).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::Relations;
/// use diesel_relations::counts::CountPer;
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = authors)]
/// # #[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_id), back_populates = authors)]
/// # pub struct Author { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = books)]
/// # #[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = books)]
/// # pub struct Book { pub id: i32, pub title: String }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// /// What `count_related` calls: the handle type says how to count.
/// fn count<P, H: CountPer<diesel::SqliteConnection, Source = P>>(
///     conn: &mut diesel::SqliteConnection, rows: &[P], _: fn(&P) -> H,
/// ) -> diesel_relations::Result<Vec<i64>> {
///     H::count(conn, rows)
/// }
/// let books: Vec<Book> = books::table.order(books::id).select(Book::as_select()).load(conn)?;
/// assert_eq!(count(conn, &books, Book::authors)?, [2, 1]);
/// # Ok(())
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no rows to count per parent: `count_related` counts a collection's (`Vec<T>`) targets, or a one-to-one's from the side without the foreign key",
    label = "a scalar holding the foreign key (`T` or `Option<T>`) has one target or none",
    note = "count from the target's side, through the collection its `back_populates` names (`lines.count_related(conn, OrderLine::notes)`), or load the targets with `.eager(conn, ..)`"
)]
pub trait CountPer<C: Connection> {
    /// The model the relationship is declared on.
    type Source;
    /// The number of targets of each source, aligned with `sources`.
    fn count(conn: &mut C, sources: &[Self::Source]) -> Result<Vec<i64>>;
}

/// `(fk, COUNT(*))` of the children of some keys.
type ChildCounts<R> = Select<
    GroupBy<<R as OneToMany>::QueryMany, <R as OneToMany>::ForeignKey>,
    (
        diesel::dsl::Nullable<<R as OneToMany>::ForeignKey>,
        CountStar,
    ),
>;

macro_rules! count_children {
    ($handle:ident) => {
        impl<'q, R, C> CountPer<C> for $handle<R>
        where
            R: OneToMany,
            C: Connection<Backend: KeyList>,
            R::QueryMany: GroupByDsl<R::ForeignKey>,
            (diesel::dsl::Nullable<R::ForeignKey>, CountStar): Expression,
            GroupBy<R::QueryMany, R::ForeignKey>:
                SelectDsl<(diesel::dsl::Nullable<R::ForeignKey>, CountStar)>,
            ChildCounts<R>: LoadQuery<'q, C, (Option<R::Key>, i64)> + RunQueryDsl<C>,
        {
            type Source = R::Source;
            fn count(conn: &mut C, sources: &[R::Source]) -> Result<Vec<i64>> {
                let keys: Vec<R::Key> = sources.iter().map(R::key).collect();
                aligned::<R, C, _, _, _>(conn, &keys, |chunk| {
                    let grouped =
                        GroupByDsl::group_by(R::query_many(chunk), R::ForeignKey::default());
                    SelectDsl::select(grouped, (R::ForeignKey::default().nullable(), CountStar))
                })
                .map(counted)
            }
        }
    };
}

count_children!(ToMany);
count_children!(ToOneReverse);

type SourceKey<R> = <R as crate::relationship::LinkKeyed>::SourceKey;
type LinkSource<R> = <R as ManyToMany>::SourceColumn;
type LinkTable<R> = <LinkSource<R> as diesel::Column>::Table;
type LinksOf<R> = Filter<LinkTable<R>, KeyIn<LinkSource<R>, SourceKey<R>>>;
/// `(source_column, COUNT(*))` of some sources' links.
type LinkCounts<R> =
    Select<GroupBy<LinksOf<R>, LinkSource<R>>, (diesel::dsl::Nullable<LinkSource<R>>, CountStar)>;

impl<'q, R, C> CountPer<C> for ToManyThrough<R>
where
    R: ManyToMany,
    C: Connection<Backend: KeyList>,
    LinkTable<R>: Default + FilterDsl<KeyIn<LinkSource<R>, SourceKey<R>>>,
    LinksOf<R>: GroupByDsl<LinkSource<R>>,
    (diesel::dsl::Nullable<LinkSource<R>>, CountStar): Expression,
    GroupBy<LinksOf<R>, LinkSource<R>>:
        SelectDsl<(diesel::dsl::Nullable<LinkSource<R>>, CountStar)>,
    LinkCounts<R>: LoadQuery<'q, C, (Option<SourceKey<R>>, i64)> + RunQueryDsl<C>,
{
    type Source = R::Source;
    fn count(conn: &mut C, sources: &[R::Source]) -> Result<Vec<i64>> {
        let keys: Vec<SourceKey<R>> = sources.iter().map(R::source_key).collect();
        aligned::<R, C, _, _, _>(conn, &keys, |chunk| {
            let links = FilterDsl::filter(
                LinkTable::<R>::default(),
                KeyIn::new(LinkSource::<R>::default(), chunk),
            );
            SelectDsl::select(
                GroupByDsl::group_by(links, LinkSource::<R>::default()),
                (LinkSource::<R>::default().nullable(), CountStar),
            )
        })
        .map(counted)
    }
}

/// Runs `query` for the distinct `keys`, a chunk at a time, and returns
/// each key's value in the order of `keys` (`None` where no row was read).
fn aligned<'q, R, C, K, V, Q>(
    conn: &mut C,
    keys: &[K],
    query: impl Fn(Vec<K>) -> Q,
) -> Result<Vec<Option<V>>>
where
    R: Relationship,
    C: Connection<Backend: KeyList>,
    K: Clone + Eq + Hash + std::fmt::Debug,
    V: Clone,
    Q: LoadQuery<'q, C, (Option<K>, V)> + RunQueryDsl<C>,
{
    let err = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
    let size = crate::eager::chunk_size::<C::Backend>();
    align::<C::Backend, K, V>(keys, size, err, |chunk| {
        query(chunk).load(conn).map_err(err)
    })
}

/// The distinct `keys`, `size` at a time, given to `load`, whose rows
/// `(key, value)` are returned aligned with `keys` (`None` where no row
/// was read). A row whose key equals no key given, byte for byte, is an
/// error made by `err`: the composite forms ([`crate::counts_rows`]) share
/// it.
pub(crate) fn align<DB: KeyList, K, V>(
    keys: &[K],
    size: usize,
    err: impl Fn(diesel::result::Error) -> RelationError,
    mut load: impl FnMut(Vec<K>) -> Result<Vec<(Option<K>, V)>>,
) -> Result<Vec<Option<V>>>
where
    K: Clone + Eq + Hash + std::fmt::Debug,
    V: Clone,
{
    let mut values: HashMap<K, Option<V>> = HashMap::with_capacity(keys.len());
    let mut distinct: Vec<K> = Vec::with_capacity(keys.len());
    for key in keys {
        if values.insert(key.clone(), None).is_none() {
            distinct.push(key.clone());
        }
    }
    for chunk in crate::keys::chunks::<DB, _>(&distinct, size) {
        for (key, value) in load(chunk.to_vec())? {
            let Some(key) = key else { continue };
            match values.get_mut(&key) {
                Some(slot) => *slot = Some(value),
                None => {
                    return Err(err(diesel::result::Error::QueryBuilderError(
                        format!(
                            "a group's key {key:?} equals no parent's key byte for byte (the \
                             column's collation compares them otherwise): group with a GROUP BY \
                             of your own"
                        )
                        .into(),
                    )))
                }
            }
        }
    }
    Ok(keys.iter().map(|k| values[k].clone()).collect())
}

/// Each key's count, 0 where it has no row.
pub(crate) fn counted(values: Vec<Option<i64>>) -> Vec<i64> {
    values.into_iter().map(|n| n.unwrap_or(0)).collect()
}

/// Counts one relationship's targets for every element of a slice of
/// parents, in one query (a chunk of keys per query on MySQL).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::Relations;
/// use diesel_relations::CountRelated;
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = customers)]
/// # #[relationship(invoices: Vec<Invoice>, back_populates = customer)]
/// # pub struct Customer { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = invoices)]
/// # #[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
/// # pub struct Invoice { pub id: i32, pub custid: i32, pub amount: i32 }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// let customers: Vec<Customer> = customers::table.order(customers::id).select(Customer::as_select()).load(conn)?;
/// // SELECT custid, COUNT(*) FROM invoices WHERE custid IN (..) GROUP BY custid
/// let counts: Vec<i64> = customers.count_related(conn, Customer::invoices)?;
/// assert_eq!(counts, [2, 1]);   // counts[i] belongs to customers[i]
/// # Ok(())
/// # }
/// ```
pub trait CountRelated<P> {
    /// The number of targets of each parent through `relationship` (an
    /// accessor, `Customer::invoices`): `result[i]` belongs to `self[i]`.
    fn count_related<C, F, H>(&self, conn: &mut C, relationship: F) -> Result<Vec<i64>>
    where
        C: Connection,
        F: Fn(&P) -> H,
        H: CountPer<C, Source = P>;
}

impl<P> CountRelated<P> for [P] {
    fn count_related<C, F, H>(&self, conn: &mut C, _relationship: F) -> Result<Vec<i64>>
    where
        C: Connection,
        F: Fn(&P) -> H,
        H: CountPer<C, Source = P>,
    {
        H::count(conn, self)
    }
}

/// One aggregate of a relationship's targets per parent (`A`, a Diesel
/// aggregate expression such as `sum(invoices::amount)`, whose SQL type
/// is nullable), loaded as `V`. Implemented by the collections' handles
/// ([`ToMany`], [`ToOneReverse`], [`ToManyThrough`]).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// use diesel_relations::counts::AggregatePer;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// /// What `aggregate_related` calls: the handle type says how to group.
/// fn per_customer<A, H: AggregatePer<diesel::SqliteConnection, A, i32, Source = Customer>>(
///     conn: &mut diesel::SqliteConnection, rows: &[Customer], _: fn(&Customer) -> H, aggregate: A,
/// ) -> diesel_relations::Result<Vec<Option<i32>>> {
///     H::aggregate(conn, rows, aggregate)
/// }
/// let customers: Vec<Customer> = customers::table.order(customers::id).select(Customer::as_select()).load(conn)?;
/// let largest = per_customer(conn, &customers, Customer::invoices, diesel::dsl::max(invoices::amount))?;
/// assert_eq!(largest, [Some(250), Some(75)]);
/// # Ok(())
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no rows to aggregate per parent: `aggregate_related` and `count_distinct_related` group a collection's (`Vec<T>`) targets, or a one-to-one's from the side without the foreign key",
    label = "a scalar holding the foreign key (`T` or `Option<T>`) has one target or none",
    note = "aggregate from the target's side, through the collection its `back_populates` names, or load the targets with `.eager(conn, ..)`"
)]
pub trait AggregatePer<C: Connection, A, V> {
    /// The model the relationship is declared on.
    type Source;
    /// The aggregate of each source's targets, aligned with `sources`:
    /// `None` for a source without targets (or whose aggregate is NULL).
    fn aggregate(conn: &mut C, sources: &[Self::Source], aggregate: A) -> Result<Vec<Option<V>>>;
}

/// `(fk, aggregate)` of the children of some keys.
type ChildAggregates<R, A> = Select<
    GroupBy<<R as OneToMany>::QueryMany, <R as OneToMany>::ForeignKey>,
    (diesel::dsl::Nullable<<R as OneToMany>::ForeignKey>, A),
>;

macro_rules! aggregate_children {
    ($handle:ident) => {
        impl<'q, R, C, A, V> AggregatePer<C, A, V> for $handle<R>
        where
            R: OneToMany,
            C: Connection<Backend: KeyList>,
            A: Clone,
            V: Clone,
            R::QueryMany: GroupByDsl<R::ForeignKey>,
            (diesel::dsl::Nullable<R::ForeignKey>, A): Expression,
            GroupBy<R::QueryMany, R::ForeignKey>:
                SelectDsl<(diesel::dsl::Nullable<R::ForeignKey>, A)>,
            ChildAggregates<R, A>: LoadQuery<'q, C, (Option<R::Key>, Option<V>)> + RunQueryDsl<C>,
        {
            type Source = R::Source;
            fn aggregate(
                conn: &mut C,
                sources: &[R::Source],
                aggregate: A,
            ) -> Result<Vec<Option<V>>> {
                let keys: Vec<R::Key> = sources.iter().map(R::key).collect();
                let values = aligned::<R, C, _, Option<V>, _>(conn, &keys, |chunk| {
                    let grouped =
                        GroupByDsl::group_by(R::query_many(chunk), R::ForeignKey::default());
                    let selection = (R::ForeignKey::default().nullable(), aggregate.clone());
                    SelectDsl::select(grouped, selection)
                })?;
                Ok(values.into_iter().map(Option::flatten).collect())
            }
        }
    };
}

aggregate_children!(ToMany);
aggregate_children!(ToOneReverse);

/// `(source_column, aggregate)` of the targets of some sources, joined
/// with their association rows.
type TargetAggregates<R, A> = Select<
    GroupBy<<R as ManyToMany>::QueryMany, LinkSource<R>>,
    (diesel::dsl::Nullable<LinkSource<R>>, A),
>;

/// A target linked to a source twice (an association object's table may
/// hold a pair twice) counts twice, as the join reads it.
impl<'q, R, C, A, V> AggregatePer<C, A, V> for ToManyThrough<R>
where
    R: ManyToMany,
    C: Connection<Backend: KeyList>,
    A: Clone,
    V: Clone,
    R::QueryMany: GroupByDsl<LinkSource<R>>,
    (diesel::dsl::Nullable<LinkSource<R>>, A): Expression,
    GroupBy<R::QueryMany, LinkSource<R>>: SelectDsl<(diesel::dsl::Nullable<LinkSource<R>>, A)>,
    TargetAggregates<R, A>: LoadQuery<'q, C, (Option<SourceKey<R>>, Option<V>)> + RunQueryDsl<C>,
{
    type Source = R::Source;
    fn aggregate(conn: &mut C, sources: &[R::Source], aggregate: A) -> Result<Vec<Option<V>>> {
        let keys: Vec<SourceKey<R>> = sources.iter().map(R::source_key).collect();
        let values = aligned::<R, C, _, Option<V>, _>(conn, &keys, |chunk| {
            let grouped = GroupByDsl::group_by(R::query_many(chunk), LinkSource::<R>::default());
            let selection = (LinkSource::<R>::default().nullable(), aggregate.clone());
            SelectDsl::select(grouped, selection)
        })?;
        Ok(values.into_iter().map(Option::flatten).collect())
    }
}

/// An aggregate of one relationship's targets for every element of a
/// slice of parents, in one `GROUP BY` query (a chunk of keys per query on
/// MySQL): `sum`, `max`, `min`, `avg` of a target's column, or any Diesel
/// aggregate of nullable SQL type.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// use diesel::dsl::{max, sum};
/// use diesel_relations::AggregateRelated;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// let customers: Vec<Customer> = customers::table.order(customers::id).select(Customer::as_select()).load(conn)?;
/// // SELECT custid, SUM(amount) FROM invoices WHERE custid IN (..) GROUP BY custid
/// let totals: Vec<Option<i64>> = customers.aggregate_related(conn, Customer::invoices, sum(invoices::amount))?;
/// assert_eq!(totals, [Some(350), Some(75)]);   // totals[i] belongs to customers[i]
///
/// // Through authors_books: each book's last author by name.
/// let books: Vec<Book> = books::table.order(books::id).select(Book::as_select()).load(conn)?;
/// let last: Vec<Option<String>> = books.aggregate_related(conn, Book::authors, max(authors::name))?;
/// assert_eq!(last, [Some("Bo".to_string()), Some("Bo".to_string())]);
/// # Ok(())
/// # }
/// ```
pub trait AggregateRelated<P> {
    /// `aggregate` over the targets of each parent through `relationship`
    /// (an accessor, `Customer::invoices`): `result[i]` belongs to
    /// `self[i]`, `None` where it has no target.
    fn aggregate_related<C, F, H, A, V>(
        &self,
        conn: &mut C,
        relationship: F,
        aggregate: A,
    ) -> Result<Vec<Option<V>>>
    where
        C: Connection,
        F: Fn(&P) -> H,
        H: AggregatePer<C, A, V, Source = P>;
}

impl<P> AggregateRelated<P> for [P] {
    fn aggregate_related<C, F, H, A, V>(
        &self,
        conn: &mut C,
        _relationship: F,
        aggregate: A,
    ) -> Result<Vec<Option<V>>>
    where
        C: Connection,
        F: Fn(&P) -> H,
        H: AggregatePer<C, A, V, Source = P>,
    {
        H::aggregate(conn, self, aggregate)
    }
}

/// `COUNT(DISTINCT column)`, the aggregate [`CountDistinctRelated`] groups
/// by, typed `Nullable<BigInt>` as [`AggregatePer`] takes it. Diesel's own
/// (`count(c).aggregate_distinct()`) is not `Clone`, which a query per
/// chunk of keys needs; this one is, and takes its column from the
/// target's table only (`AppearsOnTable`), as Diesel's would.
#[derive(Debug, Clone, Copy)]
pub struct CountDistinct<X>(X);

impl<X: Expression> Expression for CountDistinct<X> {
    type SqlType = diesel::sql_types::Nullable<diesel::sql_types::BigInt>;
}

impl<X, G> diesel::expression::ValidGrouping<G> for CountDistinct<X> {
    type IsAggregate = diesel::expression::is_aggregate::Yes;
}

impl<X: diesel::AppearsOnTable<QS>, QS> diesel::AppearsOnTable<QS> for CountDistinct<X> {}

/// Selectable wherever its column appears, as Diesel's aggregates are: the
/// one check on the column, so a column of another table is one error.
impl<X, QS> diesel::SelectableExpression<QS> for CountDistinct<X> where
    Self: diesel::AppearsOnTable<QS>
{
}

impl<X: diesel::query_builder::QueryId> diesel::query_builder::QueryId for CountDistinct<X> {
    type QueryId = CountDistinct<X::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = X::HAS_STATIC_QUERY_ID;
}

impl<X, DB> diesel::query_builder::QueryFragment<DB> for CountDistinct<X>
where
    X: diesel::query_builder::QueryFragment<DB>,
    DB: diesel::backend::Backend,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> diesel::QueryResult<()> {
        out.push_sql("COUNT(DISTINCT ");
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}

/// The number of distinct values of one column of a relationship's
/// targets, for every element of a slice of parents, in one `GROUP BY`
/// query (Django's `Count(.., distinct=True)`, Prisma's `_count` of a
/// `distinct`): where [`CountRelated`] counts rows, this counts the values
/// they hold, e.g. how many different amounts a customer's invoices have,
/// or through a many-to-many how many different composers a playlist's
/// tracks have. A NULL is not a value, as in SQL.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// use diesel_relations::CountDistinctRelated;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// let customers: Vec<Customer> = customers::table.order(customers::id).select(Customer::as_select()).load(conn)?;
/// // SELECT custid, COUNT(DISTINCT amount) FROM invoices WHERE custid IN (..) GROUP BY custid
/// let amounts: Vec<i64> = customers.count_distinct_related(conn, Customer::invoices, invoices::amount)?;
/// assert_eq!(amounts, [2, 1]);
///
/// let books: Vec<Book> = books::table.order(books::id).select(Book::as_select()).load(conn)?;
/// // SELECT book_id, COUNT(DISTINCT authors.name) FROM authors JOIN authors_books .. GROUP BY book_id
/// let names: Vec<i64> = books.count_distinct_related(conn, Book::authors, authors::name)?;
/// assert_eq!(names, [2, 1]);   // names[i] belongs to books[i]
/// # Ok(())
/// # }
/// ```
pub trait CountDistinctRelated<P> {
    /// The number of distinct non-NULL values of `column` (a column of the
    /// target's table) among
    /// the targets of each parent through `relationship`: `result[i]`
    /// belongs to `self[i]`, 0 where it has no target.
    fn count_distinct_related<C, F, H, X>(
        &self,
        conn: &mut C,
        relationship: F,
        column: X,
    ) -> Result<Vec<i64>>
    where
        C: Connection,
        F: Fn(&P) -> H,
        X: Expression,
        H: AggregatePer<C, CountDistinct<X>, i64, Source = P>;
}

impl<P> CountDistinctRelated<P> for [P] {
    fn count_distinct_related<C, F, H, X>(
        &self,
        conn: &mut C,
        _relationship: F,
        column: X,
    ) -> Result<Vec<i64>>
    where
        C: Connection,
        F: Fn(&P) -> H,
        X: Expression,
        H: AggregatePer<C, CountDistinct<X>, i64, Source = P>,
    {
        H::aggregate(conn, self, CountDistinct(column)).map(counted)
    }
}
