//! What a relationship through a composite key relates, as Diesel types:
//! [`Correlated`] (and so `join()`, `inner_join_along`, `any`, `none`,
//! `has`, `exists`), [`SourceTable`], [`Collection`] / [`Scalar`] and
//! [`WithParent`] for the handles of `foreign_key = (a, b)` and `secondary
//! = t((a, b), c)`: [`ToOneRow`], [`ToManyRows`], [`ToOneRowReverse`],
//! [`ToManyRowsThrough`].
//!
//! The link is every key column pair ANDed, `(target.a = source.x AND
//! target.b = source.y)` ([`ColumnsEq`], what hand-written Diesel's
//! `a.eq(x).and(b.eq(y))` renders); a many-to-many's related side is the
//! target joined with its association table on each column of the
//! target's key, as its loads join it. A row with a NULL in its key
//! relates to nothing, as SQL's `=` says. The one-column handles'
//! impls (`correlate`) are untouched.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! use diesel_relations::joins::JoinAlong;
//! use diesel_relations::{Related, Relations};
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
//!     .values(&[Signoff { id: 1, author_id: 2, book_id: 1, note: "checked".into() }])
//!     .execute(conn)?;
//! // signoffs INNER JOIN authors_books ON (authors_books.author_id = signoffs.author_id
//! //                                   AND authors_books.book_id = signoffs.book_id)
//! let rows: Vec<(String, i32)> = signoffs::table
//!     .inner_join_along(Signoff::authorship)
//!     .select((signoffs::note, authors_books::author_id))
//!     .load(conn)?;
//! assert_eq!(rows, [("checked".to_string(), 2)]);
//! // The authorships with a sign-off: EXISTS (.. WHERE (signoffs.author_id = ..)).
//! let signed: Vec<(i32, i32)> = authors_books::table
//!     .filter(Authorship::signoffs.any(signoffs::note.eq("checked")))
//!     .select((authors_books::author_id, authors_books::book_id))
//!     .load(conn)?;
//! assert_eq!(signed, [(2, 1)]);
//! # Ok(())
//! # }
//! ```

use crate::composite::{missing, null, ToManyRows, ToOneRow};
use crate::composite_m2m::{ColumnsEq, Joined, KeyJoin, OnExpr, SourceIn, ToManyRowsThrough};
use crate::composite_one::one;
use crate::composite_one::ToOneRowReverse;
use crate::error::{RelationError, Result};
use crate::querying::aliased::CorrelatedAs;
use crate::querying::correlate::Correlated;
use crate::querying::filters::{Collection, Scalar, WithParent};
use crate::querying::joined::JoinedScalar;
use crate::querying::joins::SourceTable;
use crate::relationship::{
    KeyForm, ManyToManyRowDecl, ManyToOneRowDecl, Model, OneColumn, OneToManyRowDecl,
    OneToOneRowDecl, Relationship, SeveralColumns, Shape,
};
use crate::rows::{pk_in, PkIn, RowEq};
use diesel::dsl::{Filter, InnerJoin};
use diesel::internal::table_macro::Inner;
use diesel::query_dsl::methods::FilterDsl;
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::query_source::{Alias, AliasSource, AliasedField};
use diesel::{Column, JoinOnDsl, Table};

type SourceOf<R> = <R as Relationship>::Source;
type TargetOf<R> = <R as Relationship>::Target;
type TableOf<M> = <M as Model>::Table;
type PkOf<M> = <TableOf<M> as Table>::PrimaryKey;
type KeyOf<M> = <M as Model>::Key;
type FormOf<M> = <M as Model>::KeyForm;

fn pk<M: Model>() -> PkOf<M> {
    TableOf::<M>::default().primary_key()
}

/// A many-to-one: `(target.a = source.x AND ..)`, the target's key against
/// the source's foreign key columns.
impl<R: ManyToOneRowDecl> Correlated for ToOneRow<R> {
    type Related = TableOf<TargetOf<R>>;
    type Link = ColumnsEq<PkOf<TargetOf<R>>, R::ForeignKey>;
    fn related() -> Self::Related {
        Default::default()
    }
    fn link() -> Self::Link {
        ColumnsEq::new(pk::<TargetOf<R>>(), R::ForeignKey::default())
    }
}

