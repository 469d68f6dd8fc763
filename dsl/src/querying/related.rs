//! The methods on an accessor (`Customer::invoices`, the function the
//! derive writes) that put its relationship into another query: SQLAlchemy's
//! `Customer.invoices.any(..)`, `Invoice.customer.has(..)`,
//! `with_parent(..)` and `join(Customer.invoices)`.

use crate::querying::aliased::{AnyAs, CorrelatedAs, JoinAs, NoneAs, RowsAs};
use crate::querying::correlate::Correlated;
use crate::querying::filters::{
    self, Any, Collection, Exists, NoneOf, NotExists, Rows, Scalar, WithParent,
};
use crate::querying::joins::{self, JoinOn};
use diesel::expression::Expression;
use diesel::query_dsl::methods::FilterDsl;
use diesel::sql_types::Bool;
use diesel::JoinOnDsl;

/// Querying through a relationship, named by its accessor
/// (`Customer::invoices`): `use diesel_relations::Related;` and call these
/// on it. Every filter is an ordinary Diesel expression (an `EXISTS`
/// subquery correlated with the outer query), and the join is Diesel's
/// own; Diesel checks each where it is used.
///
/// The examples below share these models (the doctests' schema):
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::{Related, Relations};
///
/// #[derive(Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = customers)]
/// #[relationship(invoices: Vec<Invoice>, back_populates = customer)]
/// pub struct Customer { pub id: i32, pub name: String }
///
/// #[derive(Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = invoices)]
/// #[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
/// #[relationship(lines: Vec<InvoiceLine>, back_populates = invoice)]
/// pub struct Invoice { pub id: i32, pub custid: i32, pub amount: i32 }
///
/// #[derive(Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = invoice_lines)]
/// #[relationship(invoice: Invoice, foreign_key = invoice_id, back_populates = lines)]
/// pub struct InvoiceLine { pub id: i32, pub invoice_id: i32, pub item: String }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let conn = &mut connection();
/// // Customers with an invoice over 200 that has a line of ink: filters nest.
/// let names: Vec<String> = customers::table
///     .filter(Customer::invoices.any(
///         invoices::amount.gt(200).and(Invoice::lines.any(invoice_lines::item.eq("ink"))),
///     ))
///     .select(customers::name)
///     .load(conn)?;
/// assert_eq!(names, ["Alice"]);
/// # Ok(())
/// # }
/// ```
pub trait Related<P>: Sized {
    /// The accessor's handle type, which says the relationship's kind.
    type Handle;

    /// "Has a target matching `condition`": `EXISTS (SELECT .. FROM target
    /// WHERE target.fk = source.key AND condition)`, for a collection
    /// (SQLAlchemy's `Customer.invoices.any(cond)`). A many-to-many's
    /// subquery joins the association table, whose columns the condition
    /// may name too.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
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
    /// // Books by Bo, through authors_books.
    /// let titles: Vec<String> = books::table
    ///     .filter(Book::authors.any(authors::name.eq("Bo")))
    ///     .order(books::id)
    ///     .select(books::title)
    ///     .load(conn)?;
    /// assert_eq!(titles, ["Rust", "SQL"]);
    /// # Ok(())
    /// # }
    /// ```
    fn any<C>(&self, condition: C) -> Any<Self::Handle, C>
    where
        Self::Handle:
            Collection + Correlated<Related: FilterDsl<<Self::Handle as Correlated>::Link>>,
        Rows<Self::Handle>: FilterDsl<C>,
    {
        filters::any::<Self::Handle, C>(condition)
    }

