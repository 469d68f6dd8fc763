//! [`CountPer`] and [`AggregatePer`] (so `count_related`,
//! `aggregate_related`, `count_distinct_related`) through a composite key:
//! a collection or one-to-one on `foreign_key = (children::a,
//! children::b)` ([`ToManyRows`], [`ToOneRowReverse`]) and a many-to-many
//! on `secondary = t((a, b), c)` ([`ToManyRowsThrough`]). One query per
//! chunk of parents, grouped by every key column,
//! `SELECT a, b, COUNT(*) .. WHERE (a, b) IN (keys) GROUP BY a, b`,
//! returned aligned with the parents as the one-column forms are.
//!
//! A many-to-many counts its association rows without reading the
//! target's table, and aggregates the targets joined with them, as the
//! one-column form does. A foreign key of nullable columns groups as its
//! values: the `IN (keys)` filter has left no NULL to read ([`KeyValue`]).
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! use diesel_relations::{AggregateRelated, CountRelated, Relations};
//!
//! #[derive(Queryable, Selectable, Identifiable, Relations)]
//! #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
//! #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id), back_populates = authorship)]
//! pub struct Authorship { pub author_id: i32, pub book_id: i32 }
//!
//! #[derive(Queryable, Selectable, Identifiable, Insertable, Relations)]
//! #[diesel(table_name = signoffs)]
//! #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
//! pub struct Signoff { pub id: i32, pub author_id: i32, pub book_id: i32, pub note: String }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let conn = &mut connection();
//! diesel::insert_into(signoffs::table)
//!     .values(&[
//!         Signoff { id: 1, author_id: 2, book_id: 1, note: "checked".into() },
//!         Signoff { id: 2, author_id: 2, book_id: 1, note: "ok".into() },
//!     ])
//!     .execute(conn)?;
//! let links = vec![Authorship { author_id: 1, book_id: 1 }, Authorship { author_id: 2, book_id: 1 }];
//! // SELECT author_id, book_id, COUNT(*) FROM signoffs
//! //   WHERE (author_id, book_id) IN (..) GROUP BY author_id, book_id
//! assert_eq!(links.count_related(conn, Authorship::signoffs)?, [0, 2]);
//! let last = links.aggregate_related(conn, Authorship::signoffs, diesel::dsl::max(signoffs::note))?;
//! assert_eq!(last, [None, Some("ok".to_string())]);
//! # Ok(())
//! # }
//! ```

use crate::composite::ToManyRows;
use crate::composite_m2m::{linked, Joined, OnExpr, SourceIn, ToManyRowsThrough};
use crate::composite_one::ToOneRowReverse;
use crate::counts::{align, counted, AggregatePer, CountPer};
use crate::error::{RelationError, Result};
use crate::keys::KeyList;
use crate::relationship::{KeyForm, ManyToManyRowDecl, Model, OneToManyRowDecl, Relationship};
use crate::rows::{key_chunk, RowIn};
use diesel::dsl::{CountStar, Filter, GroupBy, Select};
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::internal::table_macro::Inner;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::query_dsl::methods::{FilterDsl, GroupByDsl, SelectDsl};
use diesel::query_dsl::{JoinWithImplicitOnClause, LoadQuery};
use diesel::sql_types::{is_nullable, Nullable, SqlType};
use diesel::{Connection, QueryResult, RunQueryDsl};

type SourceOf<R> = <R as Relationship>::Source;
type SourceKey<R> = <SourceOf<R> as Model>::Key;
type TargetTable<R> = <<R as Relationship>::Target as Model>::Table;
type ChildFk<R> = <R as OneToManyRowDecl>::ForeignKey;

/// A key column read as its value: its SQL type without `Nullable`.
/// Selected only where `(a, b) IN (keys)` has kept the rows whose columns
/// hold one of the parents' keys, none NULL, so a nullable foreign key
/// (`see_order_id`, `see_line_no`) loads as the parent's key. Groups as
/// its column does.
///
/// ```
/// use diesel::expression::Expression;
/// use diesel::sql_types::Integer;
/// use diesel_relations::counts_rows::KeyValue;
/// diesel::table! { notes (id) { id -> Integer, see_order_id -> Nullable<Integer>, } }
/// fn sql_type<X: Expression<SqlType = Integer>>() {}
/// sql_type::<KeyValue<notes::see_order_id>>(); // Nullable<Integer> read as Integer
/// sql_type::<KeyValue<notes::id>>();
/// ```
#[derive(Debug, Clone, Copy, Default, QueryId)]
pub struct KeyValue<X>(X);

