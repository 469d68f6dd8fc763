//! Joins along a relationship: the `ON` clause for Diesel's own
//! `inner_join` and `left_join`.
//!
//! [`join`] gives the related table with the relationship's condition
//! ([`Correlated`]) as Diesel's `OnClauseWrapper`, what
//! `table.on(condition)` gives: `customers::table.inner_join(..)` then is
//! Diesel's join type, whose columns `select`, `filter`, `order_by` and
//! `group_by` take as in any Diesel join (a left join's as `.nullable()`).
//! A many-to-many's related side is the target joined with the association
//! table, so the join reaches the target through it. Diesel allows a table
//! once per query: a self-referential relationship, or two relationships
//! into one table, go through an alias of the caller's
//! ([`Related::join_as`](crate::querying::related::Related::join_as),
//! [`aliased`](crate::querying::aliased)), many-to-manys included.

use crate::lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
use crate::querying::aliased::{CorrelatedAs, JoinAs};
use crate::querying::correlate::Correlated;
use crate::relationship::Model;
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, ValidGrouping};
use diesel::internal::table_macro::{Inner, LeftOuter};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::query_source::{Alias, AppearsInFromClause, Once};
use diesel::JoinOnDsl;
use std::marker::PhantomData;

/// `related ON link`: the right-hand side of a join from the source's table.
pub type JoinOn<H> = diesel::dsl::On<
    <H as Correlated>::Related,
    FromSource<<H as Correlated>::Link, <H as SourceTable>::Table>,
>;

/// See [`JoinOn`].
pub fn join<H>() -> JoinOn<H>
where
    H: Correlated<Related: JoinOnDsl> + SourceTable,
{
    H::related().on(FromSource {
        link: H::link(),
        source: PhantomData,
    })
}

/// The table a handle's relationship starts from (its source model's),
/// which a query joining along it must have ([`SourceInQuery`], whose
/// example shows both cases).
pub trait SourceTable {
    /// The source model's table.
    type Table;
}

macro_rules! source_table {
    ($($handle:ident: $decl:path),*) => {$(
        impl<R: $decl> SourceTable for $handle<R>
        where
            R::Source: Model,
        {
            type Table = <R::Source as Model>::Table;
        }
    )*};
}

source_table!(
    ToMany: crate::relationship::ParentKeyed,
    ToOneReverse: crate::relationship::ParentKeyed,
    ToOne: crate::relationship::ManyToOneDecl,
    ToManyThrough: crate::relationship::ManyToMany
);

/// A join's `ON` condition (`link`, written as it is) that asks the query
/// to have the relationship's source table `T` once: where it does not,
/// the one error is [`SourceInQuery`]'s, which says what to write, rather
/// than Diesel's "expected `Once`, found `Never`" on a column and a
/// follow-on at the next method. Its SQL is `link`'s (see the
/// [`SourceInQuery`] example).
#[derive(Debug, Clone, Copy)]
pub struct FromSource<E, T> {
    link: E,
    source: PhantomData<T>,
}

impl<E: Expression, T> Expression for FromSource<E, T> {
    type SqlType = E::SqlType;
}

impl<E: QueryFragment<DB>, T, DB: Backend> QueryFragment<DB> for FromSource<E, T> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> diesel::QueryResult<()> {
        self.link.walk_ast(pass)
    }
}

impl<E: QueryId, T> QueryId for FromSource<E, T> {
    type QueryId = E::QueryId;
    const HAS_STATIC_QUERY_ID: bool = E::HAS_STATIC_QUERY_ID;
}

impl<E: ValidGrouping<G>, T, G> ValidGrouping<G> for FromSource<E, T> {
    type IsAggregate = E::IsAggregate;
}

/// The link names the source's table and the related one; the related one
/// is the join's right-hand side by construction, so the source's table
/// is what to ask of the query.
impl<E, T, QS> AppearsOnTable<QS> for FromSource<E, T>
where
    E: Expression,
    QS: AppearsInFromClause<T>,
    T: SourceInQuery<<QS as AppearsInFromClause<T>>::Count>,
{
}

