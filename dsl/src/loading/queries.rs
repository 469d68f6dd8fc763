//! Every query of a relationship, built generically from what its
//! declaration states.
//!
//! The derive implements only the declaration traits
//! ([`OneToManyDecl`], [`ManyToOneDecl`], [`ManyToManyDecl`],
//! [`OneToOneDecl`]); the kind traits are implemented here, once, for every
//! declaration whose columns and keys make the queries well-typed. rustc
//! proves those bounds where a program uses a relationship, so a schema of
//! many relationships costs `cargo check` what its uses cost, not more.
//! Where a declaration is wrong, the checker's message says so first.
//!
//! Key lists are [`KeyIn`] (one bound parameter where the backend takes
//! one), and "the targets linked to a source" is [`InQuery`]
//! (`pk IN (SELECT ..)`): both are this crate's own expressions, so their
//! bounds can be written here.

use crate::keys::KeyIn;
use crate::registry::Cascade;
use crate::relationship::LinkTargetKey;
use crate::relationship::{
    ManyToMany, ManyToManyDecl, ManyToOne, ManyToOneDecl, Model, OneToMany, OneToManyDecl,
    OneToOne, OneToOneDecl, OrderBy, ParentColumn, ParentValue, Relationship, Shape, ThroughJoin,
    ThroughSubquery,
};
use crate::rows::{pk_in, PkIn};
use diesel::associations::HasTable;
use diesel::backend::Backend;
use diesel::dsl::{CountStar, Filter, InnerJoin, On, Select, SqlTypeOf};
use diesel::expression::{
    AppearsOnTable, AsExpression, Expression, SelectableExpression, SqlLiteral, ValidGrouping,
};
use diesel::internal::table_macro::Inner;
use diesel::query_builder::{
    AsChangeset, AsQuery, AstPass, DeleteStatement, IntoUpdateTarget, QueryFragment, QueryId,
    UpdateStatement,
};
use diesel::query_dsl::methods::{FilterDsl, SelectDsl};
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::sql_types::{Bool, SingleValue};
use diesel::{Column, ExpressionMethods, JoinOnDsl, QueryResult, Table};

/// `column = value`, as Diesel types it.
type Eq<L, R> = diesel::dsl::Eq<L, R>;
/// `SET column = NULL`.
type SetNull<C> = Eq<C, SqlLiteral<SqlTypeOf<C>>>;
/// `UPDATE target SET changes`.
type Update<T, C> = UpdateStatement<
    <T as HasTable>::Table,
    <T as IntoUpdateTarget>::WhereClause,
    <C as AsChangeset>::Changeset,
>;
/// `DELETE FROM target`.
type Delete<T> = DeleteStatement<<T as HasTable>::Table, <T as IntoUpdateTarget>::WhereClause>;

type TargetKey<R> = <<R as Relationship>::Target as Model>::Key;
type TargetTable<R> = <<R as Relationship>::Target as Model>::Table;
type PrimaryKey<T> = <T as Table>::PrimaryKey;

// ---------------------------------------------------------------------------
// One-to-many: the foreign key on the target's table.

/// The parent key value the children hold ([`OneToManyDecl::Parent`]).
type ParentKey<R> = ParentValue<R>;
type ChildFk<R> = <R as OneToManyDecl>::ForeignKey;
type ChildTable<R> = <ChildFk<R> as Column>::Table;
type ChildPk<R> = PrimaryKey<ChildTable<R>>;
type ChildQuery<R> = Filter<ChildTable<R>, Eq<ChildFk<R>, ParentKey<R>>>;
type ChildrenOf<R> = Filter<ChildTable<R>, KeyIn<ChildFk<R>, ParentKey<R>>>;
/// `pk IN (child)`: one child by its key, whether of one column or several.
type ChildIs<R> = PkIn<<R as Relationship>::Target>;
type OneChild<R> = Filter<Filter<ChildTable<R>, ChildIs<R>>, Eq<ChildFk<R>, ParentKey<R>>>;

