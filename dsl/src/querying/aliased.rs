//! A relationship whose related table is already in the query (a
//! self-referential one, `Employee::reports`; a second relationship into
//! one table): the related side read through a Diesel alias the caller
//! declares (`diesel::alias!(employees as reports)`), since Diesel allows
//! a table once per query and an alias is a type only its macro makes.
//! The same facts as [`Correlated`](crate::querying::correlate::Correlated),
//! with the related table's columns mapped onto the alias.
//!
//! A many-to-many's related side is the target joined with its
//! association table: through an alias, the alias of the target joined
//! with the association table (`users AS followers INNER JOIN follows ON
//! follows.follower_id = followers.id`), tied to the source's row by the
//! association table's source column. That is what a self-referential
//! many-to-many (a user's followers, through `follows`) and a second
//! many-to-many into one table (a film's directors beside its actors, both
//! `people`) need; the association table itself is read once, unaliased.

use crate::lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
use crate::relationship::{
    ManyToManyDecl, ManyToOneDecl, Model, OneToManyDecl, ParentColumn, Relationship,
};
use diesel::dsl::{InnerJoin, SqlTypeOf};
use diesel::expression::{AsExpression, Expression};
use diesel::internal::table_macro::Inner;
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::query_source::{Alias, AliasSource, AliasedField};
use diesel::sql_types::SingleValue;
use diesel::{Column, ExpressionMethods, JoinOnDsl, NullableExpressionMethods};

/// `a = b`, both sides read as `Nullable`.
type Link<A, B> = diesel::dsl::Eq<diesel::dsl::Nullable<A>, diesel::dsl::Nullable<B>>;

/// The related rows read through alias `S` of the target's table, and the
/// condition tying them to a row of the source's table. Implemented for
/// the handles of every kind: one-to-many, one-to-one, many-to-one and
/// many-to-many.
pub trait CorrelatedAs<S> {
    /// Where the related rows are: the alias, or for a many-to-many the
    /// alias joined with the association table.
    type Related;
    /// `alias.fk = source.key` (collection, one-to-one),
    /// `alias.key = source.fk` (many-to-one),
    /// `association.source_column = source.key` (many-to-many).
    type Link;
    /// See [`CorrelatedAs::Related`].
    fn related(alias: Alias<S>) -> Self::Related;
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
            type Related = Alias<S>;
            type Link = Link<AliasedField<S, R::ForeignKey>, ParentCol<R>>;
            fn related(alias: Alias<S>) -> Alias<S> {
                alias
            }
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
    type Related = Alias<S>;
    type Link = Link<AliasedField<S, Referenced<R>>, R::ForeignKey>;
    fn related(alias: Alias<S>) -> Alias<S> {
        alias
    }
    fn link(alias: Alias<S>) -> Self::Link {
        alias
            .field(Referenced::<R>::default())
            .nullable()
            .eq(R::ForeignKey::default().nullable())
    }
}

type LinkSource<R> = <R as ManyToManyDecl>::SourceColumn;
type LinkTarget<R> = <R as ManyToManyDecl>::TargetColumn;
type LinkTable<R> = <LinkSource<R> as Column>::Table;
/// The source's column the association rows reference.
type SourcePk<R> = crate::relationship::LinkSourceRef<R>;
/// The target's column the association rows reference.
type TargetPk<R> = crate::relationship::LinkTargetRef<R>;
/// `association ON association.target_column = alias.key`.
type LinksOnAlias<R, S> =
    diesel::dsl::On<LinkTable<R>, Link<LinkTarget<R>, AliasedField<S, TargetPk<R>>>>;

impl<R, S> CorrelatedAs<S> for ToManyThrough<R>
where
    R: ManyToManyDecl,
    S: AliasSource<Target = <R::Target as Model>::Table>,
    LinkTable<R>: Default,
    LinkTarget<R>: Default,
    LinkSource<R>: Default,
    TargetPk<R>: Column<Table = <R::Target as Model>::Table> + Default,
    SourcePk<R>: Expression + Default,
    AliasedField<S, TargetPk<R>>: Expression,
    diesel::dsl::Nullable<LinkTarget<R>>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<AliasedField<S, TargetPk<R>>>:
        AsExpression<SqlTypeOf<diesel::dsl::Nullable<LinkTarget<R>>>>,
    diesel::dsl::Nullable<LinkSource<R>>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<SourcePk<R>>:
        AsExpression<SqlTypeOf<diesel::dsl::Nullable<LinkSource<R>>>>,
    Alias<S>: JoinWithImplicitOnClause<LinksOnAlias<R, S>, Inner>,
{
    type Related = InnerJoin<Alias<S>, LinksOnAlias<R, S>>;
    type Link = Link<LinkSource<R>, SourcePk<R>>;
    fn related(alias: Alias<S>) -> Self::Related {
        let on = LinkTarget::<R>::default()
            .nullable()
            .eq(alias.field(TargetPk::<R>::default()).nullable());
        alias.join_with_implicit_on_clause(LinkTable::<R>::default().on(on), Inner)
    }
    fn link(_: Alias<S>) -> Self::Link {
        LinkSource::<R>::default()
            .nullable()
            .eq(SourcePk::<R>::default().nullable())
    }
}

/// The related rows through the alias: `SELECT .. FROM table AS alias
/// [JOIN association ON ..] WHERE link`.
pub type RowsAs<H, S> =
    diesel::dsl::Filter<<H as CorrelatedAs<S>>::Related, <H as CorrelatedAs<S>>::Link>;
/// `EXISTS (SELECT .. FROM table AS alias [JOIN association ON ..] WHERE
/// link AND condition)`.
pub type AnyAs<H, S, C> = diesel::dsl::exists<diesel::dsl::Filter<RowsAs<H, S>, C>>;
/// `NOT EXISTS (..)`, [`AnyAs`] negated.
pub type NoneAs<H, S, C> = diesel::dsl::not<AnyAs<H, S, C>>;
/// `table AS alias [JOIN association ON ..] ON link`: the right-hand side
/// of a join.
pub type JoinAs<H, S> =
    diesel::dsl::On<<H as CorrelatedAs<S>>::Related, <H as CorrelatedAs<S>>::Link>;