/// `(children.x = source.a AND ..)`: a collection's and a one-to-one's.
type ChildLink<R> = ColumnsEq<<R as OneToManyRowDecl>::ForeignKey, PkOf<SourceOf<R>>>;

fn child_link<R: OneToManyRowDecl>() -> ChildLink<R> {
    ColumnsEq::new(R::ForeignKey::default(), pk::<SourceOf<R>>())
}

impl<R: OneToManyRowDecl> Correlated for ToManyRows<R> {
    type Related = TableOf<TargetOf<R>>;
    type Link = ChildLink<R>;
    fn related() -> Self::Related {
        Default::default()
    }
    fn link() -> Self::Link {
        child_link::<R>()
    }
}

impl<R: OneToOneRowDecl> Correlated for ToOneRowReverse<R> {
    type Related = TableOf<TargetOf<R>>;
    type Link = ChildLink<R>;
    fn related() -> Self::Related {
        Default::default()
    }
    fn link() -> Self::Link {
        child_link::<R>()
    }
}

type Secondary<R> = <R as ManyToManyRowDecl>::Secondary;
type SourceColumns<R> = <R as ManyToManyRowDecl>::SourceColumns;
type TargetColumns<R> = <R as ManyToManyRowDecl>::TargetColumns;
/// `secondary.source_columns = source.key`, column by column.
type SourceOn<R> = <FormOf<SourceOf<R>> as KeyJoin<SourceColumns<R>, PkOf<SourceOf<R>>>>::On;

/// A many-to-many: the target joined with the association table on the
/// target's key, tied to the source's row by the association table's
/// source columns.
impl<R: ManyToManyRowDecl> Correlated for ToManyRowsThrough<R>
where
    FormOf<TargetOf<R>>: KeyJoin<PkOf<TargetOf<R>>, TargetColumns<R>>,
    FormOf<SourceOf<R>>: KeyJoin<SourceColumns<R>, PkOf<SourceOf<R>>>,
    TableOf<TargetOf<R>>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
{
    type Related = Joined<R>;
    type Link = SourceOn<R>;
    fn related() -> Self::Related {
        let on = <FormOf<TargetOf<R>> as KeyJoin<_, _>>::on(
            pk::<TargetOf<R>>(),
            TargetColumns::<R>::default(),
        );
        TableOf::<TargetOf<R>>::default()
            .join_with_implicit_on_clause(Secondary::<R>::default().on(on), Inner)
    }
    fn link() -> Self::Link {
        <FormOf<SourceOf<R>> as KeyJoin<_, _>>::on(
            SourceColumns::<R>::default(),
            pk::<SourceOf<R>>(),
        )
    }
}

macro_rules! source_table {
    ($($handle:ident: $decl:path),*) => {$(
        impl<R: $decl> SourceTable for $handle<R> {
            type Table = TableOf<SourceOf<R>>;
        }
    )*};
}

source_table!(
    ToOneRow: ManyToOneRowDecl,
    ToManyRows: OneToManyRowDecl,
    ToOneRowReverse: OneToOneRowDecl,
    ToManyRowsThrough: ManyToManyRowDecl
);

impl<R: OneToManyRowDecl> Collection for ToManyRows<R> {}
impl<R: ManyToManyRowDecl> Collection for ToManyRowsThrough<R> {}
impl<R: ManyToOneRowDecl> Scalar for ToOneRow<R> {}
impl<R: OneToOneRowDecl> Scalar for ToOneRowReverse<R> {}

/// A collection's children of one parent: `(children.x = ? AND ..)`.
impl<R: OneToManyRowDecl> WithParent for ToManyRows<R> {
    type Source = SourceOf<R>;
    type Filter = RowEq<R::ForeignKey, KeyOf<SourceOf<R>>>;
    fn with_parent(source: &SourceOf<R>) -> Self::Filter {
        RowEq::new(R::ForeignKey::default(), source.primary_key())
    }
}

/// A one-to-one's target of one parent: `(child.x = ? AND ..)`.
impl<R: OneToOneRowDecl> WithParent for ToOneRowReverse<R> {
    type Source = SourceOf<R>;
    type Filter = RowEq<R::ForeignKey, KeyOf<SourceOf<R>>>;
    fn with_parent(source: &SourceOf<R>) -> Self::Filter {
        RowEq::new(R::ForeignKey::default(), source.primary_key())
    }
}

