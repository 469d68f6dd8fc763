//! Writes through a relationship. Each runs in one transaction (a savepoint
//! inside the caller's): all of it happens, or none of it. What the
//! many-to-many writes guarantee under concurrency is in
//! docs/concurrency.md; their statements are in [`crate::upkeep`].
//!
//! Each write is written once, as a future generic over the mode
//! ([`crate::exec`]): the synchronous method runs it with [`block`], its
//! `_async` namesake (feature `async`) awaits it on a `diesel_async`
//! connection.

use crate::cascade::{Delete, DeleteIn};
use crate::children::remove_child;
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Execute, Load, Transact, WriteDb};
use crate::keys::KeyList;
use crate::lazy::{ToMany, ToManyThrough, ToOneReverse};
use crate::relationship::{ManyToMany, Model, OneColumn, OneToMany, OneToOne};
use crate::tx;
use crate::upkeep::{
    DeleteLinks, InsertLinks, LinkWrites, LockRows, Locking, MultiRow, MultiRowInsert, Sources,
};
use diesel::dsl::{insert_into, Values};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::query_dsl::LoadQuery;
use diesel::{Column, Connection, Insertable};
use std::collections::HashSet;
use std::future::Future;

/// The table the foreign key of a one-to-many lives on (the children's).
pub(crate) type ChildTable<R> = <<R as OneToMany>::ForeignKey as Column>::Table;
/// One child row to insert: the foreign key, then the caller's values.
pub(crate) type ChildRow<R, V> = (<R as OneToMany>::Assign, V);
/// The INSERT of children rows `V` through a one-to-many.
pub type InsertChildren<R, V> = Values<insert_into<ChildTable<R>>, Vec<ChildRow<R, V>>>;
/// The INSERT of a one-to-one's target with only its foreign key set.
pub type InsertAssigned<R> = Values<insert_into<ChildTable<R>>, <R as OneToMany>::Assign>;
impl<R: OneToMany> ToMany<R> {
    /// Inserts children of this parent, in one multi-row INSERT, with the
    /// foreign key set to the parent's key. `rows` are `Insertable` values
    /// for the children's table that leave the foreign key out.
    ///
    /// Returns the number of rows inserted. A parent that does not exist is
    /// [`RelationError::ForeignKeyViolation`] and nothing is inserted.
    pub fn insert<C, V>(&self, conn: &mut C, rows: impl IntoIterator<Item = V>) -> Result<usize>
    where
        C: Connection,
        C::Backend:
            LinkWrites + MultiRowInsert<C, Values<insert_into<ChildTable<R>>, Vec<ChildRow<R, V>>>>,
        ChildTable<R>: Default,
        Vec<ChildRow<R, V>>: Insertable<ChildTable<R>>,
    {
        block(self.insert_in::<Blocking, C, V, _>(conn, rows, MultiRow))
    }

    /// [`ToMany::insert`] on a `diesel_async` connection (feature `async`;
    /// the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let bob = Customer { id: 2, name: "Bob".into() };
    /// let added = bob.invoices().insert_async(conn, [invoices::amount.eq(9)]).await?;
    /// assert_eq!(added, 1);
    /// assert_eq!(bob.invoices().load_async(conn).await?.len(), 2);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn insert_async<'a, C, V>(
        &self,
        conn: &'a mut C,
        rows: impl IntoIterator<Item = V>,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection + Execute<crate::exec::Async, InsertChildren<R, V>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        ChildTable<R>: Default,
        Vec<ChildRow<R, V>>: Insertable<ChildTable<R>, Values: Send> + Send + 'a,
        InsertChildren<R, V>: Send,
        V: 'a,
    {
        self.insert_in::<crate::exec::Async, C, V, _>(conn, rows, std::convert::identity)
    }

