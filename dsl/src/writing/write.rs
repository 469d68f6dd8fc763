//! Writes through a relationship. Each runs in one transaction (a savepoint
//! inside the caller's): all of it happens, or none of it.

use crate::cascade::Delete;
use crate::error::{RelationError, Result};
use crate::lazy::{ToMany, ToManyThrough, ToOneReverse};
use crate::relationship::{ManyToMany, Model, OneToMany, OneToOne};
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
        ChildTable<R>: Default,
        Vec<ChildRow<R, V>>: Insertable<ChildTable<R>>,
        Values<insert_into<ChildTable<R>>, Vec<ChildRow<R, V>>>: ExecuteDsl<C>,
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
        conn.transaction(|conn| ExecuteDsl::execute(statement, conn))
            .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
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
        R::Target: Delete<C>,
        R::Release: ExecuteDsl<C>,
        R::IsMember: LoadQuery<'q, C, i64> + RunQueryDsl<C>,
    {
        let err = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        let child_key = child.primary_key();
        conn.transaction(|conn| {
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
        crate::write::ChildTable<R>: Default,
        Vec<crate::write::ChildRow<R, V>>: diesel::Insertable<crate::write::ChildTable<R>>,
        diesel::dsl::Values<
            diesel::dsl::insert_into<crate::write::ChildTable<R>>,
            Vec<crate::write::ChildRow<R, V>>,
        >: diesel::query_dsl::methods::ExecuteDsl<C>,
    {
        ToMany::<R>::from_key(self.key.clone()).insert(conn, [row])
    }

    /// Inserts a target with only its foreign key set (every other column
    /// takes its default): SQLAlchemy's `parent.favourite = Favourite()`.
    pub fn create<C>(&self, conn: &mut C) -> Result<usize>
    where
        C: Connection,
        crate::write::ChildTable<R>: Default,
        R::Assign: diesel::Insertable<crate::write::ChildTable<R>>,
        diesel::dsl::Values<diesel::dsl::insert_into<crate::write::ChildTable<R>>, R::Assign>:
            diesel::query_dsl::methods::ExecuteDsl<C>,
    {
        let statement = diesel::insert_into(<crate::write::ChildTable<R> as Default>::default())
            .values(R::assign(self.key.clone()));
        conn.transaction(|conn| diesel::query_dsl::methods::ExecuteDsl::execute(statement, conn))
            .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e))
    }
}

impl<R: ManyToMany> ToManyThrough<R> {
    fn writable(&self) -> Result<()> {
        if R::VIEWONLY {
            return Err(RelationError::ViewOnly {
                relationship: R::full_name(),
                secondary: R::SECONDARY,
            });
        }
        Ok(())
    }

    fn error(e: diesel::result::Error) -> RelationError {
        RelationError::from_diesel(R::full_name(), R::SECONDARY, e)
    }

    /// The keys of the targets linked now.
    fn linked_keys<'q, C>(&self, conn: &mut C) -> Result<HashSet<TargetKey<R>>>
    where
        C: Connection,
        R::Linked: LoadQuery<'q, C, TargetKey<R>> + RunQueryDsl<C>,
    {
        let keys: Vec<TargetKey<R>> = R::linked(self.key().clone())
            .load(conn)
            .map_err(Self::error)?;
        Ok(keys.into_iter().collect())
    }

    /// Links `targets` to this source: inserts the association rows that do
    /// not exist yet (never a duplicate). Returns how many it inserted.
    pub fn link<'q, 't, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<usize>
    where
        C: Connection,
        R::Target: 't,
        R::Linked: LoadQuery<'q, C, TargetKey<R>> + RunQueryDsl<C>,
        R::Link: ExecuteDsl<C>,
    {
        self.writable()?;
        let wanted = distinct_keys::<R::Target>(targets);
        conn.transaction(|conn| {
            let linked = self.linked_keys(conn)?;
            let new: Vec<_> = wanted.into_iter().filter(|k| !linked.contains(k)).collect();
            self.insert_links(conn, new)
        })
    }

    fn insert_links<C>(&self, conn: &mut C, keys: Vec<TargetKey<R>>) -> Result<usize>
    where
        C: Connection,
        R::Link: ExecuteDsl<C>,
    {
        if keys.is_empty() {
            return Ok(0);
        }
        ExecuteDsl::execute(R::link(self.key().clone(), keys), conn).map_err(Self::error)
    }

    fn delete_links<C>(&self, conn: &mut C, keys: Vec<TargetKey<R>>) -> Result<usize>
    where
        C: Connection,
        R::Unlink: ExecuteDsl<C>,
    {
        if keys.is_empty() {
            return Ok(0);
        }
        ExecuteDsl::execute(R::unlink(self.key().clone(), keys), conn).map_err(Self::error)
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
        R::Target: 't,
        R::Unlink: ExecuteDsl<C>,
    {
        self.writable()?;
        let keys = distinct_keys::<R::Target>(targets);
        conn.transaction(|conn| self.delete_links(conn, keys))
    }

    /// Makes `targets` exactly the linked set: deletes the association rows
    /// of targets not in it and inserts the missing ones, in one transaction
    /// (a failure half-way leaves the rows as they were). Returns
    /// `(inserted, deleted)`.
    pub fn set<'q, 't, C>(
        &self,
        conn: &mut C,
        targets: impl IntoIterator<Item = &'t R::Target>,
    ) -> Result<(usize, usize)>
    where
        C: Connection,
        R::Target: 't,
        R::Linked: LoadQuery<'q, C, TargetKey<R>> + RunQueryDsl<C>,
        R::Link: ExecuteDsl<C>,
        R::Unlink: ExecuteDsl<C>,
    {
        self.writable()?;
        let wanted = distinct_keys::<R::Target>(targets);
        conn.transaction(|conn| {
            let linked = self.linked_keys(conn)?;
            let wanted_set: HashSet<_> = wanted.iter().cloned().collect();
            let stale: Vec<_> = linked
                .iter()
                .filter(|k| !wanted_set.contains(*k))
                .cloned()
                .collect();
            let new: Vec<_> = wanted.into_iter().filter(|k| !linked.contains(k)).collect();
            let deleted = self.delete_links(conn, stale)?;
            let inserted = self.insert_links(conn, new)?;
            Ok((inserted, deleted))
        })
    }

    /// Unlinks every target: deletes all of this source's association rows.
    pub fn clear<C>(&self, conn: &mut C) -> Result<usize>
    where
        C: Connection,
        R::UnlinkSources: ExecuteDsl<C>,
    {
        self.writable()?;
        let statement = R::unlink_sources(vec![self.key().clone()]);
        conn.transaction(|conn| ExecuteDsl::execute(statement, conn))
            .map_err(Self::error)
    }
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
