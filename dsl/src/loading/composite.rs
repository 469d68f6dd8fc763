//! Loads through a composite foreign key (`foreign_key = (order_id,
//! line_no)`): the handle [`ToOneRow`] of a many-to-one whose key is
//! several columns, its lazy load (`(a = ? AND b = ?)`, [`RowEq`]) and
//! its eager load (one query per chunk of distinct keys, `(a, b) IN
//! (keys)` as [`crate::rows::RowIn`] renders it on each backend).
//!
//! Apart from `lazy` and `eager`, whose single-column handles it leaves
//! as they are: a declaration of one column costs what it did.

use crate::eager::{chunk_size, Fetch, Node};
use crate::error::{RelationError, Result};
use crate::exec::{block, Connected, Db, Load};
use crate::keys::KeyList;
use crate::lazy::LoadIn;
use crate::relationship::{ManyToOneRowDecl, Model, Relationship, Shape};
use crate::rows::{key_chunk, pk_in, PkIn, RowEq};
use diesel::dsl::{AsSelect, Filter, Select};
use diesel::query_dsl::methods::{FilterDsl, SelectDsl};
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
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::eager::Eager;
/// let conn = &mut connection();
/// let note = Signoff { id: 1, author_id: 2, book_id: 1, note: "checked".into() };
/// // The authors_books row (2, 1): one query, `author_id = 2 AND book_id = 1`.
/// let link: Authorship = note.authorship().get(conn)?;
/// assert_eq!((link.author_id, link.book_id), (2, 1));
/// // A page of sign-offs with their rows: one query, `(author_id, book_id) IN (..)`.
/// let notes = vec![note.clone(), Signoff { id: 2, author_id: 1, book_id: 1, note: "ok".into() }];
/// let pages = notes.eager(conn, Signoff::authorship)?;
/// assert_eq!(pages[1].related.author_id, 1);
/// # Ok(())
/// # }
/// ```
pub struct ToOneRow<R: ManyToOneRowDecl> {
    key: Option<TargetKey<R>>,
    rel: PhantomData<R>,
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

fn missing<R: ManyToOneRowDecl>(key: &TargetKey<R>) -> RelationError {
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

fn null<R: ManyToOneRowDecl>() -> RelationError {
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
            let table = <TargetTable<R> as Default>::default();
            let query = FilterDsl::filter(table, pk_in::<R::Target>(chunk.to_vec()));
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