    /// The INSERT of [`ToMany::insert`], in mode `M`.
    /// `wrap` gives the statement its mode's executor: [`MultiRow`]
    /// synchronously, itself on diesel-async.
    fn insert_in<'a, M, C, V, Q>(
        &self,
        conn: &'a mut C,
        rows: impl IntoIterator<Item = V>,
        wrap: fn(InsertChildren<R, V>) -> Q,
    ) -> impl Future<Output = Result<usize>> + 'a
    where
        C: Transact<M> + Execute<M, Q>,
        Q: 'a,
        WriteDb<C, M>: LinkWrites,
        ChildTable<R>: Default,
        Vec<ChildRow<R, V>>: Insertable<ChildTable<R>> + 'a,
        V: 'a,
    {
        let rows: Vec<ChildRow<R, V>> = rows
            .into_iter()
            .map(|row| (R::assign(self.key().clone()), row))
            .collect();
        async move {
            if rows.is_empty() {
                return Ok(0);
            }
            // A savepoint inside a caller's transaction: on PostgreSQL a
            // failed statement would otherwise poison the caller's whole
            // transaction.
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let statement = insert_into(<ChildTable<R> as Default>::default()).values(rows);
            let result = Execute::<M, _>::execute(conn, wrap(statement))
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e));
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }

    /// Removes `child` from this parent's collection (SQLAlchemy's
    /// `parent.children.remove(child)`): with `delete-orphan` the child is
    /// deleted (with its own cascades), otherwise its foreign key is set to
    /// NULL; a NOT NULL foreign key without `delete-orphan` is
    /// [`RelationError::RemoveRestricted`] and nothing changes.
    ///
    /// Returns whether `child` was in the collection.
    pub fn remove<C>(&self, conn: &mut C, child: &R::Target) -> Result<bool>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: Delete<C>,
        R::Release: ExecuteDsl<C>,
        R::IsMember: LoadQuery<'static, C, i64>,
    {
        block(self.remove_in::<Blocking, C>(conn, child))
    }

    /// [`ToMany::remove`] on a `diesel_async` connection (feature `async`;
    /// the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let manager = Employee { id: 1, name: "Grace".into(), reports_to: None };
    /// let report = manager.reports().load_async(conn).await?.remove(0);
    /// // reports_to is nullable and there is no delete-orphan: set to NULL.
    /// assert!(manager.reports().remove_async(conn, &report).await?);
    /// assert_eq!(manager.reports().load_async(conn).await?.len(), 1);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn remove_async<'a, C>(
        &self,
        conn: &'a mut C,
        child: &R::Target,
    ) -> impl Future<Output = Result<bool>> + Send + 'a
    where
        C: diesel_async::AsyncConnection
            + Execute<crate::exec::Async, R::Release>
            + Load<crate::exec::Async, R::IsMember, i64>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        R::Target: DeleteIn<C, crate::exec::Async>,
        R::Release: Send,
        R::IsMember: Send,
    {
        self.remove_in::<crate::exec::Async, C>(conn, child)
    }

    /// [`ToMany::remove`], in mode `M`.
    fn remove_in<'a, M, C>(
        &self,
        conn: &'a mut C,
        child: &R::Target,
    ) -> impl Future<Output = Result<bool>> + 'a
    where
        C: Transact<M> + Execute<M, R::Release> + Load<M, R::IsMember, i64>,
        WriteDb<C, M>: LinkWrites,
        R::Target: DeleteIn<C, M>,
    {
        remove_child::<OneColumn, R, M, C>(conn, self.key().clone(), child)
    }
}

impl<R: OneToOne> ToOneReverse<R> {
    /// Inserts the target, with its foreign key set to this source's key.
    /// A target that already exists makes the database's UNIQUE constraint
    /// refuse it, and nothing is inserted.
    pub fn insert<C, V>(&self, conn: &mut C, row: V) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites
            + MultiRowInsert<
                C,
                diesel::dsl::Values<
                    diesel::dsl::insert_into<crate::write::ChildTable<R>>,
                    Vec<crate::write::ChildRow<R, V>>,
                >,
            >,
        crate::write::ChildTable<R>: Default,
        Vec<crate::write::ChildRow<R, V>>: diesel::Insertable<crate::write::ChildTable<R>>,
    {
        ToMany::<R>::from_key(self.key.clone()).insert(conn, [row])
    }