/// The source's table `Self` appears `Count` times in the query joined
/// along a relationship of it: implemented for once only, so that a join
/// onto a query without it is this message, which says what to write.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::{Related, Relations};
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = teams)]
/// # pub struct Team { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = players)]
/// # #[relationship(team: Team, foreign_key = team_id)]
/// # pub struct Player { pub id: i32, pub team_id: i32, pub name: String }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// // players is in the query once: the join along Player.team compiles.
/// let names: Vec<String> = players::table
///     .inner_join(Player::team.join())
///     .select(teams::name)
///     .order(players::id)
///     .load(conn)?;
/// assert_eq!(names.len(), 3);
/// # Ok(())
/// # }
/// ```
///
/// ```compile_fail,E0277
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::{Related, Relations};
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = teams)]
/// # pub struct Team { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = players)]
/// # #[relationship(team: Team, foreign_key = team_id)]
/// # pub struct Player { pub id: i32, pub team_id: i32, pub name: String }
/// # fn main() {
/// // customers has no players: "a join along a relationship of
/// // `players::table` needs `players::table` in the query, once".
/// let _ = customers::table.inner_join(Player::team.join());
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "a join along a relationship of `{Self}` needs `{Self}` in the query, once",
    label = "the query this joins onto does not have `{Self}` (or has it twice)",
    note = "start the query from the relationship's source table (`{Self}.inner_join(Model::relationship.join())`), join `{Self}` first, or use the relationship of the table the query has"
)]
pub trait SourceInQuery<Count> {}

impl<T> SourceInQuery<Once> for T {}

/// The source table of a handle `H`'s relationship.
pub type SourceOf<H> = <H as SourceTable>::Table;
/// How many times query `Q` has the source table of `H`'s relationship.
pub type SourceCount<Q, H> = <Q as AppearsInFromClause<SourceOf<H>>>::Count;
/// `Q INNER JOIN related ON link`: what [`JoinAlong::inner_join_along`] gives.
pub type InnerJoinAlong<Q, H> =
    <SourceOf<H> as JoinsOnto<SourceCount<Q, H>, Q, JoinOn<H>, Inner>>::Output;
/// `Q LEFT JOIN related ON link`: what [`JoinAlong::left_join_along`] gives.
pub type LeftJoinAlong<Q, H> =
    <SourceOf<H> as JoinsOnto<SourceCount<Q, H>, Q, JoinOn<H>, LeftOuter>>::Output;

/// The join of query `Q` with `Rhs` (a relationship's related side and
/// `ON` clause), of kind `Kind`, where `Q` has the relationship's source
/// table `Self` `Count` times. Implemented for once only, so that a join
/// onto a query without it is one error, this message: the join's type is
/// this trait's, so nothing follows from a join that cannot be made.
#[diagnostic::on_unimplemented(
    message = "a join along a relationship of `{Self}` needs `{Self}` in the query, once",
    label = "the query this joins onto does not have `{Self}` (or has it twice)",
    note = "start the query from the relationship's source table (`{Self}.inner_join_along(Model::relationship)`, or `.inner_join_along_as(Model::relationship, alias)` through an alias), join `{Self}` first, or use the relationship of the table the query has"
)]
pub trait JoinsOnto<Count, Q, Rhs, Kind> {
    /// Diesel's join type (`InnerJoin<Q, Rhs>`, `LeftJoin<Q, Rhs>`).
    type Output;
    /// See [`JoinsOnto`].
    fn join_onto(query: Q, rhs: Rhs, kind: Kind) -> Self::Output;
}

impl<T, Q, Rhs, Kind> JoinsOnto<Once, Q, Rhs, Kind> for T
where
    Q: JoinWithImplicitOnClause<Rhs, Kind>,
{
    type Output = <Q as JoinWithImplicitOnClause<Rhs, Kind>>::Output;
    fn join_onto(query: Q, rhs: Rhs, kind: Kind) -> Self::Output {
        query.join_with_implicit_on_clause(rhs, kind)
    }
}

/// `Q INNER JOIN alias ON link`: what [`JoinAlong::inner_join_along_as`]
/// gives (the alias of the relationship's target, a many-to-many's joined
/// with its association table).
pub type InnerJoinAlongAs<Q, H, S> =
    <SourceOf<H> as JoinsOnto<SourceCount<Q, H>, Q, JoinAs<H, S>, Inner>>::Output;