/// `T` for `Nullable<T>`, `T` for a type that is not nullable: chosen by
/// the type's `IsNull`, so that the two impls do not overlap.
///
/// ```
/// use diesel::sql_types::{is_nullable, Integer, Nullable};
/// use diesel_relations::counts_rows::NotNullOf;
/// fn same<T: NotNullOf<N, Out = Integer>, N>() {}
/// same::<Nullable<Integer>, is_nullable::IsNullable>();
/// same::<Integer, is_nullable::NotNull>();
/// ```
pub trait NotNullOf<IsNull> {
    /// The SQL type without `Nullable`.
    type Out: SqlType + diesel::sql_types::SingleValue;
}

impl<T> NotNullOf<is_nullable::NotNull> for T
where
    T: SqlType<IsNull = is_nullable::NotNull> + diesel::sql_types::SingleValue,
{
    type Out = T;
}

impl<T> NotNullOf<is_nullable::IsNullable> for Nullable<T>
where
    T: SqlType<IsNull = is_nullable::NotNull> + diesel::sql_types::SingleValue,
{
    type Out = T;
}

impl<X> Expression for KeyValue<X>
where
    X: Expression<SqlType: SqlType>,
    X::SqlType: NotNullOf<<X::SqlType as SqlType>::IsNull>,
{
    type SqlType = <X::SqlType as NotNullOf<<X::SqlType as SqlType>::IsNull>>::Out;
}

impl<X: ValidGrouping<G>, G> ValidGrouping<G> for KeyValue<X> {
    type IsAggregate = X::IsAggregate;
}

impl<X: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for KeyValue<X> where Self: Expression {}

impl<X: SelectableExpression<QS>, QS> SelectableExpression<QS> for KeyValue<X> where
    Self: AppearsOnTable<QS>
{
}

impl<X: QueryFragment<DB>, DB: diesel::backend::Backend> QueryFragment<DB> for KeyValue<X> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}

/// A tuple of key columns read as [`KeyValue`]s: what a composite
/// collection's counts select beside the aggregate.
///
/// ```
/// use diesel_relations::counts_rows::KeyValues;
/// diesel::table! { notes (id) { id -> Integer, see_order_id -> Nullable<Integer>, see_line_no -> Integer, } }
/// let values = (notes::see_order_id, notes::see_line_no).values();
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&values).to_string();
/// assert!(sql.starts_with("`notes`.`see_order_id`, `notes`.`see_line_no`"), "{sql}");
/// ```
pub trait KeyValues {
    /// `(KeyValue<A>, KeyValue<B>, ..)`.
    type Values;
    /// See [`KeyValues`].
    fn values(self) -> Self::Values;
}

macro_rules! key_values {
    ($(($($c:ident $i:tt),+))*) => {$(
        impl<$($c,)+> KeyValues for ($($c,)+) {
            type Values = ($(KeyValue<$c>,)+);
            fn values(self) -> Self::Values {
                ($(KeyValue(self.$i),)+)
            }
        }
    )*};
}

key_values!((C0 0, C1 1)(C0 0, C1 1, C2 2)(C0 0, C1 1, C2 2, C3 3));

/// The children of some parents: `WHERE (a, b) IN (keys)`.
type ChildrenIn<R> = Filter<TargetTable<R>, RowIn<ChildFk<R>, SourceKey<R>>>;
type FkValues<R> = <ChildFk<R> as KeyValues>::Values;
/// `(a, b, value)` of the children of some parents, grouped by `a, b`.
type ChildGroups<R, A> = Select<GroupBy<ChildrenIn<R>, ChildFk<R>>, (FkValues<R>, A)>;

fn child_groups<R, A>(keys: Vec<SourceKey<R>>, value: A) -> ChildGroups<R, A>
where
    R: OneToManyRowDecl,
    ChildFk<R>: KeyValues + Expression,
    (FkValues<R>, A): Expression,
    TargetTable<R>: FilterDsl<RowIn<ChildFk<R>, SourceKey<R>>>,
    ChildrenIn<R>: GroupByDsl<ChildFk<R>>,
    GroupBy<ChildrenIn<R>, ChildFk<R>>: SelectDsl<(FkValues<R>, A)>,
{
    let children = FilterDsl::filter(
        TargetTable::<R>::default(),
        RowIn::new(ChildFk::<R>::default(), keys),
    );
    let grouped = GroupByDsl::group_by(children, ChildFk::<R>::default());
    SelectDsl::select(grouped, (ChildFk::<R>::default().values(), value))
}

