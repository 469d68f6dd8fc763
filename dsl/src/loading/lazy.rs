//! Lazy accessors: what `customer.invoices()` and `invoice.customer()` return.
//!
//! A handle holds only the key, so it borrows nothing from the model. Its
//! loaders run exactly one query; [`ToMany`] and [`ToManyThrough`] are also
//! Diesel query sources themselves (`.filter()`, `.count()`, `.limit()`,
//! `.into_boxed()` ...): the unordered query, so that aggregates work on
//! every backend.

use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Connected, Db, Load};
use crate::relationship::{
    LinkKeyed, ManyToMany, ManyToOne, ManyToOneDecl, OneToMany, OneToOne, ParentKeyed, Relationship,
};
use diesel::dsl::{AsSelect, Limit, Order, Select};
use diesel::query_dsl::methods::{
    BoxedDsl, DistinctDsl, FilterDsl, LimitDsl, OffsetDsl, OrFilterDsl, OrderDsl, SelectDsl,
    ThenOrderDsl,
};
use diesel::query_dsl::InternalJoinDsl;
use diesel::{Connection, Expression, JoinTo, QueryDsl, Selectable, SelectableHelper};
use std::future::Future;
use std::marker::PhantomData;

/// The collection side of a relationship (`customer.invoices()`).
///
/// It is a Diesel query source, the unordered query of the children: it
/// filters, selects, counts, and joins like one, along `joinable!` or along
/// another relationship:
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::Related;
/// let conn = &mut connection();
/// let alice = Customer { id: 1, name: "Alice".into() };
/// let items: Vec<(i32, String)> = alice
///     .invoices()
///     .inner_join(Invoice::lines.join())
///     .order_by(invoice_lines::id)
///     .select((invoices::id, invoice_lines::item))
///     .load(conn)?;
/// assert_eq!(items, [(1, "pens".into()), (1, "paper".into()), (2, "ink".into())]);
/// let lines: i64 = alice.invoices().inner_join(invoice_lines::table).count().get_result(conn)?;
/// assert_eq!(lines, 3);
/// # Ok(())
/// # }
/// ```
///
/// The struct asks only what the accessor needs, so that declaring a
/// relationship does not make rustc prove the Diesel bounds of its queries
/// (measured: that was a sixth of the derive's `cargo check` time); the
/// loaders below ask for them where a program uses them.
pub struct ToMany<R: ParentKeyed> {
    key: R::ParentKey,
}

impl<R: OneToMany> Clone for ToMany<R> {
    fn clone(&self) -> Self {
        ToMany {
            key: self.key.clone(),
        }
    }
}

impl<R: OneToMany> std::fmt::Debug for ToMany<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", R::full_name(), self.key)
    }
}

impl<R: ParentKeyed> ToMany<R> {
    /// The handle for the children of `source`.
    pub fn of(source: &R::Source) -> Self {
        ToMany {
            key: R::parent_key(source),
        }
    }
}

impl<R: OneToMany> ToMany<R> {
    pub(crate) fn from_key(key: R::Key) -> Self {
        ToMany { key }
    }

    /// The parent key the children's foreign key holds.
    pub fn key(&self) -> &R::Key {
        &self.key
    }

    /// The Diesel query for the children, without ordering: add `.filter()`,
    /// `.count()`, `.select()` as with any Diesel query.
    pub fn query(&self) -> R::Query {
        R::query(self.key.clone())
    }

    /// The Diesel query for the children, in the relationship's `order_by`.
    pub fn ordered(&self) -> Order<R::Query, R::Order>
    where
        R::Query: OrderDsl<R::Order>,
    {
        OrderDsl::order(self.query(), R::order())
    }

    /// Loads the children in the relationship's `order_by`, in one query.
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<R::Target>>
    where
        C: Connection + Send,
        Self: LoadIn<C, Blocking, Output = Vec<R::Target>>,
    {
        block(self.load_in(conn))
    }