/// A many-to-one's target of one row: `(target.a, target.b) IN ((?, ?))`,
/// matching nothing where a column of the foreign key is NULL.
impl<R: ManyToOneRowDecl> WithParent for ToOneRow<R> {
    type Source = SourceOf<R>;
    type Filter = PkIn<TargetOf<R>>;
    fn with_parent(source: &SourceOf<R>) -> Self::Filter {
        pk_in::<TargetOf<R>>(R::foreign_key(source).into_iter().collect())
    }
}

/// `EXISTS (SELECT .. FROM secondary WHERE secondary.target_columns =
/// target.key AND secondary.source_columns IN (key))`.
pub type LinkedTo<R> = diesel::dsl::exists<Filter<Filter<Secondary<R>, OnExpr<R>>, SourceIn<R>>>;

/// A many-to-many's targets of one source: those with an association row
/// holding the source's key, an `EXISTS` correlated with the target's
/// table (its key is a tuple where `IN (SELECT ..)` of one column would
/// not do).
impl<R: ManyToManyRowDecl> WithParent for ToManyRowsThrough<R>
where
    FormOf<TargetOf<R>>: KeyJoin<PkOf<TargetOf<R>>, TargetColumns<R>>,
    Secondary<R>: FilterDsl<OnExpr<R>>,
    Filter<Secondary<R>, OnExpr<R>>: FilterDsl<SourceIn<R>>,
{
    type Source = SourceOf<R>;
    type Filter = LinkedTo<R>;
    fn with_parent(source: &SourceOf<R>) -> Self::Filter {
        let on = <FormOf<TargetOf<R>> as KeyJoin<_, _>>::on(
            pk::<TargetOf<R>>(),
            TargetColumns::<R>::default(),
        );
        let keys = <FormOf<SourceOf<R>> as KeyForm>::key_in(
            SourceColumns::<R>::default(),
            vec![source.primary_key()],
        );
        diesel::dsl::exists(FilterDsl::filter(
            FilterDsl::filter(Secondary::<R>::default(), on),
            keys,
        ))
    }
}

/// A tuple of columns of alias `S`'s table, read through the alias: the
/// tuple of `alias.field(column)`, so that a composite key's `ON` clause
/// names the alias (a self-referential join through a composite key).
///
/// ```
/// use diesel_relations::composite_m2m::ColumnsEq;
/// use diesel_relations::correlate_rows::ColumnsOfAlias;
/// diesel::table! { lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
/// let prev = diesel::alias!(lines as prev);
/// let key = (lines::order_id, lines::line_no);
/// let on = ColumnsEq::new(key.of_alias(prev), key);
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&on).to_string();
/// assert!(sql.starts_with("(`prev`.`order_id` = `lines`.`order_id` AND `prev`.`line_no` = `lines`.`line_no`)"), "{sql}");
/// ```
pub trait ColumnsOfAlias<S> {
    /// `(AliasedField<S, C0>, ..)`.
    type Fields;
    /// See [`ColumnsOfAlias`].
    fn of_alias(self, alias: Alias<S>) -> Self::Fields;
}

macro_rules! columns_of_alias {
    ($(($($c:ident $i:tt),+))*) => {$(
        impl<S, $($c,)+> ColumnsOfAlias<S> for ($($c,)+)
        where
            S: AliasSource + Copy,
            $($c: Column<Table = S::Target>,)+
        {
            type Fields = ($(AliasedField<S, $c>,)+);
            fn of_alias(self, alias: Alias<S>) -> Self::Fields {
                ($(alias.field(self.$i),)+)
            }
        }
    )*};
}

columns_of_alias!((C0 0, C1 1)(C0 0, C1 1, C2 2)(C0 0, C1 1, C2 2, C3 3));