/// Each parent's value, a chunk of parents per query (`load` runs one).
fn per_parent<R, C, V>(
    sources: &[SourceOf<R>],
    names: (&'static str, &'static str),
    load: impl FnMut(Vec<SourceKey<R>>) -> Result<Vec<(Option<SourceKey<R>>, V)>>,
) -> Result<Vec<Option<V>>>
where
    R: Relationship<Source: Model>,
    C: Connection<Backend: KeyList>,
    V: Clone,
{
    let keys: Vec<SourceKey<R>> = sources.iter().map(Model::primary_key).collect();
    let size = key_chunk::<SourceOf<R>, C::Backend>(crate::eager::chunk_size::<C::Backend>());
    let err = |e| RelationError::from_diesel(names.0, names.1, e);
    align::<C::Backend, _, _>(&keys, size, err, load)
}

macro_rules! composite_children {
    ($handle:ident: $decl:path) => {
        /// `SELECT a, b, COUNT(*) FROM children WHERE (a, b) IN (keys)
        /// GROUP BY a, b`.
        impl<'q, R, C> CountPer<C> for $handle<R>
        where
            R: $decl,
            C: Connection<Backend: KeyList>,
            ChildFk<R>: KeyValues + Expression,
            TargetTable<R>: FilterDsl<RowIn<ChildFk<R>, SourceKey<R>>>,
            ChildrenIn<R>: GroupByDsl<ChildFk<R>>,
            (FkValues<R>, CountStar): Expression,
            GroupBy<ChildrenIn<R>, ChildFk<R>>: SelectDsl<(FkValues<R>, CountStar)>,
            ChildGroups<R, CountStar>: LoadQuery<'q, C, (SourceKey<R>, i64)> + RunQueryDsl<C>,
        {
            type Source = SourceOf<R>;
            fn count(conn: &mut C, sources: &[SourceOf<R>]) -> Result<Vec<i64>> {
                let names = (R::full_name(), R::FOREIGN_KEY);
                per_parent::<R, C, i64>(sources, names, |chunk| {
                    let rows: Vec<(SourceKey<R>, i64)> = child_groups::<R, _>(chunk, CountStar)
                        .load(conn)
                        .map_err(|e| RelationError::from_diesel(names.0, names.1, e))?;
                    Ok(rows.into_iter().map(|(k, n)| (Some(k), n)).collect())
                })
                .map(counted)
            }
        }

        /// `SELECT a, b, aggregate FROM children WHERE (a, b) IN (keys)
        /// GROUP BY a, b`.
        impl<'q, R, C, A, V> AggregatePer<C, A, V> for $handle<R>
        where
            R: $decl,
            C: Connection<Backend: KeyList>,
            A: Clone,
            V: Clone,
            ChildFk<R>: KeyValues + Expression,
            TargetTable<R>: FilterDsl<RowIn<ChildFk<R>, SourceKey<R>>>,
            ChildrenIn<R>: GroupByDsl<ChildFk<R>>,
            (FkValues<R>, A): Expression,
            GroupBy<ChildrenIn<R>, ChildFk<R>>: SelectDsl<(FkValues<R>, A)>,
            ChildGroups<R, A>: LoadQuery<'q, C, (SourceKey<R>, Option<V>)> + RunQueryDsl<C>,
        {
            type Source = SourceOf<R>;
            fn aggregate(
                conn: &mut C,
                sources: &[SourceOf<R>],
                aggregate: A,
            ) -> Result<Vec<Option<V>>> {
                let names = (R::full_name(), R::FOREIGN_KEY);
                let values = per_parent::<R, C, Option<V>>(sources, names, |chunk| {
                    let rows: Vec<(SourceKey<R>, Option<V>)> =
                        child_groups::<R, _>(chunk, aggregate.clone())
                            .load(conn)
                            .map_err(|e| RelationError::from_diesel(names.0, names.1, e))?;
                    Ok(rows.into_iter().map(|(k, v)| (Some(k), v)).collect())
                })?;
                Ok(values.into_iter().map(Option::flatten).collect())
            }
        }
    };
}

composite_children!(ToManyRows: OneToManyRowDecl);
composite_children!(ToOneRowReverse: crate::relationship::OneToOneRowDecl);