    /// [`ToMany::load`] on a `diesel_async` connection:
    /// (feature `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let alice = Customer { id: 1, name: "Alice".into() };
    /// let invoices = alice.invoices().load_async(conn).await?;
    /// assert_eq!(invoices.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 2]);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn load_async<'a, C>(
        self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<Vec<R::Target>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        Self: LoadIn<C, crate::exec::Async, Output = Vec<R::Target>> + 'a,
    {
        self.load_in(conn)
    }
}

/// Each handle's one query, written once for every mode ([`crate::exec`]):
/// the synchronous `load`/`get` run it with [`block`], the asynchronous ones
/// (feature `async`) await it.
#[doc(hidden)]
pub trait LoadIn<C, M>: Sized {
    /// `Vec<Target>` for a collection, the scalar's output otherwise.
    type Output;
    /// The load, as a future of mode `M`.
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Self::Output>> + Send + '_;
}

/// A collection's children in its order, selecting the target.
type OrderedChildren<R, DB> = Select<
    Order<<R as OneToMany>::Query, <R as OneToMany>::Order>,
    AsSelect<<R as Relationship>::Target, DB>,
>;

impl<R, C, M> LoadIn<C, M> for ToMany<R>
where
    R: OneToMany,
    C: Connected<M> + Load<M, OrderedChildren<R, Db<C, M>>, R::Target>,
    R::Target: Selectable<Db<C, M>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::Query: OrderDsl<R::Order>,
    Order<R::Query, R::Order>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    type Output = Vec<R::Target>;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Vec<R::Target>>> + Send + '_ {
        async move {
            let query = SelectDsl::select(self.ordered(), R::Target::as_select());
            conn.all(query)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
        }
    }
}

/// Makes a collection handle a Diesel query source: `.filter(..)`,
/// `.count()`, `.select(..)`, `.limit(..)`, `.into_boxed()` and the rest of
/// `QueryDsl` act on its unordered query (`handle.query()`).
macro_rules! query_source {
    ($handle:ident: $kind:ident) => {
        query_source!(@each $handle: $kind;
            FilterDsl<P>::filter(predicate: P);
            OrFilterDsl<P>::or_filter(predicate: P);
            ThenOrderDsl<E>::then_order_by(expr: E);
            LimitDsl<>::limit(limit: i64);
            OffsetDsl<>::offset(offset: i64);
        );

        impl<R: $kind, S: Expression> SelectDsl<S> for $handle<R>
        where
            R::Query: SelectDsl<S>,
        {
            type Output = <R::Query as SelectDsl<S>>::Output;
            fn select(self, selection: S) -> Self::Output {
                SelectDsl::select(self.query(), selection)
            }
        }

        impl<R: $kind, E: Expression> OrderDsl<E> for $handle<R>
        where
            R::Query: OrderDsl<E>,
        {
            type Output = <R::Query as OrderDsl<E>>::Output;
            fn order(self, expr: E) -> Self::Output {
                OrderDsl::order(self.query(), expr)
            }
        }

        impl<R: $kind> DistinctDsl for $handle<R>
        where
            R::Query: DistinctDsl,
        {
            type Output = <R::Query as DistinctDsl>::Output;
            fn distinct(self) -> Self::Output {
                DistinctDsl::distinct(self.query())
            }
        }

        impl<'a, R: $kind, DB> BoxedDsl<'a, DB> for $handle<R>
        where
            R::Query: BoxedDsl<'a, DB>,
        {
            type Output = <R::Query as BoxedDsl<'a, DB>>::Output;
            fn internal_into_boxed(self) -> Self::Output {
                BoxedDsl::internal_into_boxed(self.query())
            }
        }

        // `.inner_join(..)` and `.left_join(..)`: Diesel asks the source
        // for its implicit ON clause (`JoinTo`) and for the join itself
        // (`InternalJoinDsl`); both are the unordered query's.
        impl<R: $kind, Rhs> JoinTo<Rhs> for $handle<R>
        where
            R::Query: JoinTo<Rhs>,
        {
            type FromClause = <R::Query as JoinTo<Rhs>>::FromClause;
            type OnClause = <R::Query as JoinTo<Rhs>>::OnClause;
            fn join_target(rhs: Rhs) -> (Self::FromClause, Self::OnClause) {
                <R::Query as JoinTo<Rhs>>::join_target(rhs)
            }
        }

        impl<R: $kind, Rhs, Kind, On> InternalJoinDsl<Rhs, Kind, On> for $handle<R>
        where
            R::Query: InternalJoinDsl<Rhs, Kind, On>,
        {
            type Output = <R::Query as InternalJoinDsl<Rhs, Kind, On>>::Output;
            fn join(self, rhs: Rhs, kind: Kind, on: On) -> Self::Output {
                InternalJoinDsl::join(self.query(), rhs, kind, on)
            }
        }

        impl<R: $kind> QueryDsl for $handle<R> {}
    };
    (@each $handle:ident: $kind:ident; $($trait:ident<$($param:ident),*> :: $method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        impl<R: $kind, $($param),*> $trait<$($param),*> for $handle<R>
        where
            R::Query: $trait<$($param),*>,
        {
            type Output = <R::Query as $trait<$($param),*>>::Output;
            fn $method(self, $($arg: $ty),*) -> Self::Output {
                $trait::$method(self.query(), $($arg),*)
            }
        }
    )*};
}