impl<R> OneToMany for R
where
    R: OneToManyDecl,
    <R::Order as OrderBy>::Expr: Expression,
    ChildTable<R>: Default
        + FilterDsl<Eq<ChildFk<R>, ParentKey<R>>>
        + FilterDsl<KeyIn<ChildFk<R>, ParentKey<R>>>
        + FilterDsl<ChildIs<R>>,
    SqlTypeOf<ChildFk<R>>: SingleValue<IsNull: crate::relationship::Nullability>,
    ParentKey<R>: AsExpression<SqlTypeOf<ChildFk<R>>>,
    SqlLiteral<SqlTypeOf<ChildFk<R>>>: AsExpression<SqlTypeOf<ChildFk<R>>>,
    ChildQuery<R>: FilterDsl<ChildIs<R>>,
    Filter<ChildQuery<R>, ChildIs<R>>: SelectDsl<CountStar>,
    ChildrenOf<R>: SelectDsl<ChildPk<R>> + IntoUpdateTarget + HasTable<Table = ChildTable<R>>,
    Filter<ChildTable<R>, ChildIs<R>>: FilterDsl<Eq<ChildFk<R>, ParentKey<R>>>,
    OneChild<R>: IntoUpdateTarget + HasTable<Table = ChildTable<R>>,
    SetNull<ChildFk<R>>: AsChangeset<Target = ChildTable<R>>,
    Update<ChildrenOf<R>, SetNull<ChildFk<R>>>: AsQuery,
    Update<OneChild<R>, SetNull<ChildFk<R>>>: AsQuery,
{
    type Key = ParentKey<R>;
    type ForeignKey = ChildFk<R>;
    type Query = ChildQuery<R>;
    type Order = <<R as OneToManyDecl>::Order as OrderBy>::Expr;
    type Assign = Eq<ChildFk<R>, ParentKey<R>>;
    type ChildKeys = Select<ChildrenOf<R>, ChildPk<R>>;
    type Nullify = Update<ChildrenOf<R>, SetNull<ChildFk<R>>>;
    type Release = Update<OneChild<R>, SetNull<ChildFk<R>>>;
    type IsMember = Select<Filter<ChildQuery<R>, ChildIs<R>>, CountStar>;
    type QueryMany = ChildrenOf<R>;
    const NULLABLE: bool = <<SqlTypeOf<ChildFk<R>> as diesel::sql_types::SqlType>::IsNull as crate::relationship::Nullability>::NULLABLE;
    const CASCADE: Cascade = <R as Relationship>::DECL.cascade();

    fn key(source: &R::Source) -> ParentKey<R> {
        <R::Parent as ParentColumn<R::Source>>::value(source)
    }
    fn query(key: ParentKey<R>) -> Self::Query {
        FilterDsl::filter(ChildTable::<R>::default(), ChildFk::<R>::default().eq(key))
    }
    fn order() -> Self::Order {
        <<R as OneToManyDecl>::Order as OrderBy>::expr()
    }
    fn assign(key: ParentKey<R>) -> Self::Assign {
        ChildFk::<R>::default().eq(key)
    }
    fn child_keys(keys: Vec<ParentKey<R>>) -> Self::ChildKeys {
        let pk = ChildTable::<R>::default().primary_key();
        let children = FilterDsl::filter(
            ChildTable::<R>::default(),
            KeyIn::new(ChildFk::<R>::default(), keys),
        );
        SelectDsl::select(children, pk)
    }
    fn nullify(keys: Vec<ParentKey<R>>) -> Self::Nullify {
        let children = FilterDsl::filter(
            ChildTable::<R>::default(),
            KeyIn::new(ChildFk::<R>::default(), keys),
        );
        diesel::update(children).set(set_null::<ChildFk<R>>())
    }
    fn release(key: ParentKey<R>, child: TargetKey<R>) -> Self::Release {
        let child = FilterDsl::filter(ChildTable::<R>::default(), pk_in::<R::Target>(vec![child]));
        let one = FilterDsl::filter(child, ChildFk::<R>::default().eq(key));
        diesel::update(one).set(set_null::<ChildFk<R>>())
    }
    fn is_member(key: ParentKey<R>, child: TargetKey<R>) -> Self::IsMember {
        let child = pk_in::<R::Target>(vec![child]);
        SelectDsl::select(FilterDsl::filter(Self::query(key), child), CountStar)
    }
    fn query_many(keys: Vec<ParentKey<R>>) -> Self::QueryMany {
        FilterDsl::filter(
            ChildTable::<R>::default(),
            KeyIn::new(ChildFk::<R>::default(), keys),
        )
    }
    fn parent_key_of(child: &R::Target) -> Option<ParentKey<R>> {
        <R as OneToManyDecl>::parent_key_of(child)
    }
}