type Secondary<R> = <R as ManyToManyRowDecl>::Secondary;
type SourceColumns<R> = <R as ManyToManyRowDecl>::SourceColumns;
type TargetForm<R> = <<R as Relationship>::Target as Model>::KeyForm;
type TargetPk<R> = <TargetTable<R> as diesel::Table>::PrimaryKey;
type TargetColumns<R> = <R as ManyToManyRowDecl>::TargetColumns;
/// Some sources' association rows: `WHERE (a, b) IN (keys)`.
type LinksIn<R> = Filter<Secondary<R>, SourceIn<R>>;
/// `(a, b, COUNT(*))` of some sources' association rows.
type LinkCounts<R> = Select<GroupBy<LinksIn<R>, SourceColumns<R>>, (SourceColumns<R>, CountStar)>;
/// `(a, b, aggregate)` of some sources' targets, joined with their links.
type TargetGroups<R, A> =
    Select<GroupBy<crate::composite_m2m::Linked<R>, SourceColumns<R>>, (SourceColumns<R>, A)>;

fn source_in<R: ManyToManyRowDecl>(keys: Vec<SourceKey<R>>) -> SourceIn<R> {
    <<SourceOf<R> as Model>::KeyForm as KeyForm>::key_in(SourceColumns::<R>::default(), keys)
}

/// `SELECT a, b, COUNT(*) FROM secondary WHERE (a, b) IN (keys) GROUP BY
/// a, b`: the association rows, the target's table unread.
impl<'q, R, C> CountPer<C> for ToManyRowsThrough<R>
where
    R: ManyToManyRowDecl,
    C: Connection<Backend: KeyList>,
    SourceColumns<R>: Expression,
    (SourceColumns<R>, CountStar): Expression,
    Secondary<R>: FilterDsl<SourceIn<R>>,
    LinksIn<R>: GroupByDsl<SourceColumns<R>>,
    GroupBy<LinksIn<R>, SourceColumns<R>>: SelectDsl<(SourceColumns<R>, CountStar)>,
    LinkCounts<R>: LoadQuery<'q, C, (SourceKey<R>, i64)> + RunQueryDsl<C>,
{
    type Source = SourceOf<R>;
    fn count(conn: &mut C, sources: &[SourceOf<R>]) -> Result<Vec<i64>> {
        let names = (R::full_name(), R::SECONDARY);
        per_parent::<R, C, i64>(sources, names, |chunk| {
            let links = FilterDsl::filter(Secondary::<R>::default(), source_in::<R>(chunk));
            let grouped = GroupByDsl::group_by(links, SourceColumns::<R>::default());
            let rows: Vec<(SourceKey<R>, i64)> =
                SelectDsl::select(grouped, (SourceColumns::<R>::default(), CountStar))
                    .load(conn)
                    .map_err(|e| RelationError::from_diesel(names.0, names.1, e))?;
            Ok(rows.into_iter().map(|(k, n)| (Some(k), n)).collect())
        })
        .map(counted)
    }
}

/// `SELECT a, b, aggregate FROM target JOIN secondary .. WHERE (a, b) IN
/// (keys) GROUP BY a, b`: a target linked to a source twice counts twice,
/// as the join reads it.
impl<'q, R, C, A, V> AggregatePer<C, A, V> for ToManyRowsThrough<R>
where
    R: ManyToManyRowDecl,
    C: Connection<Backend: KeyList>,
    A: Clone,
    V: Clone,
    SourceColumns<R>: Expression,
    (SourceColumns<R>, A): Expression,
    TargetForm<R>: crate::composite_m2m::KeyJoin<TargetPk<R>, TargetColumns<R>>,
    TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
    Joined<R>: FilterDsl<SourceIn<R>>,
    crate::composite_m2m::Linked<R>: GroupByDsl<SourceColumns<R>>,
    GroupBy<crate::composite_m2m::Linked<R>, SourceColumns<R>>: SelectDsl<(SourceColumns<R>, A)>,
    TargetGroups<R, A>: LoadQuery<'q, C, (SourceKey<R>, Option<V>)> + RunQueryDsl<C>,
{
    type Source = SourceOf<R>;
    fn aggregate(conn: &mut C, sources: &[SourceOf<R>], aggregate: A) -> Result<Vec<Option<V>>> {
        let names = (R::full_name(), R::SECONDARY);
        let values = per_parent::<R, C, Option<V>>(sources, names, |chunk| {
            let grouped = GroupByDsl::group_by(linked::<R>(chunk), SourceColumns::<R>::default());
            let rows: Vec<(SourceKey<R>, Option<V>)> =
                SelectDsl::select(grouped, (SourceColumns::<R>::default(), aggregate.clone()))
                    .load(conn)
                    .map_err(|e| RelationError::from_diesel(names.0, names.1, e))?;
            Ok(rows.into_iter().map(|(k, v)| (Some(k), v)).collect())
        })?;
        Ok(values.into_iter().map(Option::flatten).collect())
    }
}
