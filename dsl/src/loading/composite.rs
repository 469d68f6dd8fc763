//! Loads through a composite foreign key (`foreign_key = (order_id,
//! line_no)`): the handle [`ToOneRow`] of a many-to-one whose key is
//! several columns, its lazy load (`(a = ? AND b = ?)`, [`RowEq`]) and
//! its eager load (one query per chunk of distinct keys, `(a, b) IN
//! (keys)` as [`crate::rows::RowIn`] renders it on each backend); and
//! [`ToManyRows`], the collection on the parent, loaded the same two ways
//! and grouped by the tuple of foreign key values.
//!
//! Apart from `lazy` and `eager`, whose single-column handles it leaves
//! as they are: a declaration of one column costs what it did.

use crate::eager::{chunk_size, Fetch, Node};
use crate::error::{RelationError, Result};
use crate::exec::{block, Connected, Db, Load};
use crate::keys::KeyList;
use crate::lazy::LoadIn;
use crate::relationship::{
    Many, ManyToOneRowDecl, Model, OneToManyRowDecl, OrderBy, Relationship, Shape,
};
use crate::rows::{key_chunk, pk_in, PkIn, RowEq, RowIn};
use diesel::dsl::{AsSelect, Filter, Order, Select};
use diesel::query_dsl::methods::{FilterDsl, OrderDsl, SelectDsl};
use diesel::{Connection, Expression, Selectable, SelectableHelper, Table};
use std::future::Future;
use std::marker::PhantomData;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

type TargetOf<R> = <R as Relationship>::Target;
type TargetKey<R> = <TargetOf<R> as Model>::Key;
type TargetTable<R> = <TargetOf<R> as Model>::Table;
type TargetPk<R> = <TargetTable<R> as Table>::PrimaryKey;

/// The target row with one key: `WHERE (a = ? AND b = ?)`.
pub type RowQuery<R> = Filter<TargetTable<R>, RowEq<TargetPk<R>, TargetKey<R>>>;
/// The targets of many keys: `WHERE (a, b) IN (keys)`.
pub type RowsQuery<R> = Filter<TargetTable<R>, PkIn<TargetOf<R>>>;

/// The scalar side of a many-to-one through a composite foreign key
/// (`note.order_line()`): what the derive's accessor returns for
/// `foreign_key = (a, b)`. Holds the key, borrows nothing.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::Relations;
///
/// // authors_books keyed by both columns; signoffs references it by both.
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id), back_populates = authorship)]
/// pub struct Authorship {
///     pub author_id: i32,
///     pub book_id: i32,
/// }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
/// #[diesel(table_name = signoffs)]
/// #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
/// pub struct Signoff {
///     pub id: i32,
///     pub author_id: i32,
///     pub book_id: i32,
///     pub note: String,
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::eager::Eager;
/// let conn = &mut connection();
/// let signed = vec![
///     Signoff { id: 1, author_id: 2, book_id: 1, note: "checked".into() },
///     Signoff { id: 2, author_id: 1, book_id: 1, note: "ok".into() },
/// ];
/// diesel::insert_into(signoffs::table).values(&signed).execute(conn)?;
/// let note = signed[0].clone();
/// // The authors_books row (2, 1): one query, `author_id = 2 AND book_id = 1`.
/// let link: Authorship = note.authorship().get(conn)?;
/// assert_eq!((link.author_id, link.book_id), (2, 1));
/// // A page of sign-offs with their rows: one query, `(author_id, book_id) IN (..)`.
/// let pages = signed.eager(conn, Signoff::authorship)?;
/// assert_eq!(pages[1].related.author_id, 1);
/// # Ok(())
/// # }
/// ```
pub struct ToOneRow<R: ManyToOneRowDecl> {
    key: Option<TargetKey<R>>,
    rel: PhantomData<fn() -> R>,
}

impl<R: ManyToOneRowDecl> Clone for ToOneRow<R> {
    fn clone(&self) -> Self {
        ToOneRow {
            key: self.key.clone(),
            rel: PhantomData,
        }
    }
}