query_source!(ToMany: OneToMany);

/// The scalar side of a relationship (`invoice.customer()`).
pub struct ToOne<R: ManyToOneDecl> {
    key: Option<R::Key>,
    rel: PhantomData<R>,
}

impl<R: ManyToOne> Clone for ToOne<R> {
    fn clone(&self) -> Self {
        ToOne {
            key: self.key.clone(),
            rel: PhantomData,
        }
    }
}

impl<R: ManyToOne> std::fmt::Debug for ToOne<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", R::full_name(), self.key)
    }
}

impl<R: ManyToOneDecl> ToOne<R> {
    /// The handle for the target of `source`.
    pub fn of(source: &R::Source) -> Self {
        ToOne {
            key: R::foreign_key(source),
            rel: PhantomData,
        }
    }
}

impl<R: ManyToOne> ToOne<R> {
    /// The foreign key's value, `None` when it is NULL.
    pub fn key(&self) -> Option<&R::Key> {
        self.key.as_ref()
    }

    /// The Diesel query for the target, `None` when the foreign key is NULL.
    pub fn query(&self) -> Option<R::Query> {
        self.key.clone().map(R::query)
    }

    /// Loads the target in one query (none when the foreign key is NULL).
    ///
    /// A foreign key pointing at a missing row is
    /// [`RelationError::MissingTarget`], never a silent `None`.
    pub fn get<C>(self, conn: &mut C) -> Result<R::Output>
    where
        C: Connection + Send,
        Self: LoadIn<C, Blocking, Output = R::Output>,
    {
        block(self.load_in(conn))
    }

    /// [`ToOne::get`] on a `diesel_async` connection:
    /// (feature `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let invoice = Invoice { id: 3, custid: 2, amount: 7 };
    /// let owner: Customer = invoice.customer().get_async(conn).await?;
    /// assert_eq!(owner.name, "Bob");
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn get_async<'a, C>(
        self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<R::Output>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        Self: LoadIn<C, crate::exec::Async, Output = R::Output> + 'a,
    {
        self.load_in(conn)
    }
}

/// A scalar's target by key, selecting it.
type TargetByKey<R, DB> =
    Select<<R as ManyToOne>::Query, AsSelect<<R as Relationship>::Target, DB>>;