    /// "Has no target matching `condition`": `NOT EXISTS (..)`, for a
    /// collection (SQLAlchemy's `~Customer.invoices.any(cond)`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
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
    /// let names: Vec<String> = customers::table
    ///     .filter(Customer::invoices.none(invoices::amount.gt(200)))
    ///     .select(customers::name)
    ///     .load(conn)?;
    /// assert_eq!(names, ["Bob"]);
    /// # Ok(())
    /// # }
    /// ```
    fn none<C>(&self, condition: C) -> NoneOf<Self::Handle, C>
    where
        Self::Handle:
            Collection + Correlated<Related: FilterDsl<<Self::Handle as Correlated>::Link>>,
        Rows<Self::Handle>: FilterDsl<C>,
        Any<Self::Handle, C>: Expression<SqlType = Bool>,
    {
        filters::none::<Self::Handle, C>(condition)
    }

    /// "Its target matches `condition`": `EXISTS (SELECT .. FROM target
    /// WHERE target.key = source.fk AND condition)`, for a scalar
    /// (SQLAlchemy's `Invoice.customer.has(cond)`); false where the
    /// foreign key is NULL.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = users)]
    /// # #[relationship(posts: Vec<Post>, back_populates = author)]
    /// # pub struct User { pub id: i32, pub name: String }
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = posts)]
    /// # #[relationship(author: Option<User>, foreign_key = author_id, back_populates = posts)]
    /// # pub struct Post { pub id: i32, pub author_id: Option<i32>, pub title: String }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// // posts.author_id is nullable: the anonymous post has no author to match.
    /// let titles: Vec<String> = posts::table
    ///     .filter(Post::author.has(users::name.eq("ann")))
    ///     .order(posts::id)
    ///     .select(posts::title)
    ///     .load(conn)?;
    /// assert_eq!(titles, ["Hello", "Again"]);
    /// # Ok(())
    /// # }
    /// ```
    fn has<C>(&self, condition: C) -> Any<Self::Handle, C>
    where
        Self::Handle: Scalar + Correlated<Related: FilterDsl<<Self::Handle as Correlated>::Link>>,
        Rows<Self::Handle>: FilterDsl<C>,
    {
        filters::any::<Self::Handle, C>(condition)
    }

    /// "Has a target at all": `EXISTS (SELECT .. FROM target WHERE
    /// link)`, for every kind (SQLAlchemy's `.any()` / `.has()` without a
    /// condition).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = parents)]
    /// # #[relationship(favourite: Option<Favourite>, back_populates = parent)]
    /// # pub struct Parent { pub id: i32, pub name: String }
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = favourites)]
    /// # #[relationship(parent: Parent, foreign_key = parent_id, back_populates = favourite)]
    /// # pub struct Favourite { pub id: i32, pub parent_id: i32, pub name: String }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// let with: Vec<String> = parents::table.filter(Parent::favourite.exists()).select(parents::name).load(conn)?;
    /// assert_eq!(with, ["Pat"]);
    /// # Ok(())
    /// # }
    /// ```
    fn exists(&self) -> Exists<Self::Handle>
    where
        Self::Handle: Correlated<Related: FilterDsl<<Self::Handle as Correlated>::Link>>,
    {
        filters::exists::<Self::Handle>()
    }

    /// "Has no target": `NOT EXISTS (SELECT .. FROM target WHERE link)`.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
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
    /// # diesel::insert_into(customers::table).values((customers::id.eq(3), customers::name.eq("Cy"))).execute(conn)?;
    /// let idle: Vec<String> = customers::table
    ///     .filter(Customer::invoices.not_exists())
    ///     .select(customers::name)
    ///     .load(conn)?;
    /// assert_eq!(idle, ["Cy"]);
    /// # Ok(())
    /// # }
    /// ```
    fn not_exists(&self) -> NotExists<Self::Handle>
    where
        Self::Handle: Correlated<Related: FilterDsl<<Self::Handle as Correlated>::Link>>,
        Exists<Self::Handle>: Expression<SqlType = Bool>,
    {
        filters::not_exists::<Self::Handle>()
    }

    /// "The targets of this row", as a filter on the target's table
    /// (SQLAlchemy's `with_parent(row, Customer.invoices)`): the
    /// accessor's own query, as an expression to combine with others.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
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
    /// let alice: Customer = customers::table.find(1).select(Customer::as_select()).first(conn)?;
    /// let amounts: Vec<i32> = invoices::table
    ///     .filter(Customer::invoices.with_parent(&alice).or(invoices::amount.lt(80)))
    ///     .order(invoices::id)
    ///     .select(invoices::amount)
    ///     .load(conn)?;
    /// assert_eq!(amounts, [100, 250, 75]);
    /// # Ok(())
    /// # }
    /// ```
    fn with_parent(&self, parent: &P) -> <Self::Handle as WithParent>::Filter
    where
        Self::Handle: WithParent<Source = P>,
    {
        <Self::Handle as WithParent>::with_parent(parent)
    }

    /// The related table and the relationship's `ON` clause, for Diesel's
    /// `inner_join` / `left_join` from the source's table (SQLAlchemy's
    /// `select(Customer).join(Customer.invoices)`). A many-to-many joins
    /// the target through its association table. A self-referential
    /// relationship, or a second one into a table already in the query,
    /// needs an alias, which Diesel requires: [`join_as`](Related::join_as).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
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
    /// // Players with their team: players INNER JOIN teams ON teams.id = players.team_id
    /// let rows: Vec<(String, String)> = players::table
    ///     .inner_join(Player::team.join())
    ///     .order(players::id)
    ///     .select((players::name, teams::name))
    ///     .load(conn)?;
    /// assert_eq!(rows[2], ("Cy".to_string(), "Blues".to_string()));
    /// // Teams with each player, a team without players kept: a left join.
    /// let rows: Vec<(String, Option<String>)> = teams::table
    ///     .left_join(Team::players.join())
    ///     .order((teams::id, players::id))
    ///     .select((teams::name, players::name.nullable()))
    ///     .load(conn)?;
    /// assert_eq!(rows.len(), 3);
    /// # Ok(())
    /// # }
    /// ```
    fn join(&self) -> JoinOn<Self::Handle>
    where
        Self::Handle: Correlated<Related: JoinOnDsl> + joins::SourceTable,
    {
        joins::join::<Self::Handle>()
    }

    /// [`any`](Related::any) or [`has`](Related::has) with the related
    /// table read through `alias`, for a relationship into a table the
    /// query already has: a self-referential one, or a second relationship
    /// into one table. The condition names the alias's columns
    /// (`alias.field(employees::name)`); Diesel's `alias!` declares it.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = employees)]
    /// # #[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
    /// # #[relationship(reports: Vec<Employee>, back_populates = manager)]
    /// # pub struct Employee { pub id: i32, pub name: String, pub reports_to: Option<i32> }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// let reports = diesel::alias!(employees as reports);
    /// // Employees with a report named Barbara.
    /// let names: Vec<String> = employees::table
    ///     .filter(Employee::reports.any_as(reports, reports.field(employees::name).eq("Barbara")))
    ///     .select(employees::name)
    ///     .load(conn)?;
    /// assert_eq!(names, ["Alan"]);
    /// # Ok(())
    /// # }
    /// ```
    fn any_as<S, C>(
        &self,
        alias: diesel::query_source::Alias<S>,
        condition: C,
    ) -> AnyAs<Self::Handle, S, C>
    where
        S: Copy,
        Self::Handle: CorrelatedAs<S>,
        <Self::Handle as CorrelatedAs<S>>::Related:
            FilterDsl<<Self::Handle as CorrelatedAs<S>>::Link>,
        RowsAs<Self::Handle, S>: FilterDsl<C>,
    {
        let related = <Self::Handle as CorrelatedAs<S>>::related(alias);
        let rows = FilterDsl::filter(related, <Self::Handle as CorrelatedAs<S>>::link(alias));
        diesel::dsl::exists(FilterDsl::filter(rows, condition))
    }

    /// [`none`](Related::none) with the related table read through
    /// `alias`: `NOT EXISTS (..)`, for a collection into a table the query
    /// already has (a user none of whose followers is named Ann).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = employees)]
    /// # #[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
    /// # #[relationship(reports: Vec<Employee>, back_populates = manager)]
    /// # pub struct Employee { pub id: i32, pub name: String, pub reports_to: Option<i32> }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// let reports = diesel::alias!(employees as reports);
    /// // Employees without a report named Barbara.
    /// let names: Vec<String> = employees::table
    ///     .filter(Employee::reports.none_as(reports, reports.field(employees::name).eq("Barbara")))
    ///     .order(employees::id)
    ///     .select(employees::name)
    ///     .load(conn)?;
    /// assert!(!names.contains(&"Alan".to_string()));
    /// # Ok(())
    /// # }
    /// ```
    fn none_as<S, C>(
        &self,
        alias: diesel::query_source::Alias<S>,
        condition: C,
    ) -> NoneAs<Self::Handle, S, C>
    where
        S: Copy,
        Self::Handle: Collection + CorrelatedAs<S>,
        <Self::Handle as CorrelatedAs<S>>::Related:
            FilterDsl<<Self::Handle as CorrelatedAs<S>>::Link>,
        RowsAs<Self::Handle, S>: FilterDsl<C>,
        AnyAs<Self::Handle, S, C>: Expression<SqlType = Bool>,
    {
        diesel::dsl::not(self.any_as(alias, condition))
    }

    /// [`join`](Related::join) with the related table read through
    /// `alias`: a self-referential join (each employee with their
    /// manager), or two relationships into one table in one query. For a
    /// many-to-many the alias is the target's, joined with the association
    /// table, which is read unaliased (`people AS followers JOIN follows`):
    /// a user's followers, or a film's directors beside its actors. Two
    /// aliases of one table go in one `alias!` call (Diesel's rule).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
    /// # #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// # #[diesel(table_name = employees)]
    /// # #[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
    /// # #[relationship(reports: Vec<Employee>, back_populates = manager)]
    /// # pub struct Employee { pub id: i32, pub name: String, pub reports_to: Option<i32> }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let conn = &mut connection();
    /// let managers = diesel::alias!(employees as managers);
    /// let rows: Vec<(String, Option<String>)> = employees::table
    ///     .left_join(Employee::manager.join_as(managers))
    ///     .order(employees::id)
    ///     .select((employees::name, managers.field(employees::name).nullable()))
    ///     .load(conn)?;
    /// assert_eq!(rows[0], ("Grace".to_string(), None));
    /// assert_eq!(rows[3], ("Barbara".to_string(), Some("Alan".to_string())));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A many-to-many through an alias of its target:
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # use diesel_relations::{Related, Relations};
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
    /// let written = diesel::alias!(books as written);
    /// // authors JOIN (books AS written JOIN authors_books ON ..) ON authors_books.author_id = authors.id
    /// let rows: Vec<(String, String)> = authors::table
    ///     .inner_join(Author::books.join_as(written))
    ///     .order((authors::id, written.field(books::id)))
    ///     .select((authors::name, written.field(books::title)))
    ///     .load(conn)?;
    /// assert_eq!(rows[2], ("Bo".to_string(), "SQL".to_string()));
    /// # Ok(())
    /// # }
    /// ```
    fn join_as<S>(&self, alias: diesel::query_source::Alias<S>) -> JoinAs<Self::Handle, S>
    where
        S: Copy,
        Self::Handle: CorrelatedAs<S, Related: JoinOnDsl>,
    {
        <Self::Handle as CorrelatedAs<S>>::related(alias)
            .on(<Self::Handle as CorrelatedAs<S>>::link(alias))
    }
}

impl<P, F, H> Related<P> for F
where
    F: Fn(&P) -> H,
{
    type Handle = H;
}