/// `column = NULL` as an assignment, whatever the column's nullability (a
/// NOT NULL one is never assigned it: the cascade checks first).
fn set_null<C>() -> SetNull<C>
where
    C: Column + Default,
    SqlTypeOf<C>: SingleValue,
    SqlLiteral<SqlTypeOf<C>>: AsExpression<SqlTypeOf<C>>,
{
    C::default().eq(diesel::dsl::sql::<SqlTypeOf<C>>("NULL"))
}

impl<R> OneToOne for R
where
    R: OneToOneDecl + OneToMany,
{
    type Output = <<R as OneToOneDecl>::Shape as Shape>::Out<R::Target>;
    type Shape = <R as OneToOneDecl>::Shape;
    fn found(target: R::Target) -> Self::Output {
        <<R as OneToOneDecl>::Shape as Shape>::found(target)
    }
    fn absent() -> Option<Self::Output> {
        <<R as OneToOneDecl>::Shape as Shape>::from_option(None)
    }
}

// ---------------------------------------------------------------------------
// Many-to-one: the foreign key on the source's table.

/// The target's column a scalar's foreign key references.
type Referenced<R> =
    <<R as ManyToOneDecl>::Parent as ParentColumn<<R as Relationship>::Target>>::Column;

impl<R> ManyToOne for R
where
    R: ManyToOneDecl,
    Referenced<R>: Column + Default,
    TargetTable<R>: FilterDsl<Eq<Referenced<R>, <R as ManyToOneDecl>::Key>>
        + FilterDsl<KeyIn<Referenced<R>, <R as ManyToOneDecl>::Key>>,
    SqlTypeOf<Referenced<R>>: SingleValue,
    <R as ManyToOneDecl>::Key: AsExpression<SqlTypeOf<Referenced<R>>>,
{
    const TARGET_KEY: &'static str = <Referenced<R> as Column>::NAME;
    type Output = <R::Shape as Shape>::Out<R::Target>;
    fn found(target: R::Target) -> Self::Output {
        <R::Shape as Shape>::found(target)
    }
    fn null() -> Option<Self::Output> {
        <R::Shape as Shape>::from_option(None)
    }
    type Query = Filter<TargetTable<R>, Eq<Referenced<R>, R::Key>>;
    type QueryMany = Filter<TargetTable<R>, KeyIn<Referenced<R>, R::Key>>;

    fn query_many(keys: Vec<R::Key>) -> Self::QueryMany {
        FilterDsl::filter(
            TargetTable::<R>::default(),
            KeyIn::new(Referenced::<R>::default(), keys),
        )
    }
    fn query(key: R::Key) -> Self::Query {
        FilterDsl::filter(
            TargetTable::<R>::default(),
            Referenced::<R>::default().eq(key),
        )
    }
}

// ---------------------------------------------------------------------------
// Many-to-many: an association table between the two.

type LinkSource<R> = <R as ManyToManyDecl>::SourceColumn;
type LinkTarget<R> = <R as ManyToManyDecl>::TargetColumn;
type LinkTable<R> = <LinkSource<R> as Column>::Table;
/// The source's value the association rows hold (its key, or the UNIQUE
/// column `references` names).
type LinkKey<R> = crate::relationship::LinkSourceKey<R>;
/// The target's column the association rows reference.
type TargetRef<R> = crate::relationship::LinkTargetRef<R>;
type EagerOrder<R> = <<R as ManyToManyDecl>::EagerOrder as OrderBy>::Expr;
type LinkedTo<R> = Select<Filter<LinkTable<R>, Eq<LinkSource<R>, LinkKey<R>>>, LinkTarget<R>>;
type LinksOf<R> = Filter<LinkTable<R>, KeyIn<LinkSource<R>, LinkKey<R>>>;
type JoinLinks<R> = On<LinkTable<R>, Eq<LinkTarget<R>, TargetRef<R>>>;