/// `Q LEFT JOIN alias ON link`: what [`JoinAlong::left_join_along_as`] gives.
pub type LeftJoinAlongAs<Q, H, S> =
    <SourceOf<H> as JoinsOnto<SourceCount<Q, H>, Q, JoinAs<H, S>, LeftOuter>>::Output;

/// Joins along a relationship named by its accessor, on any Diesel query:
/// `players::table.inner_join_along(Player::team)` is
/// `players::table.inner_join(Player::team.join())`, the same SQL and
/// the same Diesel join type (the joined table's columns in `select`,
/// `filter`, `order_by`, `group_by`; `.nullable()` after a left join).
/// The difference is a mistake's: a query without the relationship's
/// source table is one error, which says what to write ([`JoinsOnto`]),
/// where `inner_join(..join())` gives a second one at the next method.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::Relations;
/// use diesel_relations::joins::JoinAlong;
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = teams)]
/// # #[relationship(players: Vec<Player>, back_populates = team)]
/// # pub struct Team { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = players)]
/// # #[relationship(team: Team, foreign_key = team_id, back_populates = players)]
/// # pub struct Player { pub id: i32, pub team_id: i32, pub name: String }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// let rows: Vec<(String, String)> = players::table
///     .inner_join_along(Player::team)
///     .filter(teams::name.eq("Reds"))
///     .order(players::id)
///     .select((players::name, teams::name))
///     .load(conn)?;
/// assert_eq!(rows.len(), 2);
/// // A team without players is kept by the left join.
/// let rows: Vec<(String, Option<String>)> = teams::table
///     .left_join_along(Team::players)
///     .order((teams::id, players::id))
///     .select((teams::name, players::name.nullable()))
///     .load(conn)?;
/// assert_eq!(rows.len(), 3);
/// # Ok(())
/// # }
/// ```
///
/// ```compile_fail,E0277
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::Relations;
/// # use diesel_relations::joins::JoinAlong;
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = teams)]
/// # pub struct Team { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = players)]
/// # #[relationship(team: Team, foreign_key = team_id)]
/// # pub struct Player { pub id: i32, pub team_id: i32, pub name: String }
/// # fn main() {
/// // customers has no players: one error, "a join along a relationship
/// // of `players::table` needs `players::table` in the query, once".
/// let _ = customers::table.inner_join_along(Player::team).select(customers::id);
/// # }
/// ```
pub trait JoinAlong: Sized {
    /// `self INNER JOIN related ON link`: see [`JoinAlong`].
    fn inner_join_along<F, P, H>(self, _relationship: F) -> InnerJoinAlong<Self, H>
    where
        F: Fn(&P) -> H,
        H: Correlated<Related: JoinOnDsl> + SourceTable,
        Self: AppearsInFromClause<SourceOf<H>>,
        SourceOf<H>: JoinsOnto<SourceCount<Self, H>, Self, JoinOn<H>, Inner>,
    {
        <SourceOf<H> as JoinsOnto<SourceCount<Self, H>, Self, JoinOn<H>, Inner>>::join_onto(
            self,
            join::<H>(),
            Inner,
        )
    }

    /// `self LEFT JOIN related ON link`: see [`JoinAlong`].
    fn left_join_along<F, P, H>(self, _relationship: F) -> LeftJoinAlong<Self, H>
    where
        F: Fn(&P) -> H,
        H: Correlated<Related: JoinOnDsl> + SourceTable,
        Self: AppearsInFromClause<SourceOf<H>>,
        SourceOf<H>: JoinsOnto<SourceCount<Self, H>, Self, JoinOn<H>, LeftOuter>,
    {
        <SourceOf<H> as JoinsOnto<SourceCount<Self, H>, Self, JoinOn<H>, LeftOuter>>::join_onto(
            self,
            join::<H>(),
            LeftOuter,
        )
    }

