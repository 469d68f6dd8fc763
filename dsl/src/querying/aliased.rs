//! A relationship whose related table is already in the query (a
//! self-referential one, `Employee::reports`; a second relationship into
//! one table): the related side read through a Diesel alias the caller
//! declares (`diesel::alias!(employees as reports)`), since Diesel allows
//! a table once per query and an alias is a type only its macro makes.
//! The same facts as [`Correlated`](crate::querying::correlate::Correlated),
//! with the related table's columns mapped onto the alias.

use crate::lazy::{ToMany, ToOne, ToOneReverse};
use crate::relationship::{ManyToOneDecl, Model, OneToManyDecl, ParentColumn, Relationship};
use diesel::dsl::SqlTypeOf;
use diesel::expression::{AsExpression, Expression};
use diesel::query_source::{Alias, AliasSource, AliasedField};
use diesel::sql_types::SingleValue;
use diesel::{Column, ExpressionMethods, NullableExpressionMethods};

/// `a = b`, both sides read as `Nullable`.
type Link<A, B> = diesel::dsl::Eq<diesel::dsl::Nullable<A>, diesel::dsl::Nullable<B>>;

/// The condition tying a row of alias `S` of the related table to a row
/// of the source's table. Implemented for the handles of one-to-many,
/// one-to-one and many-to-one relationships.
pub trait CorrelatedAs<S> {
    /// `alias.fk = source.key` (collection, one-to-one) or
    /// `alias.key = source.fk` (many-to-one).
    type Link;
    /// See [`CorrelatedAs::Link`].
    fn link(alias: Alias<S>) -> Self::Link;
}

type ParentCol<R> =
    <<R as OneToManyDecl>::Parent as ParentColumn<<R as Relationship>::Source>>::Column;
type ChildTable<R> = <<R as OneToManyDecl>::ForeignKey as Column>::Table;

macro_rules! one_to_many {
    ($handle:ident) => {
        impl<R, S> CorrelatedAs<S> for $handle<R>
        where
            R: OneToManyDecl,
            S: AliasSource<Target = ChildTable<R>>,
            ParentCol<R>: Expression + Default,
            AliasedField<S, R::ForeignKey>: Expression,
            diesel::dsl::Nullable<AliasedField<S, R::ForeignKey>>: Expression<SqlType: SingleValue>,
            diesel::dsl::Nullable<ParentCol<R>>:
                AsExpression<SqlTypeOf<diesel::dsl::Nullable<AliasedField<S, R::ForeignKey>>>>,
        {
            type Link = Link<AliasedField<S, R::ForeignKey>, ParentCol<R>>;
            fn link(alias: Alias<S>) -> Self::Link {
                alias
                    .field(R::ForeignKey::default())
                    .nullable()
                    .eq(ParentCol::<R>::default().nullable())
            }
        }
    };
}

one_to_many!(ToMany);
one_to_many!(ToOneReverse);

type Referenced<R> =
    <<R as ManyToOneDecl>::Parent as ParentColumn<<R as Relationship>::Target>>::Column;

impl<R, S> CorrelatedAs<S> for ToOne<R>
where
    R: ManyToOneDecl,
    Referenced<R>: Column<Table = <R::Target as Model>::Table> + Default,
    S: AliasSource<Target = <R::Target as Model>::Table>,
    AliasedField<S, Referenced<R>>: Expression,
    diesel::dsl::Nullable<AliasedField<S, Referenced<R>>>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<R::ForeignKey>:
        AsExpression<SqlTypeOf<diesel::dsl::Nullable<AliasedField<S, Referenced<R>>>>>,
{
    type Link = Link<AliasedField<S, Referenced<R>>, R::ForeignKey>;
    fn link(alias: Alias<S>) -> Self::Link {
        alias
            .field(Referenced::<R>::default())
            .nullable()
            .eq(R::ForeignKey::default().nullable())
    }
}

/// `EXISTS (SELECT .. FROM table AS alias WHERE link AND condition)`.
pub type AnyAs<H, S, C> = diesel::dsl::exists<
    diesel::dsl::Filter<diesel::dsl::Filter<Alias<S>, <H as CorrelatedAs<S>>::Link>, C>,
>;
/// `table AS alias ON link`: the right-hand side of a join.
pub type JoinAs<H, S> = diesel::dsl::On<Alias<S>, <H as CorrelatedAs<S>>::Link>;
