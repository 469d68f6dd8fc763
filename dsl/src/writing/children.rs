//! What a parent's delete and a collection's `remove` do to the children
//! rows, written once for a foreign key of one column and for one of
//! several: the statements are a [`ChildStatements`] (built by
//! `crate::queries` for one column, `(a, b) IN (keys)` by
//! [`crate::composite_cascade`] for several), and the steps that run them
//! ([`delete_children`], [`remove_child`]) are generic over it.
//!
//! The form of the foreign key is the trait's parameter
//! ([`crate::relationship::OneColumn`], [`crate::relationship::SeveralColumns`]),
//! so that both implementations are written for every declaration, each
//! under its own bounds, without overlapping.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::children::ChildStatements;
//! use diesel_relations::{OneColumn, OneToMany, ToMany};
//! // Customer.invoices deletes its children (cascade = "all"), through the
//! // step a collection keyed by several columns takes too.
//! fn deletes<P, R: OneToMany>(_: fn(&P) -> ToMany<R>) -> bool {
//!     <R as ChildStatements<OneColumn>>::CASCADE.delete
//! }
//! assert!(deletes(Customer::invoices));
//! assert!(!deletes(Employee::reports));
//! # Ok(())
//! # }
//! ```

use crate::eager::chunk_size;
use crate::error::{RelationError, Result};
use crate::exec::{Execute, Load, Transact, WriteDb};
use crate::keys::{chunks, KeyList};
use crate::registry::Cascade;
use crate::relationship::{Model, OneColumn, OneToMany, Relationship};
use crate::tx;
use crate::upkeep::LinkWrites;
use std::future::Future;

/// A write's future, boxed where a delete recurses (a cascade into the
/// model's own table, or through several models).
#[doc(hidden)]
pub type Boxed<'a, T> =
    core::pin::Pin<Box<dyn core::future::Future<Output = Result<T>> + Send + 'a>>;

/// `Delete` in mode `M` ([`crate::exec`]): the one body of every delete,
/// which the synchronous one runs blocking and the asynchronous one
/// (feature `async`) awaits (`cascade`'s impl).
#[doc(hidden)]
pub trait DeleteIn<C, M>: crate::relationship::Model {
    /// `Delete::delete_keys_via`, as a future of mode `M`.
    fn delete_in(conn: &mut C, keys: Vec<Self::Key>, via: Via) -> Boxed<'_, usize>;
}

/// The relationship a cascade deletes rows through: `(Model.relationship,
/// table.foreign_key)`.
#[doc(hidden)]
pub type Via = Option<(&'static str, &'static str)>;

/// Deletes a model's own rows by key: how a step recurses into the model
/// being deleted.
#[doc(hidden)]
pub type DeleteFn<C, M> =
    for<'c> fn(&'c mut C, Vec<<M as crate::relationship::Model>::Key>, Via) -> Boxed<'c, usize>;

type TargetKey<R> = <<R as Relationship>::Target as Model>::Key;

/// The statements a parent's delete and a `remove` run on a collection's
/// (or a one-to-one's) children, for a foreign key of form `Form`.
pub trait ChildStatements<Form>: Relationship<Source: Model, Target: Model> {
    /// The parent key value the children's foreign key holds (a tuple for
    /// several columns).
    type Key: Clone + std::fmt::Debug + Send + Sync + 'static;
    /// Whether every column of the foreign key admits NULL.
    const NULLABLE: bool;
    /// What deleting the parent, or removing a child, does to the children.
    const CASCADE: Cascade;
    /// `SELECT pk FROM target WHERE fk IN (keys)`.
    type ChildKeys;
    /// `UPDATE target SET fk = NULL WHERE fk IN (keys)`.
    type Nullify;
    /// `UPDATE target SET fk = NULL WHERE pk IN (child) AND fk = key`.
    type Release;
    /// `SELECT COUNT(*) FROM target WHERE pk IN (child) AND fk = key`.
    type IsMember;
    /// How many parent keys one statement carries on `DB` (MySQL's bind
    /// limit counts each column).
    fn keys_per_statement<DB: KeyList>() -> usize;
    /// See [`ChildStatements::ChildKeys`].
    fn child_keys(keys: Vec<Self::Key>) -> Self::ChildKeys;
    /// See [`ChildStatements::Nullify`].
    fn nullify(keys: Vec<Self::Key>) -> Self::Nullify;
    /// See [`ChildStatements::Release`].
    fn release(key: Self::Key, child: TargetKey<Self>) -> Self::Release;
    /// See [`ChildStatements::IsMember`].
    fn is_member(key: Self::Key, child: TargetKey<Self>) -> Self::IsMember;
}