impl<R> ManyToMany for R
where
    R: ManyToManyDecl,
    TargetRef<R>: Default,
    crate::relationship::LinkSourceRef<R>: Default,
    <R::Order as OrderBy>::Expr: Expression,
    EagerOrder<R>: Expression,
    LinkTable<R>: Default
        + crate::relationship::SqlTableName
        + FilterDsl<Eq<LinkSource<R>, LinkKey<R>>>
        + FilterDsl<KeyIn<LinkSource<R>, LinkKey<R>>>,
    SqlTypeOf<LinkSource<R>>: SingleValue,
    SqlTypeOf<LinkTarget<R>>: SingleValue,
    LinkKey<R>: AsExpression<SqlTypeOf<LinkSource<R>>>,
    LinkTargetKey<R>: AsExpression<SqlTypeOf<LinkTarget<R>>>,
    TargetRef<R>: Expression,
    TargetRef<R>: AsExpression<SqlTypeOf<LinkTarget<R>>>,
    Filter<LinkTable<R>, Eq<LinkSource<R>, LinkKey<R>>>: SelectDsl<LinkTarget<R>>,
    TargetTable<R>: FilterDsl<InQuery<TargetRef<R>, LinkedTo<R>>>
        + JoinWithImplicitOnClause<JoinLinks<R>, Inner>,
    InnerJoin<TargetTable<R>, JoinLinks<R>>: FilterDsl<KeyIn<LinkSource<R>, LinkKey<R>>>,
    LinksOf<R>: SelectDsl<(LinkSource<R>, LinkTarget<R>)> + IntoUpdateTarget,
    R::Lazy: LoadForm<R>,
{
    type SourceLink = R::SourceParent;
    type TargetLink = R::TargetParent;
    type SourceColumn = LinkSource<R>;
    type TargetColumn = LinkTarget<R>;
    type Query = Filter<TargetTable<R>, InQuery<TargetRef<R>, LinkedTo<R>>>;
    type Order = <<R as ManyToManyDecl>::Order as OrderBy>::Expr;
    type Linked = LinkedTo<R>;
    type UnlinkSources = Delete<LinksOf<R>>;
    type QueryMany =
        Filter<InnerJoin<TargetTable<R>, JoinLinks<R>>, KeyIn<LinkSource<R>, LinkKey<R>>>;
    const SECONDARY: &'static str = <LinkTable<R> as crate::relationship::SqlTableName>::NAME;
    const VIEWONLY: bool = <R as Relationship>::DECL.viewonly();
    const PASSIVE_DELETES: bool = <R as Relationship>::DECL.cascade().passive_deletes;
    type LinkedMany = Select<LinksOf<R>, (LinkSource<R>, LinkTarget<R>)>;
    type EagerOrder = EagerOrder<R>;

    fn query(key: LinkKey<R>) -> Self::Query {
        let pk = TargetRef::<R>::default();
        FilterDsl::filter(
            TargetTable::<R>::default(),
            InQuery::new(pk, Self::linked(key)),
        )
    }
    fn order() -> Self::Order {
        <<R as ManyToManyDecl>::Order as OrderBy>::expr()
    }
    type Loaded = <R::Lazy as LoadForm<R>>::Query;
    const JOINED: bool = <R::Lazy as LoadForm<R>>::JOINED;
    fn loaded(key: LinkKey<R>) -> Self::Loaded {
        <R::Lazy as LoadForm<R>>::query(key)
    }
    fn linked(key: LinkKey<R>) -> Self::Linked {
        let links = FilterDsl::filter(
            LinkTable::<R>::default(),
            LinkSource::<R>::default().eq(key),
        );
        SelectDsl::select(links, LinkTarget::<R>::default())
    }
    fn unlink_sources(keys: Vec<LinkKey<R>>) -> Self::UnlinkSources {
        diesel::delete(FilterDsl::filter(
            LinkTable::<R>::default(),
            KeyIn::new(LinkSource::<R>::default(), keys),
        ))
    }
    fn query_many(keys: Vec<LinkKey<R>>) -> Self::QueryMany {
        let on = LinkTarget::<R>::default().eq(TargetRef::<R>::default());
        let joined = TargetTable::<R>::default()
            .join_with_implicit_on_clause(LinkTable::<R>::default().on(on), Inner);
        FilterDsl::filter(joined, KeyIn::new(LinkSource::<R>::default(), keys))
    }
    fn eager_order() -> Self::EagerOrder {
        <<R as ManyToManyDecl>::EagerOrder as OrderBy>::expr()
    }
    fn linked_many(keys: Vec<LinkKey<R>>) -> Self::LinkedMany {
        let links = FilterDsl::filter(
            LinkTable::<R>::default(),
            KeyIn::new(LinkSource::<R>::default(), keys),
        );
        SelectDsl::select(
            links,
            (LinkSource::<R>::default(), LinkTarget::<R>::default()),
        )
    }
}