/// A model's key read through alias `S`, by the key's form: one
/// `AliasedField` for [`OneColumn`], a tuple of them for
/// [`SeveralColumns`] (the choice the derive makes, as for
/// [`crate::rows::PkIn`]): a many-to-many's target key through an alias,
/// one column or several.
///
/// ```
/// use diesel_relations::correlate_rows::KeyOfAlias;
/// use diesel_relations::{OneColumn, SeveralColumns};
/// diesel::table! { lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
/// diesel::table! { tags (id) { id -> Integer, } }
/// let (prev, other) = diesel::alias!(lines as prev, tags as other);
/// let one = <OneColumn as KeyOfAlias<_, _>>::of_alias(tags::id, other);
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&one).to_string();
/// assert!(sql.starts_with("`other`.`id`"), "{sql}");
/// let two = <SeveralColumns as KeyOfAlias<_, _>>::of_alias((lines::order_id, lines::line_no), prev);
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&two).to_string();
/// assert!(sql.starts_with("`prev`.`order_id`, `prev`.`line_no`"), "{sql}");
/// ```
pub trait KeyOfAlias<S, Key> {
    /// The aliased key column(s).
    type Fields;
    /// See [`KeyOfAlias`].
    fn of_alias(key: Key, alias: Alias<S>) -> Self::Fields;
}

impl<S, Key> KeyOfAlias<S, Key> for OneColumn
where
    S: AliasSource + Copy,
    Key: Column<Table = S::Target>,
{
    type Fields = AliasedField<S, Key>;
    fn of_alias(key: Key, alias: Alias<S>) -> Self::Fields {
        alias.field(key)
    }
}

impl<S, Key: ColumnsOfAlias<S>> KeyOfAlias<S, Key> for SeveralColumns {
    type Fields = Key::Fields;
    fn of_alias(key: Key, alias: Alias<S>) -> Self::Fields {
        key.of_alias(alias)
    }
}

/// A composite many-to-one through an alias of its target:
/// `(alias.a = source.x AND ..)`.
impl<R, S> CorrelatedAs<S> for ToOneRow<R>
where
    R: ManyToOneRowDecl,
    S: AliasSource<Target = TableOf<TargetOf<R>>> + Copy,
    PkOf<TargetOf<R>>: ColumnsOfAlias<S>,
{
    type Related = Alias<S>;
    type Link = ColumnsEq<<PkOf<TargetOf<R>> as ColumnsOfAlias<S>>::Fields, R::ForeignKey>;
    fn related(alias: Alias<S>) -> Alias<S> {
        alias
    }
    fn link(alias: Alias<S>) -> Self::Link {
        ColumnsEq::new(
            pk::<TargetOf<R>>().of_alias(alias),
            R::ForeignKey::default(),
        )
    }
}

/// `(alias.x = source.a AND ..)`: a composite collection's or one-to-one's
/// children through an alias.
type ChildLinkAs<R, S> = ColumnsEq<
    <<R as OneToManyRowDecl>::ForeignKey as ColumnsOfAlias<S>>::Fields,
    PkOf<SourceOf<R>>,
>;

macro_rules! children_as {
    ($($handle:ident: $decl:path),*) => {$(
        impl<R, S> CorrelatedAs<S> for $handle<R>
        where
            R: $decl,
            S: AliasSource<Target = TableOf<TargetOf<R>>> + Copy,
            R::ForeignKey: ColumnsOfAlias<S>,
        {
            type Related = Alias<S>;
            type Link = ChildLinkAs<R, S>;
            fn related(alias: Alias<S>) -> Alias<S> {
                alias
            }
            fn link(alias: Alias<S>) -> Self::Link {
                ColumnsEq::new(R::ForeignKey::default().of_alias(alias), pk::<SourceOf<R>>())
            }
        }
    )*};
}

children_as!(ToManyRows: OneToManyRowDecl, ToOneRowReverse: OneToOneRowDecl);

/// The target's key through alias `S`.
type TargetPkAs<R, S> = <FormOf<TargetOf<R>> as KeyOfAlias<S, PkOf<TargetOf<R>>>>::Fields;
/// `secondary ON secondary.target_columns = alias.key`.
type LinksOnAlias<R, S> = diesel::dsl::On<
    Secondary<R>,
    <FormOf<TargetOf<R>> as KeyJoin<TargetPkAs<R, S>, TargetColumns<R>>>::On,
>;