impl<R: ManyToOneRowDecl> std::fmt::Debug for ToOneRow<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", R::full_name(), self.key)
    }
}

impl<R: ManyToOneRowDecl> ToOneRow<R> {
    /// The handle for the target of `source`.
    pub fn of(source: &R::Source) -> Self {
        ToOneRow {
            key: R::foreign_key(source),
            rel: PhantomData,
        }
    }

    /// The foreign key's values, `None` when a column is NULL.
    pub fn key(&self) -> Option<&TargetKey<R>> {
        self.key.as_ref()
    }

    /// The Diesel query for the target, `None` when the key is NULL.
    pub fn query(&self) -> Option<RowQuery<R>>
    where
        TargetTable<R>: FilterDsl<RowEq<TargetPk<R>, TargetKey<R>>>,
    {
        self.key.clone().map(row_query::<R>)
    }

    /// Loads the target in one query (none when the key is NULL). A key
    /// that matches no row is [`RelationError::MissingTarget`].
    pub fn get<C>(self, conn: &mut C) -> Result<<R::Shape as Shape>::Out<R::Target>>
    where
        C: Connection + Send,
        Self: LoadIn<C, crate::exec::Blocking, Output = <R::Shape as Shape>::Out<R::Target>>,
    {
        block(self.load_in(conn))
    }
}

fn row_query<R>(key: TargetKey<R>) -> RowQuery<R>
where
    R: ManyToOneRowDecl,
    TargetTable<R>: FilterDsl<RowEq<TargetPk<R>, TargetKey<R>>>,
{
    let pk = Table::primary_key(&<TargetTable<R> as Default>::default());
    FilterDsl::filter(<TargetTable<R> as Default>::default(), RowEq::new(pk, key))
}

/// The error of a key that matches no row (the lazy load's and the joined
/// load's).
pub(crate) fn missing<R: ManyToOneRowDecl>(key: &TargetKey<R>) -> RelationError {
    RelationError::MissingTarget {
        relationship: R::full_name(),
        target: R::target_name(),
        target_key: <R::Target as Model>::PRIMARY_KEY
            .first()
            .map_or("", |k| k.name),
        foreign_key: R::FOREIGN_KEY,
        key: format!("{key:?}"),
    }
}

/// The error of a NULL key where the relationship is required.
pub(crate) fn null<R: ManyToOneRowDecl>() -> RelationError {
    RelationError::NullForeignKey {
        relationship: R::full_name(),
        foreign_key: R::FOREIGN_KEY,
    }
}

impl<R, C, M> LoadIn<C, M> for ToOneRow<R>
where
    R: ManyToOneRowDecl,
    <R::Shape as Shape>::Out<R::Target>: Send,
    TargetTable<R>: FilterDsl<RowEq<TargetPk<R>, TargetKey<R>>>,
    C: Connected<M> + Load<M, Select<RowQuery<R>, AsSelect<R::Target, Db<C, M>>>, R::Target>,
    R::Target: Selectable<Db<C, M>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    RowQuery<R>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    type Output = <R::Shape as Shape>::Out<R::Target>;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Self::Output>> + Send + '_ {
        async move {
            let Some(key) = self.key else {
                return <R::Shape as Shape>::from_option(None).ok_or_else(null::<R>);
            };
            let query = SelectDsl::select(row_query::<R>(key.clone()), R::Target::as_select());
            let mut found = conn
                .all(query)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))?;
            match found.pop() {
                Some(target) => Ok(<R::Shape as Shape>::found(target)),
                None => Err(missing::<R>(&key)),
            }
        }
    }
}