impl<R: OneToMany> ChildStatements<OneColumn> for R {
    type Key = <R as OneToMany>::Key;
    const NULLABLE: bool = <R as OneToMany>::NULLABLE;
    const CASCADE: Cascade = <R as OneToMany>::CASCADE;
    type ChildKeys = <R as OneToMany>::ChildKeys;
    type Nullify = <R as OneToMany>::Nullify;
    type Release = <R as OneToMany>::Release;
    type IsMember = <R as OneToMany>::IsMember;
    fn keys_per_statement<DB: KeyList>() -> usize {
        chunk_size::<DB>()
    }
    fn child_keys(keys: Vec<Self::Key>) -> Self::ChildKeys {
        <R as OneToMany>::child_keys(keys)
    }
    fn nullify(keys: Vec<Self::Key>) -> Self::Nullify {
        <R as OneToMany>::nullify(keys)
    }
    fn release(key: Self::Key, child: TargetKey<R>) -> Self::Release {
        <R as OneToMany>::release(key, child)
    }
    fn is_member(key: Self::Key, child: TargetKey<R>) -> Self::IsMember {
        <R as OneToMany>::is_member(key, child)
    }
}

/// The relationship's name and foreign key if the database deletes its
/// children (`passive_deletes`): what an error of the parent's `DELETE`
/// names.
#[doc(hidden)]
pub fn passive<F, R: ChildStatements<F>>() -> Via {
    R::CASCADE
        .passive_deletes
        .then(|| (R::full_name(), R::FOREIGN_KEY))
}

/// The children of the deleted parents, per the relationship's cascade:
/// deleted with their own cascades by `delete_children` (`None` where the
/// relationship has no delete cascade), or released (every column of the
/// key set to NULL), or the delete refused with
/// [`RelationError::DeleteRestricted`]; nothing with `passive_deletes`.
/// Each statement takes the parent keys in runs the backend can carry.
#[doc(hidden)]
pub fn delete_children<'a, F, R, C, Mo>(
    conn: &'a mut C,
    keys: &'a [R::Key],
    delete_children: Option<DeleteFn<C, R::Target>>,
) -> impl Future<Output = Result<()>> + Send + 'a
where
    R: ChildStatements<F>,
    C: Transact<Mo> + Load<Mo, R::ChildKeys, TargetKey<R>> + Execute<Mo, R::Nullify> + Send,
    WriteDb<C, Mo>: KeyList,
    R::Nullify: Send,
{
    async move {
        if R::CASCADE.passive_deletes {
            return Ok(());
        }
        let err = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
        let size = R::keys_per_statement::<WriteDb<C, Mo>>();
        if R::NULLABLE && !R::CASCADE.delete {
            for run in chunks::<WriteDb<C, Mo>, _>(keys, size) {
                Execute::<Mo, _>::execute(conn, R::nullify(run.to_vec()))
                    .await
                    .map_err(err)?;
            }
            return Ok(());
        }
        let mut children: Vec<TargetKey<R>> = Vec::new();
        for run in chunks::<WriteDb<C, Mo>, _>(keys, size) {
            let mut some = Load::<Mo, _, _>::all(conn, R::child_keys(run.to_vec()))
                .await
                .map_err(err)?;
            children.append(&mut some);
        }
        match delete_children {
            Some(delete_children) if R::CASCADE.delete => {
                delete_children(conn, children, Some((R::full_name(), R::FOREIGN_KEY))).await?;
            }
            _ if !children.is_empty() => {
                return Err(RelationError::DeleteRestricted {
                    relationship: R::full_name(),
                    target: R::target_name(),
                    foreign_key: R::FOREIGN_KEY,
                    count: children.len(),
                    backref: None,
                });
            }
            _ => {}
        }
        Ok(())
    }
}

/// Removes `child` from the collection of the parent keyed `key`, in a
/// savepoint: with `delete-orphan` the child is deleted (with its own
/// cascades) if it is this parent's, otherwise every column of its foreign
/// key is set to NULL in that row; a key with a NOT NULL column and no
/// `delete-orphan` is [`RelationError::RemoveRestricted`]. Whether `child`
/// was in the collection.
#[doc(hidden)]
pub fn remove_child<'a, F, R, M, C>(
    conn: &'a mut C,
    key: R::Key,
    child: &R::Target,
) -> impl Future<Output = Result<bool>> + 'a
where
    R: ChildStatements<F>,
    C: Transact<M> + Execute<M, R::Release> + Load<M, R::IsMember, i64>,
    WriteDb<C, M>: LinkWrites,
    R::Target: DeleteIn<C, M>,
{
    let err = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
    let child_key = child.primary_key();
    async move {
        let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
        let result = async {
            if R::CASCADE.delete_orphan {
                let member = Load::<M, _, i64>::all(conn, R::is_member(key, child_key.clone()))
                    .await
                    .map_err(err)?;
                if member.first().copied().unwrap_or(0) == 0 {
                    return Ok(false);
                }
                R::Target::delete_in(
                    conn,
                    vec![child_key],
                    Some((R::full_name(), R::FOREIGN_KEY)),
                )
                .await?;
                Ok(true)
            } else if R::NULLABLE {
                let changed = Execute::<M, _>::execute(conn, R::release(key, child_key))
                    .await
                    .map_err(err)?;
                Ok(changed > 0)
            } else {
                Err(RelationError::RemoveRestricted {
                    relationship: R::full_name(),
                    target: R::target_name(),
                    foreign_key: R::FOREIGN_KEY,
                })
            }
        }
        .await;
        tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
    }
}