/// How a many-to-many's lazy loader builds the query it orders, by the form
/// its declaration chose ([`ManyToManyDecl::Lazy`]): the subquery where the
/// order is on the target's columns, the join where it names the association
/// table's.
pub trait LoadForm<R: ManyToManyDecl> {
    /// The unordered query of one source's targets.
    type Query;
    /// Whether it returns a target once per association row.
    const JOINED: bool;
    /// Builds it.
    fn query(key: LinkKey<R>) -> Self::Query;
}

impl<R> LoadForm<R> for ThroughSubquery
where
    R: ManyToManyDecl,
    TargetRef<R>: Default,
    LinkTable<R>: Default + FilterDsl<Eq<LinkSource<R>, LinkKey<R>>>,
    SqlTypeOf<LinkSource<R>>: SingleValue,
    LinkKey<R>: AsExpression<SqlTypeOf<LinkSource<R>>>,
    Filter<LinkTable<R>, Eq<LinkSource<R>, LinkKey<R>>>: SelectDsl<LinkTarget<R>>,
    TargetTable<R>: FilterDsl<InQuery<TargetRef<R>, LinkedTo<R>>>,
{
    type Query = Filter<TargetTable<R>, InQuery<TargetRef<R>, LinkedTo<R>>>;
    const JOINED: bool = false;
    fn query(key: LinkKey<R>) -> Self::Query {
        let links = FilterDsl::filter(
            LinkTable::<R>::default(),
            LinkSource::<R>::default().eq(key),
        );
        let linked = SelectDsl::select(links, LinkTarget::<R>::default());
        let pk = TargetRef::<R>::default();
        FilterDsl::filter(TargetTable::<R>::default(), InQuery::new(pk, linked))
    }
}

/// The targets joined with one source's association rows.
type JoinedTo<R> = Filter<InnerJoin<TargetTable<R>, JoinLinks<R>>, Eq<LinkSource<R>, LinkKey<R>>>;

impl<R> LoadForm<R> for ThroughJoin
where
    R: ManyToManyDecl,
    TargetRef<R>: Default,
    LinkTable<R>: Default,
    SqlTypeOf<LinkSource<R>>: SingleValue,
    SqlTypeOf<LinkTarget<R>>: SingleValue,
    LinkKey<R>: AsExpression<SqlTypeOf<LinkSource<R>>>,
    TargetRef<R>: Expression + AsExpression<SqlTypeOf<LinkTarget<R>>>,
    TargetTable<R>: JoinWithImplicitOnClause<JoinLinks<R>, Inner>,
    InnerJoin<TargetTable<R>, JoinLinks<R>>: FilterDsl<Eq<LinkSource<R>, LinkKey<R>>>,
{
    type Query = JoinedTo<R>;
    const JOINED: bool = true;
    fn query(key: LinkKey<R>) -> Self::Query {
        let on = LinkTarget::<R>::default().eq(TargetRef::<R>::default());
        let joined = TargetTable::<R>::default()
            .join_with_implicit_on_clause(LinkTable::<R>::default().on(on), Inner);
        FilterDsl::filter(joined, LinkSource::<R>::default().eq(key))
    }
}

// ---------------------------------------------------------------------------

/// `column IN (subquery)`: the targets linked to one source.
#[derive(Debug, Clone, Copy)]
pub struct InQuery<Col, Q> {
    column: Col,
    query: Q,
}

impl<Col, Q> InQuery<Col, Q> {
    /// `column IN (query)`.
    pub fn new(column: Col, query: Q) -> Self {
        InQuery { column, query }
    }
}

impl<Col: Expression, Q> Expression for InQuery<Col, Q> {
    type SqlType = Bool;
}

impl<Col, Q, QS> AppearsOnTable<QS> for InQuery<Col, Q>
where
    Col: AppearsOnTable<QS>,
    Self: Expression,
{
}

impl<Col, Q, QS> SelectableExpression<QS> for InQuery<Col, Q>
where
    Col: SelectableExpression<QS>,
    Self: AppearsOnTable<QS>,
{
}

impl<Col, Q, GB> ValidGrouping<GB> for InQuery<Col, Q>
where
    Col: ValidGrouping<GB>,
{
    type IsAggregate = Col::IsAggregate;
}

impl<Col, Q> QueryId for InQuery<Col, Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Col, Q, DB> QueryFragment<DB> for InQuery<Col, Q>
where
    DB: Backend,
    Col: QueryFragment<DB>,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}