/// The targets of many sources' composite keys, by key, one query per
/// chunk of distinct keys (MySQL's chunks count each column's bind).
fn targets_by_key<'a, R, C, M>(
    conn: &'a mut C,
    sources: &'a [R::Source],
) -> impl Future<Output = Result<HashMap<TargetKey<R>, R::Target>>> + Send + 'a
where
    R: ManyToOneRowDecl,
    R::Source: Sync,
    R::Target: Selectable<Db<C, M>> + Send,
    C: Connected<M> + Load<M, Select<RowsQuery<R>, AsSelect<R::Target, Db<C, M>>>, R::Target>,
    Db<C, M>: KeyList,
    TargetTable<R>: FilterDsl<PkIn<R::Target>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    RowsQuery<R>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    async move {
        let mut seen: HashSet<TargetKey<R>> = HashSet::default();
        let distinct: Vec<TargetKey<R>> = sources
            .iter()
            .filter_map(R::foreign_key)
            .filter(|k| seen.insert(k.clone()))
            .collect();
        drop(seen);
        let mut found = HashMap::with_capacity_and_hasher(distinct.len(), Default::default());
        let err: fn(_) -> _ = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        let size = key_chunk::<R::Target, Db<C, M>>(chunk_size::<Db<C, M>>());
        for chunk in crate::keys::chunks::<Db<C, M>, _>(&distinct, size) {
            let query = FilterDsl::filter(
                <TargetTable<R> as Default>::default(),
                pk_in::<R::Target>(chunk.to_vec()),
            );
            let query = SelectDsl::select(query, R::Target::as_select());
            Load::<M, _, R::Target>::each(conn, query, err, |row| {
                found.insert(row.primary_key(), row);
                Ok(())
            })
            .await?;
        }
        Ok(found)
    }
}

/// A source's target, shaped: a copy of the loaded row, `None` for a NULL
/// key where optional, else the error.
fn shaped<R: ManyToOneRowDecl>(
    found: &HashMap<TargetKey<R>, R::Target>,
    source: &R::Source,
) -> Result<<R::Shape as Shape>::Out<R::Target>>
where
    R::Target: Clone,
{
    let target = match R::foreign_key(source) {
        None => None,
        Some(key) => Some(found.get(&key).cloned().ok_or_else(|| missing::<R>(&key))?),
    };
    <R::Shape as Shape>::from_option(target).ok_or_else(null::<R>)
}

impl<R, C, M> Fetch<R::Source, C, M> for ToOneRow<R>
where
    R: ManyToOneRowDecl,
    R::Source: Send + Sync,
    R::Target: Clone + Selectable<Db<C, M>> + Send + Sync,
    C: Connected<M> + Load<M, Select<RowsQuery<R>, AsSelect<R::Target, Db<C, M>>>, R::Target>,
    Db<C, M>: KeyList,
    TargetTable<R>: FilterDsl<PkIn<R::Target>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    RowsQuery<R>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
    <R::Shape as Shape>::Out<R::Target>: Send,
{
    type Target = R::Target;
    type Shape = R::Shape;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<<R::Shape as Shape>::Out<R::Target>>>> + Send + 'a {
        async move {
            let found = targets_by_key::<R, C, M>(conn, sources).await?;
            sources.iter().map(|s| shaped::<R>(&found, s)).collect()
        }
    }

    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, <R::Shape as Shape>::Out<R::Target>>>>>
           + Send
           + 'a
    where
        R::Source: 'a,
    {
        async move {
            let found = targets_by_key::<R, C, M>(conn, &sources).await?;
            sources
                .into_iter()
                .map(|row| {
                    let related = shaped::<R>(&found, &row)?;
                    Ok(Node { row, related })
                })
                .collect()
        }
    }
}

type SourceKey<R> = <<R as Relationship>::Source as Model>::Key;
type ChildFk<R> = <R as OneToManyRowDecl>::ForeignKey;
/// The collection's order: its `order_by`, or the target's key.
type ChildOrder<R> = <<R as OneToManyRowDecl>::Order as OrderBy>::Expr;
/// A parent's children, unordered: `WHERE (fk_a = ? AND fk_b = ?)`.
pub type ChildrenQuery<R> = Filter<TargetTable<R>, RowEq<ChildFk<R>, SourceKey<R>>>;
/// Many parents' children, in the collection's order (its `order_by`, or
/// the target's key): `WHERE (fk_a, fk_b) IN (keys) ORDER BY ..`.
pub type ChildrenOfMany<R> =
    Order<Filter<TargetTable<R>, RowIn<ChildFk<R>, SourceKey<R>>>, ChildOrder<R>>;

