//! `EXISTS` filters through a relationship, and `with_parent`.
//!
//! Each filter is Diesel's own `EXISTS (subquery)` over the related rows
//! ([`Correlated`]): `SELECT .. FROM target WHERE <link> AND <condition>`,
//! correlated with the outer query by the link. So it is an ordinary
//! Diesel expression: it goes in `.filter`, `.or_filter`, `.and`, `.or`,
//! `diesel::dsl::not`, a `select`, a boxed query; Diesel checks it where
//! it is used, as any correlated subquery: the outer query must have the
//! source's table, and the condition may name only the related tables and
//! the outer query's (a column of a third table is a type error). A filter
//! may be the condition of another, which is how filters nest.
//!
//! The methods users call are on [`Related`](crate::querying::related::Related)
//! (`Customer::invoices.any(..)`); these are the types and functions
//! behind them.

use crate::lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
use crate::queries::InQuery;
use crate::querying::correlate::Correlated;
use crate::relationship::{
    ManyToMany, ManyToOne, ManyToOneDecl, OneToMany, ParentColumn, Relationship,
};
use diesel::dsl::{Filter, SqlTypeOf};
use diesel::expression::{AsExpression, Expression};
use diesel::query_dsl::methods::FilterDsl;
use diesel::sql_types::{Bool, SingleValue};
use diesel::{ExpressionMethods, NullableExpressionMethods};

/// The related rows of the outer query's row: `SELECT .. FROM related
/// WHERE link`.
pub type Rows<H> = Filter<<H as Correlated>::Related, <H as Correlated>::Link>;
/// `EXISTS (SELECT .. FROM related WHERE link AND condition)`.
pub type Any<H, C> = diesel::dsl::exists<Filter<Rows<H>, C>>;
/// `NOT EXISTS (SELECT .. FROM related WHERE link AND condition)`.
pub type NoneOf<H, C> = diesel::dsl::not<Any<H, C>>;
/// `EXISTS (SELECT .. FROM related WHERE link)`.
pub type Exists<H> = diesel::dsl::exists<Rows<H>>;
/// `NOT EXISTS (SELECT .. FROM related WHERE link)`.
pub type NotExists<H> = diesel::dsl::not<Exists<H>>;

/// See [`Rows`].
pub fn rows<H>() -> Rows<H>
where
    H: Correlated<Related: FilterDsl<<H as Correlated>::Link>>,
{
    FilterDsl::filter(H::related(), H::link())
}

/// See [`Any`].
pub fn any<H, C>(condition: C) -> Any<H, C>
where
    H: Correlated<Related: FilterDsl<<H as Correlated>::Link>>,
    Rows<H>: FilterDsl<C>,
{
    diesel::dsl::exists(FilterDsl::filter(rows::<H>(), condition))
}

/// See [`NoneOf`].
pub fn none<H, C>(condition: C) -> NoneOf<H, C>
where
    H: Correlated<Related: FilterDsl<<H as Correlated>::Link>>,
    Rows<H>: FilterDsl<C>,
    Any<H, C>: Expression<SqlType = Bool>,
{
    diesel::dsl::not(any::<H, C>(condition))
}

/// See [`Exists`].
pub fn exists<H>() -> Exists<H>
where
    H: Correlated<Related: FilterDsl<<H as Correlated>::Link>>,
{
    diesel::dsl::exists(rows::<H>())
}

/// See [`NotExists`].
pub fn not_exists<H>() -> NotExists<H>
where
    H: Correlated<Related: FilterDsl<<H as Correlated>::Link>>,
    Exists<H>: Expression<SqlType = Bool>,
{
    diesel::dsl::not(exists::<H>())
}

/// A relationship whose target is a collection (`Vec<T>`): `any` and
/// `none` take its rows. Implemented by [`ToMany`] and [`ToManyThrough`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a scalar relationship: `any`/`none` are for collections",
    label = "a scalar (`T` or `Option<T>`) has one target or none",
    note = "write `.has(condition)` for \"its target matches\", and `diesel::dsl::not(..has(..))` for the opposite"
)]
pub trait Collection {}
impl<R: OneToMany> Collection for ToMany<R> {}
impl<R: ManyToMany> Collection for ToManyThrough<R> {}

/// A relationship with one target or none (`T`, `Option<T>`): `has` takes
/// its row. Implemented by [`ToOne`] and [`ToOneReverse`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a collection: `has` is for a scalar relationship",
    label = "a collection (`Vec<T>`) has any number of targets",
    note = "write `.any(condition)` for \"has a target matching\", `.none(condition)` for \"has none\""
)]
pub trait Scalar {}
impl<R: ManyToOneDecl> Scalar for ToOne<R> {}
impl<R: OneToMany> Scalar for ToOneReverse<R> {}

/// "The related rows of this source row" as a filter on the target's
/// table: SQLAlchemy's `with_parent(row, Model.relationship)`.
pub trait WithParent {
    /// The model the relationship is declared on.
    type Source;
    /// The filter on the target's table.
    type Filter;
    /// See [`WithParent`].
    fn with_parent(source: &Self::Source) -> Self::Filter;
}

macro_rules! with_parent_one_to_many {
    ($handle:ident) => {
        impl<R: OneToMany> WithParent for $handle<R> {
            type Source = R::Source;
            /// `child.fk = key`.
            type Filter = R::Assign;
            fn with_parent(source: &R::Source) -> R::Assign {
                R::assign(R::key(source))
            }
        }
    };
}

with_parent_one_to_many!(ToMany);
with_parent_one_to_many!(ToOneReverse);

/// The target's column a scalar's foreign key references.
type Referenced<R> =
    <<R as ManyToOneDecl>::Parent as ParentColumn<<R as Relationship>::Target>>::Column;

impl<R> WithParent for ToOne<R>
where
    R: ManyToOne,
    Referenced<R>: Expression + Default,
    diesel::dsl::Nullable<Referenced<R>>: Expression<SqlType: SingleValue>,
    Option<R::Key>: AsExpression<SqlTypeOf<diesel::dsl::Nullable<Referenced<R>>>>,
{
    type Source = R::Source;
    /// `target.key = fk` (false where the foreign key is NULL).
    type Filter = diesel::dsl::Eq<diesel::dsl::Nullable<Referenced<R>>, Option<R::Key>>;
    fn with_parent(source: &R::Source) -> Self::Filter {
        Referenced::<R>::default()
            .nullable()
            .eq(R::foreign_key(source))
    }
}

/// The target's column a many-to-many's association rows reference.
type TargetPk<R> =
    <<R as ManyToMany>::TargetLink as ParentColumn<<R as Relationship>::Target>>::Column;

impl<R: ManyToMany> WithParent for ToManyThrough<R> {
    type Source = R::Source;
    /// `target.key IN (SELECT target_column FROM association WHERE
    /// source_column = key)` (the key, or the UNIQUE columns `references`
    /// names).
    type Filter = InQuery<TargetPk<R>, R::Linked>;
    fn with_parent(source: &R::Source) -> Self::Filter {
        InQuery::new(TargetPk::<R>::default(), R::linked(R::source_key(source)))
    }
}