    /// [`ToOneReverse::insert`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
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
    /// let sam = Parent { id: 2, name: "Sam".into() };
    /// sam.favourite().insert_async(conn, favourites::name.eq("yoyo")).await?;
    /// let yoyo = sam.favourite().get_async(conn).await?.ok_or("no favourite")?;
    /// assert_eq!(yoyo.name, "yoyo");
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn insert_async<'a, C, V>(
        &self,
        conn: &'a mut C,
        row: V,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection + Execute<crate::exec::Async, InsertChildren<R, V>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        ChildTable<R>: Default,
        Vec<ChildRow<R, V>>: Insertable<ChildTable<R>, Values: Send> + Send + 'a,
        InsertChildren<R, V>: Send,
        V: 'a,
    {
        ToMany::<R>::from_key(self.key.clone()).insert_async(conn, [row])
    }

    /// Inserts a target with only its foreign key set (every other column
    /// takes its default): SQLAlchemy's `parent.favourite = Favourite()`.
    pub fn create<C>(&self, conn: &mut C) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        crate::write::ChildTable<R>: Default,
        R::Assign: diesel::Insertable<crate::write::ChildTable<R>>,
        diesel::dsl::Values<diesel::dsl::insert_into<crate::write::ChildTable<R>>, R::Assign>:
            diesel::query_dsl::methods::ExecuteDsl<C>,
    {
        block(self.create_in::<Blocking, C>(conn))
    }

    /// [`ToOneReverse::create`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
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
    /// let sam = Parent { id: 2, name: "Sam".into() };
    /// // favourites.name has no default: the database refuses, nothing is written.
    /// assert!(sam.favourite().create_async(conn).await.is_err());
    /// assert!(sam.favourite().get_async(conn).await?.is_none());
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn create_async<'a, C>(
        &self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection + Execute<crate::exec::Async, InsertAssigned<R>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        ChildTable<R>: Default,
        R::Assign: Insertable<ChildTable<R>, Values: Send> + Send,
        InsertAssigned<R>: Send,
    {
        self.create_in::<crate::exec::Async, C>(conn)
    }

    /// [`ToOneReverse::create`], in mode `M`.
    fn create_in<'a, M, C>(&self, conn: &'a mut C) -> impl Future<Output = Result<usize>> + 'a
    where
        C: Transact<M> + Execute<M, InsertAssigned<R>>,
        WriteDb<C, M>: LinkWrites,
        ChildTable<R>: Default,
        R::Assign: Insertable<ChildTable<R>>,
    {
        let key = self.key.clone();
        async move {
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let statement =
                insert_into(<ChildTable<R> as Default>::default()).values(R::assign(key));
            let result = Execute::<M, _>::execute(conn, statement)
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e));
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }
}

impl<R: ManyToMany> ToManyThrough<R> {
    /// Links `targets` to this source: inserts the association rows that do
    /// not exist yet (never a duplicate, with or without a key on the
    /// association table, whatever other connections do at the same time:
    /// docs/concurrency.md). Returns how many it inserted.
    pub fn link<'t, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: 't,
        LockSources<R>: LoadQuery<'static, C, SourceKey<R>>,
        Locking<R::Linked>: LoadQuery<'static, C, LinkTargetKey<R>>,
        InsertLinksOf<R>: ExecuteDsl<C>,
    {
        block(self.link_in::<Blocking, C>(conn, targets))
    }