impl<R, C, M> LoadIn<C, M> for ToOne<R>
where
    R: ManyToOne,
    R::Output: Send,
    C: Connected<M> + Load<M, TargetByKey<R, Db<C, M>>, R::Target>,
    R::Target: Selectable<Db<C, M>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::Query: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    type Output = R::Output;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<R::Output>> + Send + '_ {
        async move {
            let Some(key) = self.key else {
                return R::null().ok_or(RelationError::NullForeignKey {
                    relationship: R::full_name(),
                    foreign_key: R::FOREIGN_KEY,
                });
            };
            let query = SelectDsl::select(R::query(key.clone()), R::Target::as_select());
            let mut found = conn
                .all(query)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))?;
            // The key is the target's primary key (or a UNIQUE column): one
            // row at most.
            match found.pop() {
                Some(target) => Ok(R::found(target)),
                None => Err(RelationError::MissingTarget {
                    relationship: R::full_name(),
                    target: R::target_name(),
                    target_key: R::TARGET_KEY,
                    foreign_key: R::FOREIGN_KEY,
                    key: format!("{key:?}"),
                }),
            }
        }
    }
}

/// The scalar side of a one-to-one without the foreign key
/// (`parent.favourite()`): the target row whose UNIQUE foreign key holds
/// this source's key.
pub struct ToOneReverse<R: ParentKeyed> {
    pub(crate) key: R::ParentKey,
}

impl<R: OneToOne> Clone for ToOneReverse<R> {
    fn clone(&self) -> Self {
        ToOneReverse {
            key: self.key.clone(),
        }
    }
}

impl<R: OneToOne> std::fmt::Debug for ToOneReverse<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", R::full_name(), self.key)
    }
}

impl<R: ParentKeyed> ToOneReverse<R> {
    /// The handle for the target of `source`.
    pub fn of(source: &R::Source) -> Self {
        ToOneReverse {
            key: R::parent_key(source),
        }
    }
}

impl<R: OneToOne> ToOneReverse<R> {
    /// The Diesel query for the target row(s).
    pub fn query(&self) -> R::Query {
        R::query(self.key.clone())
    }

    /// Loads the target in one query. Two rows found is
    /// [`RelationError::MultipleRows`], never a silent first row; none found
    /// is `None` where optional and [`RelationError::MissingTarget`] where
    /// declared required.
    pub fn get<C>(self, conn: &mut C) -> Result<R::Output>
    where
        C: Connection + Send,
        Self: LoadIn<C, Blocking, Output = R::Output>,
    {
        block(self.load_in(conn))
    }

    /// [`ToOneReverse::get`] on a `diesel_async` connection:
    /// (feature `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # use diesel_relations::Relations;
    /// #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = parents)]
    /// #[relationship(favourite: Option<Favourite>, back_populates = parent)]
    /// pub struct Parent { pub id: i32, pub name: String }
    ///
    /// #[derive(Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = favourites)]
    /// #[relationship(parent: Parent, foreign_key = parent_id, back_populates = favourite)]
    /// pub struct Favourite { pub id: i32, pub parent_id: i32, pub name: String }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let pat = Parent { id: 1, name: "Pat".into() };
    /// let favourite: Option<Favourite> = pat.favourite().get_async(conn).await?;
    /// assert_eq!(favourite.map(|f| f.name).as_deref(), Some("kite"));
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn get_async<'a, C>(
        self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<R::Output>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        Self: LoadIn<C, crate::exec::Async, Output = R::Output> + 'a,
    {
        self.load_in(conn)
    }
}

/// A one-to-one's target rows, two at most, selecting them.
type ReverseTarget<R, DB> =
    Select<Limit<<R as OneToMany>::Query>, AsSelect<<R as Relationship>::Target, DB>>;

impl<R, C, M> LoadIn<C, M> for ToOneReverse<R>
where
    R: OneToOne,
    R::Output: Send,
    C: Connected<M> + Load<M, ReverseTarget<R, Db<C, M>>, R::Target>,
    R::Target: Selectable<Db<C, M>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::Query: diesel::query_dsl::methods::LimitDsl,
    Limit<R::Query>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    type Output = R::Output;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<R::Output>> + Send + '_ {
        // LIMIT 2: enough to tell one row from several.
        async move {
            let query = SelectDsl::select(self.query().limit(2), R::Target::as_select());
            let mut rows: Vec<R::Target> = conn
                .all(query)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))?;
            match rows.len() {
                0 => R::absent().ok_or_else(|| RelationError::MissingTarget {
                    relationship: R::full_name(),
                    target: R::target_name(),
                    target_key: R::FOREIGN_KEY,
                    foreign_key: R::FOREIGN_KEY,
                    key: format!("{:?}", self.key),
                }),
                1 => Ok(R::found(rows.remove(0))),
                _ => Err(RelationError::MultipleRows {
                    relationship: R::full_name(),
                    target: R::target_name(),
                    foreign_key: R::FOREIGN_KEY,
                    key: format!("{:?}", self.key),
                    count: rows.len(),
                }),
            }
        }
    }
}