/// A composite many-to-many through an alias of its target, joined with
/// the association table (read unaliased), as the one-column form: a
/// self-referential one (`LinkedLine.follows`) or a second into one table.
impl<R, S> CorrelatedAs<S> for ToManyRowsThrough<R>
where
    R: ManyToManyRowDecl,
    S: AliasSource<Target = TableOf<TargetOf<R>>> + Copy,
    FormOf<TargetOf<R>>:
        KeyOfAlias<S, PkOf<TargetOf<R>>> + KeyJoin<TargetPkAs<R, S>, TargetColumns<R>>,
    FormOf<SourceOf<R>>: KeyJoin<SourceColumns<R>, PkOf<SourceOf<R>>>,
    Alias<S>: JoinWithImplicitOnClause<LinksOnAlias<R, S>, Inner>,
{
    type Related = InnerJoin<Alias<S>, LinksOnAlias<R, S>>;
    type Link = SourceOn<R>;
    fn related(alias: Alias<S>) -> Self::Related {
        let key = <FormOf<TargetOf<R>> as KeyOfAlias<S, _>>::of_alias(pk::<TargetOf<R>>(), alias);
        let on = <FormOf<TargetOf<R>> as KeyJoin<_, _>>::on(key, TargetColumns::<R>::default());
        alias.join_with_implicit_on_clause(Secondary::<R>::default().on(on), Inner)
    }
    fn link(_: Alias<S>) -> Self::Link {
        <FormOf<SourceOf<R>> as KeyJoin<_, _>>::on(
            SourceColumns::<R>::default(),
            pk::<SourceOf<R>>(),
        )
    }
}

/// A composite many-to-one loads by a join (`load_joined`): the target
/// found, or the lazy load's error for the same row (a NULL key where
/// required, a key matching no row).
impl<R> JoinedScalar for ToOneRow<R>
where
    R: ManyToOneRowDecl,
    ToOneRow<R>: Correlated,
{
    type Source = SourceOf<R>;
    type Target = TargetOf<R>;
    type Output = <R::Shape as Shape>::Out<TargetOf<R>>;
    const SEVERAL_POSSIBLE: bool = false;

    fn joined(source: &SourceOf<R>, found: Option<TargetOf<R>>) -> Result<Self::Output> {
        match (found, R::foreign_key(source)) {
            (Some(target), _) => Ok(<R::Shape as Shape>::found(target)),
            (None, None) => <R::Shape as Shape>::from_option(None).ok_or_else(null::<R>),
            (None, Some(key)) => Err(missing::<R>(&key)),
        }
    }

    fn several(source: &SourceOf<R>, count: usize) -> RelationError {
        // The join is on the target's primary key: the database cannot
        // give two; kept total all the same.
        RelationError::MultipleRows {
            relationship: R::full_name(),
            target: R::target_name(),
            foreign_key: R::FOREIGN_KEY,
            key: format!("{:?}", R::foreign_key(source)),
            count,
        }
    }

    fn names() -> (&'static str, &'static str) {
        (R::full_name(), R::FOREIGN_KEY)
    }
}

/// A composite one-to-one from the side without the key loads by a join:
/// two rows for one source are [`RelationError::MultipleRows`], none
/// `None` or `MissingTarget`, as its lazy load says.
impl<R> JoinedScalar for ToOneRowReverse<R>
where
    R: OneToOneRowDecl,
    ToOneRowReverse<R>: Correlated,
{
    type Source = SourceOf<R>;
    type Target = TargetOf<R>;
    type Output = <<R as OneToOneRowDecl>::Shape as Shape>::Out<TargetOf<R>>;
    const SEVERAL_POSSIBLE: bool = true;

    fn joined(source: &SourceOf<R>, found: Option<TargetOf<R>>) -> Result<Self::Output> {
        one::<R>(&source.primary_key(), found.into_iter().collect())
    }

    fn several(source: &SourceOf<R>, count: usize) -> RelationError {
        RelationError::MultipleRows {
            relationship: R::full_name(),
            target: R::target_name(),
            foreign_key: R::FOREIGN_KEY,
            key: format!("{:?}", source.primary_key()),
            count,
        }
    }

    fn names() -> (&'static str, &'static str) {
        (R::full_name(), R::FOREIGN_KEY)
    }
}
