//! Writes through a relationship. Each runs in one transaction (a savepoint
//! inside the caller's): all of it happens, or none of it. What the
//! many-to-many writes guarantee under concurrency is in
//! docs/concurrency.md; their statements are in [`crate::upkeep`].

use crate::cascade::Delete;
use crate::error::{RelationError, Result};
use crate::keys::KeyList;
use crate::lazy::{ToMany, ToManyThrough, ToOneReverse};
use crate::relationship::{ManyToMany, Model, OneToMany, OneToOne};
use crate::tx::write_transaction;
use crate::upkeep::{
    DeleteLinks, InsertLinks, LinkWrites, LockRows, Locking, MultiRowInsert, Sources,
};
use diesel::dsl::{insert_into, Values};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::query_dsl::LoadQuery;
use diesel::{Column, Connection, Insertable, RunQueryDsl};
use std::collections::HashSet;

/// The table the foreign key of a one-to-many lives on (the children's).
pub(crate) type ChildTable<R> = <<R as OneToMany>::ForeignKey as Column>::Table;
/// One child row to insert: the foreign key, then the caller's values.
pub(crate) type ChildRow<R, V> = (<R as OneToMany>::Assign, V);
/// A target's primary key.
type TargetKey<R> = <<R as crate::Relationship>::Target as Model>::Key;

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
        let rows: Vec<ChildRow<R, V>> = rows
            .into_iter()
            .map(|row| (R::assign(self.key().clone()), row))
            .collect();
        if rows.is_empty() {
            return Ok(0);
        }
        let statement = insert_into(<ChildTable<R> as Default>::default()).values(rows);
        // A savepoint inside a caller's transaction: on PostgreSQL a failed
        // statement would otherwise poison the caller's whole transaction.
        write_transaction(conn, R::full_name(), |conn| {
            <C::Backend as MultiRowInsert<C, _>>::execute(statement, conn)
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
        })
    }

    /// Removes `child` from this parent's collection (SQLAlchemy's
    /// `parent.children.remove(child)`): with `delete-orphan` the child is
    /// deleted (with its own cascades), otherwise its foreign key is set to
    /// NULL; a NOT NULL foreign key without `delete-orphan` is
    /// [`RelationError::RemoveRestricted`] and nothing changes.
    ///
    /// Returns whether `child` was in the collection.
    pub fn remove<'q, C>(&self, conn: &mut C, child: &R::Target) -> Result<bool>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: Delete<C>,
        R::Release: ExecuteDsl<C>,
        R::IsMember: LoadQuery<'q, C, i64> + RunQueryDsl<C>,
    {
        let err = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        let child_key = child.primary_key();
        write_transaction(conn, R::full_name(), |conn| {
            if R::CASCADE.delete_orphan {
                let member: i64 = R::is_member(self.key().clone(), child_key.clone())
                    .get_result(conn)
                    .map_err(err)?;
                if member == 0 {
                    return Ok(false);
                }
                R::Target::delete_keys_via(
                    conn,
                    vec![child_key],
                    Some((R::full_name(), R::FOREIGN_KEY)),
                )?;
                Ok(true)
            } else if R::NULLABLE {
                let changed = ExecuteDsl::execute(R::release(self.key().clone(), child_key), conn)
                    .map_err(err)?;
                Ok(changed > 0)
            } else {
                Err(RelationError::RemoveRestricted {
                    relationship: R::full_name(),
                    target: R::target_name(),
                    foreign_key: R::FOREIGN_KEY,
                })
            }
        })
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
        let statement = diesel::insert_into(<crate::write::ChildTable<R> as Default>::default())
            .values(R::assign(self.key.clone()));
        write_transaction(conn, R::full_name(), |conn| {
            ExecuteDsl::execute(statement, conn)
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
        })
    }
}