    /// `self INNER JOIN alias ON link`: the join along a relationship
    /// whose target the query already has (a self-referential one, a
    /// second into one table), read through `alias`, as
    /// `self.inner_join(Model::rel.join_as(alias))`; a query without the
    /// relationship's source table is one error, [`JoinsOnto`]'s.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::Relations;
    /// use diesel_relations::joins::JoinAlong;
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = employees)]
    /// # #[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
    /// # #[relationship(reports: Vec<Employee>, back_populates = manager)]
    /// # pub struct Employee { pub id: i32, pub name: String, pub reports_to: Option<i32> }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// let managers = diesel::alias!(employees as managers);
    /// // employees INNER JOIN employees AS managers ON managers.id = employees.reports_to
    /// let rows: Vec<(String, String)> = employees::table
    ///     .inner_join_along_as(Employee::manager, managers)
    ///     .order(employees::id)
    ///     .select((employees::name, managers.field(employees::name)))
    ///     .load(conn)?;
    /// assert_eq!(rows[2], ("Barbara".to_string(), "Alan".to_string()));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// ```compile_fail,E0277
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::Relations;
    /// # use diesel_relations::joins::JoinAlong;
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = employees)]
    /// # #[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
    /// # #[relationship(reports: Vec<Employee>, back_populates = manager)]
    /// # pub struct Employee { pub id: i32, pub name: String, pub reports_to: Option<i32> }
    /// # fn main() {
    /// let managers = diesel::alias!(employees as managers);
    /// // customers has no employees: one error, "a join along a
    /// // relationship of `employees::table` needs `employees::table` in the query, once".
    /// let _ = customers::table.inner_join_along_as(Employee::manager, managers).select(customers::id);
    /// # }
    /// ```
    fn inner_join_along_as<F, P, H, S>(
        self,
        _relationship: F,
        alias: Alias<S>,
    ) -> InnerJoinAlongAs<Self, H, S>
    where
        F: Fn(&P) -> H,
        S: Copy,
        H: CorrelatedAs<S, Related: JoinOnDsl> + SourceTable,
        Self: AppearsInFromClause<SourceOf<H>>,
        SourceOf<H>: JoinsOnto<SourceCount<Self, H>, Self, JoinAs<H, S>, Inner>,
    {
        <SourceOf<H> as JoinsOnto<SourceCount<Self, H>, Self, JoinAs<H, S>, Inner>>::join_onto(
            self,
            join_as::<H, S>(alias),
            Inner,
        )
    }

    /// `self LEFT JOIN alias ON link`: [`inner_join_along_as`](JoinAlong::inner_join_along_as)'s
    /// left join (the alias's columns `.nullable()`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::Relations;
    /// use diesel_relations::joins::JoinAlong;
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = employees)]
    /// # #[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
    /// # #[relationship(reports: Vec<Employee>, back_populates = manager)]
    /// # pub struct Employee { pub id: i32, pub name: String, pub reports_to: Option<i32> }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// let managers = diesel::alias!(employees as managers);
    /// let rows: Vec<(String, Option<String>)> = employees::table
    ///     .left_join_along_as(Employee::manager, managers)
    ///     .order(employees::id)
    ///     .select((employees::name, managers.field(employees::name).nullable()))
    ///     .load(conn)?;
    /// assert_eq!(rows[0], ("Grace".to_string(), None));
    /// # Ok(())
    /// # }
    /// ```
    fn left_join_along_as<F, P, H, S>(
        self,
        _relationship: F,
        alias: Alias<S>,
    ) -> LeftJoinAlongAs<Self, H, S>
    where
        F: Fn(&P) -> H,
        S: Copy,
        H: CorrelatedAs<S, Related: JoinOnDsl> + SourceTable,
        Self: AppearsInFromClause<SourceOf<H>>,
        SourceOf<H>: JoinsOnto<SourceCount<Self, H>, Self, JoinAs<H, S>, LeftOuter>,
    {
        <SourceOf<H> as JoinsOnto<SourceCount<Self, H>, Self, JoinAs<H, S>, LeftOuter>>::join_onto(
            self,
            join_as::<H, S>(alias),
            LeftOuter,
        )
    }
}

/// `alias ON link`: [`Related::join_as`](crate::querying::related::Related::join_as)'s value.
fn join_as<H, S>(alias: Alias<S>) -> JoinAs<H, S>
where
    S: Copy,
    H: CorrelatedAs<S, Related: JoinOnDsl>,
{
    H::related(alias).on(H::link(alias))
}

/// Every Diesel query source: tables, aliases, `SELECT` statements, joins.
impl<Q: diesel::QueryDsl> JoinAlong for Q {}