/// The collection side of a composite foreign key (`line.notes()`): the
/// target rows whose foreign key columns hold this source's composite
/// primary key, in the target's key order. What the derive's accessor
/// returns for `foreign_key = (children::a, children::b)` on the parent.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::Relations;
///
/// // authors_books keyed by both columns; signoffs references it by both.
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id), back_populates = authorship)]
/// pub struct Authorship {
///     pub author_id: i32,
///     pub book_id: i32,
/// }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
/// #[diesel(table_name = signoffs)]
/// #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
/// pub struct Signoff {
///     pub id: i32,
///     pub author_id: i32,
///     pub book_id: i32,
///     pub note: String,
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::eager::Eager;
/// let conn = &mut connection();
/// let signed = vec![
///     Signoff { id: 1, author_id: 2, book_id: 1, note: "checked".into() },
///     Signoff { id: 2, author_id: 1, book_id: 1, note: "ok".into() },
/// ];
/// diesel::insert_into(signoffs::table).values(&signed).execute(conn)?;
/// let link = Authorship { author_id: 2, book_id: 1 };
/// let notes: Vec<Signoff> = link.signoffs().load(conn)?;
/// assert_eq!(notes.iter().map(|n| n.id).collect::<Vec<_>>(), [1]);
/// // Every link's sign-offs: one query, `(author_id, book_id) IN (..)`.
/// let links = vec![Authorship { author_id: 1, book_id: 1 }, link, Authorship { author_id: 2, book_id: 2 }];
/// let pages = links.eager(conn, Authorship::signoffs)?;
/// assert_eq!(pages.iter().map(|p| p.related.len()).collect::<Vec<_>>(), [1, 1, 0]);
/// # Ok(())
/// # }
/// ```
pub struct ToManyRows<R: OneToManyRowDecl> {
    key: SourceKey<R>,
    rel: PhantomData<fn() -> R>,
}

key_handle!(ToManyRows: OneToManyRowDecl, of = " The handle for the children of `source`.", key = " The parent key the children's foreign key columns hold.");

impl<R: OneToManyRowDecl> ToManyRows<R> {
    /// The Diesel query for the children, unordered.
    pub fn query(&self) -> ChildrenQuery<R>
    where
        TargetTable<R>: FilterDsl<RowEq<ChildFk<R>, SourceKey<R>>>,
    {
        FilterDsl::filter(
            <TargetTable<R> as Default>::default(),
            RowEq::new(ChildFk::<R>::default(), self.key.clone()),
        )
    }

    /// Loads the children in the collection's order (its `order_by`, or
    /// the target's key), in one query.
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<R::Target>>
    where
        C: Connection + Send,
        Self: LoadIn<C, crate::exec::Blocking, Output = Vec<R::Target>>,
    {
        block(self.load_in(conn))
    }

    /// [`ToManyRows::load`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// use diesel_relations::Relations;
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
    /// #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id),
    ///                back_populates = authorship, order_by = signoffs::note)]
    /// pub struct Authorship {
    ///     pub author_id: i32,
    ///     pub book_id: i32,
    /// }
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = signoffs)]
    /// #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
    /// pub struct Signoff {
    ///     pub id: i32,
    ///     pub author_id: i32,
    ///     pub book_id: i32,
    ///     pub note: String,
    /// }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let link = Authorship { author_id: 2, book_id: 1 };
    /// link.signoffs().insert_async(conn, [
    ///     (signoffs::id.eq(1), signoffs::note.eq("zz")),
    ///     (signoffs::id.eq(2), signoffs::note.eq("aa")),
    /// ]).await?;
    /// // In order_by order: the note "aa" first.
    /// let notes = link.signoffs().load_async(conn).await?;
    /// assert_eq!(notes.iter().map(|n| n.id).collect::<Vec<_>>(), [2, 1]);
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

/// One parent's children in the collection's order, selecting the target.
type OrderedChildren<R, DB> =
    Select<Order<ChildrenQuery<R>, ChildOrder<R>>, AsSelect<TargetOf<R>, DB>>;