impl<R: ManyToMany> ToManyThrough<R> {
    /// Links `targets` to this source: inserts the association rows that do
    /// not exist yet (never a duplicate, with or without a key on the
    /// association table, whatever other connections do at the same time:
    /// docs/concurrency.md). Returns how many it inserted.
    pub fn link<'q, 't, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: 't,
        LockSources<R>: LoadQuery<'q, C, SourceKey<R>>,
        Locking<R::Linked>: LoadQuery<'q, C, TargetKey<R>>,
        InsertLinksOf<R>: ExecuteDsl<C>,
    {
        writable::<R>()?;
        let wanted = distinct_keys::<R::Target>(targets);
        if wanted.is_empty() {
            return Ok(0);
        }
        let key = self.key().clone();
        write_transaction(conn, R::full_name(), |conn| {
            lock_sources::<R, C>(conn, std::slice::from_ref(&key))?;
            let new = if <C::Backend as LinkWrites>::DIFF_HERE {
                let linked = linked_keys::<R, C>(conn, key.clone())?;
                wanted.into_iter().filter(|k| !linked.contains(k)).collect()
            } else {
                wanted
            };
            insert_links::<R, C>(conn, Sources::One(key), new)
        })
    }

    /// Unlinks `targets` from this source: deletes their association rows.
    /// The targets themselves stay. Returns how many rows it deleted.
    pub fn unlink<'q, 't, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: 't,
        LockSources<R>: LoadQuery<'q, C, SourceKey<R>>,
        DeleteLinksOf<R>: ExecuteDsl<C>,
    {
        writable::<R>()?;
        let keys = distinct_keys::<R::Target>(targets);
        if keys.is_empty() {
            return Ok(0);
        }
        let key = self.key().clone();
        write_transaction(conn, R::full_name(), |conn| {
            lock_sources::<R, C>(conn, std::slice::from_ref(&key))?;
            delete_links::<R, C>(conn, &key, keys)
        })
    }

    /// Makes `targets` exactly the linked set: deletes the association rows
    /// of targets not in it and inserts the missing ones, in one transaction
    /// (a failure half-way leaves the rows as they were). Of two `set`s on
    /// one source at the same time, one wins whole. Returns
    /// `(inserted, deleted)`.
    pub fn set<'q, 't, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<(usize, usize)>
    where
        C: Connection,
        C::Backend: LinkWrites,
        R::Target: 't,
        LockSources<R>: LoadQuery<'q, C, SourceKey<R>>,
        Locking<R::Linked>: LoadQuery<'q, C, TargetKey<R>>,
        InsertLinksOf<R>: ExecuteDsl<C>,
        DeleteLinksOf<R>: ExecuteDsl<C>,
    {
        writable::<R>()?;
        let wanted = distinct_keys::<R::Target>(targets);
        let key = self.key().clone();
        write_transaction(conn, R::full_name(), |conn| {
            lock_sources::<R, C>(conn, std::slice::from_ref(&key))?;
            if <C::Backend as LinkWrites>::DIFF_HERE {
                let linked = linked_keys::<R, C>(conn, key.clone())?;
                let wanted_set: HashSet<_> = wanted.iter().cloned().collect();
                let stale: Vec<_> = linked
                    .iter()
                    .filter(|k| !wanted_set.contains(*k))
                    .cloned()
                    .collect();
                let new: Vec<_> = wanted.into_iter().filter(|k| !linked.contains(k)).collect();
                let deleted = delete_links::<R, C>(conn, &key, stale)?;
                let inserted = insert_links::<R, C>(conn, Sources::One(key), new)?;
                Ok((inserted, deleted))
            } else {
                // The DELETE first: on SQLite it takes the write lock.
                let stale = DeleteLinksOf::<R>::new(key.clone(), wanted.clone(), true);
                let deleted = ExecuteDsl::execute(stale, conn).map_err(error::<R>)?;
                let inserted = insert_links::<R, C>(conn, Sources::One(key), wanted)?;
                Ok((inserted, deleted))
            }
        })
    }

    /// Unlinks every target: deletes all of this source's association rows.
    pub fn clear<'q, C>(&self, conn: &mut C) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites,
        LockSources<R>: LoadQuery<'q, C, SourceKey<R>>,
        R::UnlinkSources: ExecuteDsl<C>,
    {
        writable::<R>()?;
        let key = self.key().clone();
        write_transaction(conn, R::full_name(), |conn| {
            lock_sources::<R, C>(conn, std::slice::from_ref(&key))?;
            ExecuteDsl::execute(R::unlink_sources(vec![key]), conn).map_err(error::<R>)
        })
    }
}