/// The collection side of a many-to-many (`book.authors()`).
pub struct ToManyThrough<R: LinkKeyed> {
    key: R::SourceKey,
}

impl<R: ManyToMany> Clone for ToManyThrough<R> {
    fn clone(&self) -> Self {
        ToManyThrough {
            key: self.key.clone(),
        }
    }
}

impl<R: ManyToMany> std::fmt::Debug for ToManyThrough<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", R::full_name(), self.key)
    }
}

impl<R: LinkKeyed> ToManyThrough<R> {
    /// The handle for the targets linked to `source`.
    pub fn of(source: &R::Source) -> Self {
        ToManyThrough {
            key: R::source_key(source),
        }
    }
}

impl<R: ManyToMany> ToManyThrough<R> {
    /// The source's value the association rows hold: its primary key, or
    /// the UNIQUE column the declaration's `references` names.
    pub fn key(&self) -> &R::SourceKey {
        &self.key
    }

    /// The Diesel query for the linked targets, without ordering.
    pub fn query(&self) -> R::Query {
        R::query(self.key.clone())
    }

    /// The Diesel query for the linked targets, in the relationship's
    /// `order_by`. Where the `order_by` names a column of the association
    /// table, this query joins it and returns a target once per association
    /// row ([`ToManyThrough::load`] keeps the first).
    pub fn ordered(&self) -> Order<R::Loaded, R::Order>
    where
        R::Loaded: OrderDsl<R::Order>,
    {
        OrderDsl::order(R::loaded(self.key.clone()), R::order())
    }

    /// Loads the linked targets in the relationship's `order_by`, in one
    /// query, each once (where it is linked twice, at its first place in
    /// the order).
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<R::Target>>
    where
        C: Connection + Send,
        Self: LoadIn<C, Blocking, Output = Vec<R::Target>>,
    {
        block(self.load_in(conn))
    }

    /// [`ToManyThrough::load`] on a `diesel_async` connection:
    /// (feature `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let rust = Book { id: 1, title: "Rust".into() };
    /// let authors: Vec<Author> = rust.authors().load_async(conn).await?;
    /// assert_eq!(authors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Ann", "Bo"]);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn load_async<'a, C>(
        self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<Vec<R::Target>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        Self: LoadIn<C, crate::exec::Async, Output = Vec<R::Target>> + 'a,
    {
        self.load_in(conn)
    }
}

/// A many-to-many's targets in its order, selecting them.
type OrderedThrough<R, DB> = Select<
    Order<<R as ManyToMany>::Loaded, <R as ManyToMany>::Order>,
    AsSelect<<R as Relationship>::Target, DB>,
>;

impl<R, C, M> LoadIn<C, M> for ToManyThrough<R>
where
    R: ManyToMany,
    C: Connected<M> + Load<M, OrderedThrough<R, Db<C, M>>, R::Target>,
    R::Target: Selectable<Db<C, M>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    R::Loaded: OrderDsl<R::Order>,
    Order<R::Loaded, R::Order>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    type Output = Vec<R::Target>;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Vec<R::Target>>> + Send + '_ {
        async move {
            let query = SelectDsl::select(self.ordered(), R::Target::as_select());
            let mut targets = conn
                .all(query)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::SECONDARY, e))?;
            if R::JOINED {
                let mut seen = std::collections::HashSet::with_capacity(targets.len());
                targets.retain(|t: &R::Target| seen.insert(R::target_key(t)));
            }
            Ok(targets)
        }
    }
}

query_source!(ToManyThrough: ManyToMany);