    /// [`ToManyThrough::link`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let ann = Author { id: 1, name: "Ann".into() };
    /// let books = [Book { id: 1, title: "Rust".into() }, Book { id: 2, title: "SQL".into() }];
    /// assert_eq!(ann.books().link_async(conn, &books).await?, 1);
    /// assert_eq!(ann.books().load_async(conn).await?.len(), 2);
    /// assert_eq!(ann.books().unlink_async(conn, &books[..1]).await?, 1);
    /// assert_eq!(ann.books().set_async(conn, &books[..1]).await?, (1, 1));
    /// assert_eq!(ann.books().clear_async(conn).await?, 1);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn link_async<'a, 't, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection
            + Load<crate::exec::Async, LockSources<R>, SourceKey<R>>
            + Load<crate::exec::Async, Locking<R::Linked>, LinkTargetKey<R>>
            + Execute<crate::exec::Async, InsertLinksOf<R>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        R::Target: 't,
        InsertLinksOf<R>: Send,
    {
        self.link_in::<crate::exec::Async, C>(conn, targets)
    }

    /// [`ToManyThrough::link`], in mode `M`.
    fn link_in<'a, 't, M, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + 'a
    where
        C: Transact<M>
            + Load<M, LockSources<R>, SourceKey<R>>
            + Load<M, Locking<R::Linked>, LinkTargetKey<R>>
            + Execute<M, InsertLinksOf<R>>,
        WriteDb<C, M>: LinkWrites,
        R::Target: 't,
    {
        let wanted = distinct_keys::<R>(targets);
        let key = self.key().clone();
        async move {
            writable::<R>()?;
            if wanted.is_empty() {
                return Ok(0);
            }
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let result = async {
                lock_sources::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
                let new = if <WriteDb<C, M> as LinkWrites>::DIFF_HERE {
                    let linked = linked_keys::<R, M, C>(conn, key.clone()).await?;
                    wanted.into_iter().filter(|k| !linked.contains(k)).collect()
                } else {
                    wanted
                };
                insert_links::<R, M, C>(conn, Sources::One(key), new).await
            }
            .await;
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }

    /// Unlinks `targets` from this source: deletes their association rows.
    /// The targets themselves stay. Returns how many rows it deleted.
    pub fn unlink<'t, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: 't,
        LockSources<R>: LoadQuery<'static, C, SourceKey<R>>,
        DeleteLinksOf<R>: ExecuteDsl<C>,
    {
        block(self.unlink_in::<Blocking, C>(conn, targets))
    }

    /// [`ToManyThrough::unlink`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`): see [`ToManyThrough::link_async`].
    #[cfg(feature = "async")]
    pub fn unlink_async<'a, 't, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection
            + Load<crate::exec::Async, LockSources<R>, SourceKey<R>>
            + Execute<crate::exec::Async, DeleteLinksOf<R>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        R::Target: 't,
        DeleteLinksOf<R>: Send,
    {
        self.unlink_in::<crate::exec::Async, C>(conn, targets)
    }

    /// [`ToManyThrough::unlink`], in mode `M`.
    fn unlink_in<'a, 't, M, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<usize>> + 'a
    where
        C: Transact<M> + Load<M, LockSources<R>, SourceKey<R>> + Execute<M, DeleteLinksOf<R>>,
        WriteDb<C, M>: LinkWrites,
        R::Target: 't,
    {
        let keys = distinct_keys::<R>(targets);
        let key = self.key().clone();
        async move {
            writable::<R>()?;
            if keys.is_empty() {
                return Ok(0);
            }
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let result = async {
                lock_sources::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
                delete_links::<R, M, C>(conn, &key, keys).await
            }
            .await;
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }

    /// Makes `targets` exactly the linked set: deletes the association rows
    /// of targets not in it and inserts the missing ones, in one transaction
    /// (a failure half-way leaves the rows as they were). Of two `set`s on
    /// one source at the same time, one wins whole. Returns
    /// `(inserted, deleted)`.
    pub fn set<'t, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<(usize, usize)>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: 't,
        LockSources<R>: LoadQuery<'static, C, SourceKey<R>>,
        Locking<R::Linked>: LoadQuery<'static, C, LinkTargetKey<R>>,
        InsertLinksOf<R>: ExecuteDsl<C>,
        DeleteLinksOf<R>: ExecuteDsl<C>,
    {
        block(self.set_in::<Blocking, C>(conn, targets))
    }

    /// [`ToManyThrough::set`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`): see [`ToManyThrough::link_async`].
    #[cfg(feature = "async")]
    pub fn set_async<'a, 't, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<(usize, usize)>> + Send + 'a
    where
        C: diesel_async::AsyncConnection
            + Load<crate::exec::Async, LockSources<R>, SourceKey<R>>
            + Load<crate::exec::Async, Locking<R::Linked>, LinkTargetKey<R>>
            + Execute<crate::exec::Async, InsertLinksOf<R>>
            + Execute<crate::exec::Async, DeleteLinksOf<R>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        R::Target: 't,
        InsertLinksOf<R>: Send,
        DeleteLinksOf<R>: Send,
    {
        self.set_in::<crate::exec::Async, C>(conn, targets)
    }

    /// [`ToManyThrough::set`], in mode `M`.
    fn set_in<'a, 't, M, C>(
        &self,
        conn: &'a mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> impl Future<Output = Result<(usize, usize)>> + 'a
    where
        C: Transact<M>
            + Load<M, LockSources<R>, SourceKey<R>>
            + Load<M, Locking<R::Linked>, LinkTargetKey<R>>
            + Execute<M, InsertLinksOf<R>>
            + Execute<M, DeleteLinksOf<R>>,
        WriteDb<C, M>: LinkWrites,
        R::Target: 't,
    {
        let wanted = distinct_keys::<R>(targets);
        let key = self.key().clone();
        async move {
            writable::<R>()?;
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let result = async {
                lock_sources::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
                if <WriteDb<C, M> as LinkWrites>::DIFF_HERE {
                    let linked = linked_keys::<R, M, C>(conn, key.clone()).await?;
                    let wanted_set: HashSet<_> = wanted.iter().cloned().collect();
                    let stale: Vec<_> = linked
                        .iter()
                        .filter(|k| !wanted_set.contains(*k))
                        .cloned()
                        .collect();
                    let new: Vec<_> = wanted.into_iter().filter(|k| !linked.contains(k)).collect();
                    let deleted = delete_links::<R, M, C>(conn, &key, stale).await?;
                    let inserted = insert_links::<R, M, C>(conn, Sources::One(key), new).await?;
                    Ok((inserted, deleted))
                } else {
                    // The DELETE first: on SQLite it takes the write lock.
                    let stale = DeleteLinksOf::<R>::new(key.clone(), wanted.clone(), true);
                    let deleted = Execute::<M, _>::execute(conn, stale)
                        .await
                        .map_err(error::<R>)?;
                    let inserted = insert_links::<R, M, C>(conn, Sources::One(key), wanted).await?;
                    Ok((inserted, deleted))
                }
            }
            .await;
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }

    /// Unlinks every target: deletes all of this source's association rows.
    pub fn clear<C>(&self, conn: &mut C) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        LockSources<R>: LoadQuery<'static, C, SourceKey<R>>,
        R::UnlinkSources: ExecuteDsl<C>,
    {
        block(self.clear_in::<Blocking, C>(conn))
    }

    /// [`ToManyThrough::clear`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`): see [`ToManyThrough::link_async`].
    #[cfg(feature = "async")]
    pub fn clear_async<'a, C>(
        &self,
        conn: &'a mut C,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection
            + Load<crate::exec::Async, LockSources<R>, SourceKey<R>>
            + Execute<crate::exec::Async, R::UnlinkSources>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        R::UnlinkSources: Send,
    {
        self.clear_in::<crate::exec::Async, C>(conn)
    }

    /// [`ToManyThrough::clear`], in mode `M`.
    fn clear_in<'a, M, C>(&self, conn: &'a mut C) -> impl Future<Output = Result<usize>> + 'a
    where
        C: Transact<M> + Load<M, LockSources<R>, SourceKey<R>> + Execute<M, R::UnlinkSources>,
        WriteDb<C, M>: LinkWrites,
    {
        let key = self.key().clone();
        async move {
            writable::<R>()?;
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let result = async {
                lock_sources::<R, M, C>(conn, std::slice::from_ref(&key)).await?;
                Execute::<M, _>::execute(conn, R::unlink_sources(vec![key]))
                    .await
                    .map_err(error::<R>)
            }
            .await;
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }
}
/// The value a source's association rows hold (its key, or the UNIQUE
/// column the declaration's `references` names).
pub(crate) type SourceKey<R> = <R as crate::relationship::LinkKeyed>::SourceKey;
/// The value a target's association rows hold.
pub(crate) type LinkTargetKey<R> = <R as crate::relationship::LinkKeyed>::TargetKey;
/// Locks the sources' rows (by the column the association rows reference):
/// see [`crate::upkeep`].
pub type LockSources<R> = LockRows<
    <<R as crate::Relationship>::Source as Model>::Table,
    SourceKey<R>,
    <<R as ManyToMany>::SourceLink as crate::relationship::ParentColumn<
        <R as crate::Relationship>::Source,
    >>::Column,
>;
/// Inserts a many-to-many's missing association rows: see [`crate::upkeep`].
pub type InsertLinksOf<R> = InsertLinks<
    <R as ManyToMany>::SourceColumn,
    <R as ManyToMany>::TargetColumn,
    SourceKey<R>,
    LinkTargetKey<R>,
>;
/// Deletes some of a source's association rows: see [`crate::upkeep`].
pub type DeleteLinksOf<R> = DeleteLinks<
    <R as ManyToMany>::SourceColumn,
    <R as ManyToMany>::TargetColumn,
    SourceKey<R>,
    LinkTargetKey<R>,
>;

/// Refuses writes through a `viewonly` many-to-many.
pub(crate) fn writable<R: ManyToMany>() -> Result<()> {
    if R::VIEWONLY {
        return Err(RelationError::ViewOnly {
            relationship: R::full_name(),
            secondary: R::SECONDARY,
        });
    }
    Ok(())
}

/// A database error of a many-to-many write.
pub(crate) fn error<R: ManyToMany>(e: diesel::result::Error) -> RelationError {
    RelationError::from_diesel(R::full_name(), R::SECONDARY, e)
}

/// Locks the rows of these sources, in key order, where the backend locks
/// ([`LinkWrites::LOCK_SOURCES`]): every write of their links waits for the
/// others to commit.
pub(crate) async fn lock_sources<R, M, C>(conn: &mut C, keys: &[SourceKey<R>]) -> Result<()>
where
    R: ManyToMany,
    C: Transact<M> + Load<M, LockSources<R>, SourceKey<R>>,
    WriteDb<C, M>: LinkWrites,
{
    if !<WriteDb<C, M> as LinkWrites>::LOCK_SOURCES {
        return Ok(());
    }
    for chunk in keys.chunks(<WriteDb<C, M> as KeyList>::MAX_KEYS) {
        let lock = LockSources::<R>::new(chunk.to_vec());
        let _: Vec<SourceKey<R>> = Load::<M, _, _>::all(conn, lock).await.map_err(error::<R>)?;
    }
    Ok(())
}

/// The keys of the targets linked to `key` now, by a locking read.
async fn linked_keys<R, M, C>(conn: &mut C, key: SourceKey<R>) -> Result<HashSet<LinkTargetKey<R>>>
where
    R: ManyToMany,
    C: Load<M, Locking<R::Linked>, LinkTargetKey<R>>,
{
    let keys: Vec<LinkTargetKey<R>> = Load::<M, _, _>::all(conn, Locking(R::linked(key)))
        .await
        .map_err(error::<R>)?;
    Ok(keys.into_iter().collect())
}

/// Inserts the rows `(sources, targets)`, in chunks of
/// [`LinkWrites::MAX_ROWS`] (one source) or [`LinkWrites::PAIR_ROWS`]
/// (one source per row), cut shorter where the backend limits a statement's
/// bytes ([`KeyList::MAX_BYTES`]); the sources are locked already, and
/// where the statement does not skip existing pairs itself (see
/// [`crate::upkeep`]) the caller has left them out.
pub(crate) async fn insert_links<R, M, C>(
    conn: &mut C,
    sources: Sources<SourceKey<R>>,
    targets: Vec<LinkTargetKey<R>>,
) -> Result<usize>
where
    R: ManyToMany,
    C: Transact<M> + Execute<M, InsertLinksOf<R>>,
    WriteDb<C, M>: LinkWrites,
{
    let rows = match sources {
        Sources::One(_) => <WriteDb<C, M> as LinkWrites>::MAX_ROWS,
        Sources::Each(_) => <WriteDb<C, M> as LinkWrites>::PAIR_ROWS,
    };
    let lengths = chunk_lengths::<WriteDb<C, M>, _, _>(&sources, &targets, rows);
    let mut inserted = 0;
    let mut targets = targets.into_iter();
    let mut sources = match sources {
        Sources::One(key) => Ok(key),
        Sources::Each(keys) => Err(keys.into_iter()),
    };
    for length in lengths {
        let chunk: Vec<_> = targets.by_ref().take(length).collect();
        let of = match &mut sources {
            Ok(key) => Sources::One(key.clone()),
            Err(keys) => Sources::Each(keys.by_ref().take(length).collect()),
        };
        inserted += Execute::<M, _>::execute(conn, InsertLinksOf::<R>::new(of, chunk))
            .await
            .map_err(error::<R>)?;
    }
    Ok(inserted)
}

/// The number of rows in each INSERT of `(sources, targets)`: at most
/// `rows`, and at most [`KeyList::MAX_BYTES`] of keys as
/// [`crate::keys::chunks`] estimates them (a row's two keys and their
/// framing). Never an empty chunk.
fn chunk_lengths<DB: KeyList, SK: std::fmt::Debug, TK: std::fmt::Debug>(
    sources: &Sources<SK>,
    targets: &[TK],
    rows: usize,
) -> Vec<usize> {
    let rows = rows.max(1);
    let mut lengths = Vec::new();
    let mut start = 0;
    while start < targets.len() {
        let mut end = start.saturating_add(rows).min(targets.len());
        if DB::MAX_BYTES != usize::MAX {
            let mut bytes = 0usize;
            for (i, target) in targets.iter().enumerate().take(end).skip(start) {
                let source = match sources {
                    Sources::One(key) => key,
                    Sources::Each(keys) => &keys[i],
                };
                bytes += crate::keys::debug_len(source) + crate::keys::debug_len(target) + 8;
                if bytes > DB::MAX_BYTES && i > start {
                    end = i;
                    break;
                }
            }
        }
        lengths.push(end - start);
        start = end;
    }
    lengths
}

/// Deletes the links from `key` to `targets`, in chunks of
/// [`KeyList::MAX_KEYS`].
async fn delete_links<R, M, C>(
    conn: &mut C,
    key: &SourceKey<R>,
    targets: Vec<LinkTargetKey<R>>,
) -> Result<usize>
where
    R: ManyToMany,
    C: Transact<M> + Execute<M, DeleteLinksOf<R>>,
    WriteDb<C, M>: LinkWrites,
{
    let mut deleted = 0;
    for chunk in targets.chunks(<WriteDb<C, M> as KeyList>::MAX_KEYS) {
        let statement = DeleteLinksOf::<R>::new(key.clone(), chunk.to_vec(), false);
        deleted += Execute::<M, _>::execute(conn, statement)
            .await
            .map_err(error::<R>)?;
    }
    Ok(deleted)
}

/// The targets' keys, first occurrence first, without repeats.
fn distinct_keys<'t, R: ManyToMany>(
    targets: impl IntoIterator<Item = &'t R::Target>,
) -> Vec<LinkTargetKey<R>>
where
    R::Target: 't,
{
    let mut seen = HashSet::new();
    targets
        .into_iter()
        .map(R::target_key)
        .filter(|k| seen.insert(k.clone()))
        .collect()
}