/// A source's key.
pub(crate) type SourceKey<R> = <<R as crate::Relationship>::Source as Model>::Key;
/// Locks the sources' rows: see [`crate::upkeep`].
pub type LockSources<R> =
    LockRows<<<R as crate::Relationship>::Source as Model>::Table, SourceKey<R>>;
/// Inserts a many-to-many's missing association rows: see [`crate::upkeep`].
pub type InsertLinksOf<R> = InsertLinks<
    <R as ManyToMany>::SourceColumn,
    <R as ManyToMany>::TargetColumn,
    SourceKey<R>,
    TargetKey<R>,
>;
/// Deletes some of a source's association rows: see [`crate::upkeep`].
pub type DeleteLinksOf<R> = DeleteLinks<
    <R as ManyToMany>::SourceColumn,
    <R as ManyToMany>::TargetColumn,
    SourceKey<R>,
    TargetKey<R>,
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
pub(crate) fn lock_sources<'q, R, C>(conn: &mut C, keys: &[SourceKey<R>]) -> Result<()>
where
    R: ManyToMany,
    C: Connection,
    C::Backend: LinkWrites,
    LockSources<R>: LoadQuery<'q, C, SourceKey<R>>,
{
    if !<C::Backend as LinkWrites>::LOCK_SOURCES {
        return Ok(());
    }
    for chunk in keys.chunks(<C::Backend as KeyList>::MAX_KEYS) {
        let _: Vec<SourceKey<R>> = LockSources::<R>::new(chunk.to_vec())
            .load(conn)
            .map_err(error::<R>)?;
    }
    Ok(())
}

/// The keys of the targets linked to `key` now, by a locking read.
fn linked_keys<'q, R, C>(conn: &mut C, key: SourceKey<R>) -> Result<HashSet<TargetKey<R>>>
where
    R: ManyToMany,
    C: Connection,
    Locking<R::Linked>: LoadQuery<'q, C, TargetKey<R>>,
{
    let keys: Vec<TargetKey<R>> = Locking(R::linked(key)).load(conn).map_err(error::<R>)?;
    Ok(keys.into_iter().collect())
}

/// Inserts the rows `(sources, targets)`, in chunks of
/// [`LinkWrites::MAX_ROWS`] (one source) or [`LinkWrites::PAIR_ROWS`]
/// (one source per row), cut shorter where the backend limits a statement's
/// bytes ([`KeyList::MAX_BYTES`]); the sources are locked already, and
/// where the statement does not skip existing pairs itself (see
/// [`crate::upkeep`]) the caller has left them out.
pub(crate) fn insert_links<R, C>(
    conn: &mut C,
    sources: Sources<SourceKey<R>>,
    targets: Vec<TargetKey<R>>,
) -> Result<usize>
where
    R: ManyToMany,
    C: Connection,
    C::Backend: LinkWrites,
    InsertLinksOf<R>: ExecuteDsl<C>,
{
    let rows = match sources {
        Sources::One(_) => <C::Backend as LinkWrites>::MAX_ROWS,
        Sources::Each(_) => <C::Backend as LinkWrites>::PAIR_ROWS,
    };
    let lengths = chunk_lengths::<C::Backend, _, _>(&sources, &targets, rows);
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
        inserted +=
            ExecuteDsl::execute(InsertLinksOf::<R>::new(of, chunk), conn).map_err(error::<R>)?;
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
fn delete_links<R, C>(conn: &mut C, key: &SourceKey<R>, targets: Vec<TargetKey<R>>) -> Result<usize>
where
    R: ManyToMany,
    C: Connection,
    C::Backend: LinkWrites,
    DeleteLinksOf<R>: ExecuteDsl<C>,
{
    let mut deleted = 0;
    for chunk in targets.chunks(<C::Backend as KeyList>::MAX_KEYS) {
        let statement = DeleteLinksOf::<R>::new(key.clone(), chunk.to_vec(), false);
        deleted += ExecuteDsl::execute(statement, conn).map_err(error::<R>)?;
    }
    Ok(deleted)
}

/// The targets' keys, first occurrence first, without repeats.
fn distinct_keys<'t, T: Model + 't>(targets: impl IntoIterator<Item = &'t T>) -> Vec<T::Key> {
    let mut seen = HashSet::new();
    targets
        .into_iter()
        .map(Model::primary_key)
        .filter(|k| seen.insert(k.clone()))
        .collect()
}