impl<R, C, M> LoadIn<C, M> for ToManyRows<R>
where
    R: OneToManyRowDecl,
    R::Target: Send,
    TargetTable<R>: FilterDsl<RowEq<ChildFk<R>, SourceKey<R>>>,
    ChildOrder<R>: Expression,
    ChildrenQuery<R>: OrderDsl<ChildOrder<R>>,
    Order<ChildrenQuery<R>, ChildOrder<R>>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
    C: Connected<M> + Load<M, OrderedChildren<R, Db<C, M>>, R::Target>,
    R::Target: Selectable<Db<C, M>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
{
    type Output = Vec<R::Target>;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Vec<R::Target>>> + Send + '_ {
        async move {
            let order = <R::Order as OrderBy>::expr();
            let query =
                SelectDsl::select(OrderDsl::order(self.query(), order), R::Target::as_select());
            conn.all(query)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
        }
    }
}

impl<R, C, M> Fetch<R::Source, C, M> for ToManyRows<R>
where
    R: OneToManyRowDecl,
    R::Source: Send + Sync,
    R::Target: Clone + Selectable<Db<C, M>> + Send + Sync,
    C: Connected<M> + Load<M, Select<ChildrenOfMany<R>, AsSelect<R::Target, Db<C, M>>>, R::Target>,
    Db<C, M>: KeyList,
    TargetTable<R>: FilterDsl<RowIn<ChildFk<R>, SourceKey<R>>>,
    ChildOrder<R>: Expression,
    Filter<TargetTable<R>, RowIn<ChildFk<R>, SourceKey<R>>>: OrderDsl<ChildOrder<R>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    ChildrenOfMany<R>: SelectDsl<AsSelect<R::Target, Db<C, M>>>,
{
    type Target = R::Target;
    type Shape = Many;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a {
        async move {
            let mut seen: HashSet<SourceKey<R>> = HashSet::default();
            let keys: Vec<SourceKey<R>> = sources
                .iter()
                .map(Model::primary_key)
                .filter(|k| seen.insert(k.clone()))
                .collect();
            drop(seen);
            // Each parent's children, in the order the query returns them
            // (the collection's).
            let mut groups: HashMap<SourceKey<R>, Vec<R::Target>> =
                HashMap::with_capacity_and_hasher(keys.len(), Default::default());
            let err: fn(_) -> _ = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
            let size = key_chunk::<R::Source, Db<C, M>>(chunk_size::<Db<C, M>>());
            for chunk in crate::keys::chunks::<Db<C, M>, _>(&keys, size) {
                let query = {
                    let order = <R::Order as OrderBy>::expr();
                    let keys = RowIn::new(ChildFk::<R>::default(), chunk.to_vec());
                    let query = FilterDsl::filter(<TargetTable<R> as Default>::default(), keys);
                    SelectDsl::select(OrderDsl::order(query, order), R::Target::as_select())
                };
                Load::<M, _, R::Target>::each(conn, query, err, |child| {
                    if let Some(key) = R::parent_key_of(&child) {
                        groups.entry(key).or_default().push(child);
                    }
                    Ok(())
                })
                .await?;
            }
            // A parent listed twice gets its children twice: each source
            // its own copy, the last one taking the loaded rows.
            let mut wanted: HashMap<SourceKey<R>, usize> = HashMap::default();
            for s in sources {
                *wanted.entry(s.primary_key()).or_default() += 1;
            }
            let mut out = Vec::with_capacity(sources.len());
            for s in sources {
                let key = s.primary_key();
                let left = wanted.get_mut(&key).map_or(0, |n| {
                    *n -= 1;
                    *n
                });
                let children = if left == 0 {
                    groups.remove(&key).unwrap_or_default()
                } else {
                    groups.get(&key).map_or_else(Vec::new, |c| c.clone())
                };
                out.push(children);
            }
            Ok(out)
        }
    }

    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, Vec<R::Target>>>>> + Send + 'a
    where
        R::Source: 'a,
    {
        async move {
            let related = Self::fetch(conn, &sources).await?;
            Ok(crate::eager::nodes(sources, related))
        }
    }
}
