//! Deleting a row the way its relationships say (SQLAlchemy's
//! `session.delete(obj)` with each relationship's `cascade`).
//!
//! For each relationship of the deleted model, in one transaction:
//! - a collection or one-to-one with `cascade = "all"`/`"delete"` deletes the
//!   children first, each with its own cascades;
//! - without a delete cascade, a nullable foreign key is set to NULL, and a
//!   NOT NULL one refuses with [`RelationError::DeleteRestricted`], nothing
//!   changed;
//! - a many-to-many deletes the association rows;
//! - `passive_deletes` leaves all of it to the database's ON DELETE.
//!
//! The derive states only which relationships take part ([`Cascades`]);
//! [`Delete`] is implemented here, generically, so rustc checks the
//! deletes' queries where a program deletes, not where models are declared.
//! A cascade into the model's own table (an employee's reports) recurses
//! through the function being defined instead of through a bound, since a
//! bound on itself never resolves in rustc's trait solver (E0275). A cycle
//! of delete cascades through several models is refused by
//! [`crate::checks`] already; rustc refuses it too (E0275) where a program
//! deletes along it.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::{delete, delete_all};
//! let conn = &mut connection();
//! // Customer.invoices and Invoice.lines have cascade = "all": one call, one
//! // transaction, Alice's invoices and their lines first.
//! let alice: Customer = customers::table.find(1).select(Customer::as_select()).first(conn)?;
//! assert_eq!(delete(conn, &alice)?, 1);
//! assert_eq!(invoice_lines::table.count().get_result::<i64>(conn)?, 0);
//!
//! // Employee.reports has no cascade and a nullable key: reports_to is set to NULL.
//! let managers: Vec<Employee> = employees::table.filter(employees::id.le(2)).select(Employee::as_select()).load(conn)?;
//! assert_eq!(delete_all(conn, &managers)?, 2);
//! let left: Vec<Option<i32>> = employees::table.select(employees::reports_to).load(conn)?;
//! assert_eq!(left, [None, None]);
//! # Ok(())
//! # }
//! ```

use crate::error::{RelationError, Result};
use crate::keys::KeyIn;
use crate::relationship::{ManyToMany, Model, OneToMany};
use diesel::dsl::Filter;
use diesel::query_builder::IntoUpdateTarget;
use diesel::query_dsl::methods::{ExecuteDsl, FilterDsl};
use diesel::query_dsl::LoadQuery;
use diesel::{Connection, RunQueryDsl, Table};
use std::marker::PhantomData;

/// A model that can be deleted with its relationships' cascades on `C`.
pub trait Delete<C: Connection>: Model {
    /// Deletes the rows with these keys, cascades first. Runs in the
    /// caller's transaction; use [`delete`] for a transaction of its own.
    fn delete_keys(conn: &mut C, keys: Vec<Self::Key>) -> Result<usize>;
}

/// Deletes `row` and applies its relationships' cascades, in one
/// transaction. Returns the number of rows of `row`'s table deleted (0 if it
/// was already gone).
pub fn delete<C: Connection, M: Delete<C>>(conn: &mut C, row: &M) -> Result<usize> {
    delete_all(conn, std::slice::from_ref(row))
}

/// [`delete`] for several rows of one model, in one transaction.
pub fn delete_all<C: Connection, M: Delete<C>>(conn: &mut C, rows: &[M]) -> Result<usize> {
    let keys = rows.iter().map(Model::primary_key).collect();
    conn.transaction(|conn| M::delete_keys(conn, keys))
}

/// The relationships a model's delete walks, as the derive lists them: a
/// cons list `(Step, (Step, ()))` of [`Children`], [`OwnChildren`],
/// [`Detach`] and [`Unlink`].
#[doc(hidden)]
pub trait Cascades: Model {
    type List;
}

/// `DELETE FROM table WHERE pk IN (keys)`.
type DeleteRows<M> = diesel::dsl::delete<
    Filter<
        <M as Model>::Table,
        KeyIn<<<M as Model>::Table as Table>::PrimaryKey, <M as Model>::Key>,
    >,
>;

impl<M, C> Delete<C> for M
where
    M: Cascades,
    C: Connection,
    M::List: CascadeList<M, C>,
    M::Table: FilterDsl<KeyIn<<M::Table as Table>::PrimaryKey, M::Key>>,
    Filter<M::Table, KeyIn<<M::Table as Table>::PrimaryKey, M::Key>>: IntoUpdateTarget,
    DeleteRows<M>: ExecuteDsl<C>,
{
    fn delete_keys(conn: &mut C, keys: Vec<M::Key>) -> Result<usize> {
        if keys.is_empty() {
            return Ok(0);
        }
        M::List::run(conn, &keys, M::delete_keys)?;
        let pk = M::Table::default().primary_key();
        let rows = diesel::delete(FilterDsl::filter(M::Table::default(), KeyIn::new(pk, keys)));
        ExecuteDsl::execute(rows, conn)
            .map_err(|e| RelationError::from_diesel(M::MODEL, M::TABLE, e))
    }
}

/// Deletes a model's own rows by key: how a step recurses into the model
/// being deleted.
#[doc(hidden)]
pub type DeleteFn<C, M> = fn(&mut C, Vec<<M as Model>::Key>) -> Result<usize>;

/// The steps of a [`Cascades`] list, run in order.
#[doc(hidden)]
pub trait CascadeList<M: Model, C> {
    fn run(conn: &mut C, keys: &[M::Key], this: DeleteFn<C, M>) -> Result<()>;
}

impl<M: Model, C> CascadeList<M, C> for () {
    fn run(_: &mut C, _: &[M::Key], _: DeleteFn<C, M>) -> Result<()> {
        Ok(())
    }
}

impl<M: Model, C, H, T> CascadeList<M, C> for (H, T)
where
    H: CascadeList<M, C>,
    T: CascadeList<M, C>,
{
    fn run(conn: &mut C, keys: &[M::Key], this: DeleteFn<C, M>) -> Result<()> {
        H::run(conn, keys, this)?;
        T::run(conn, keys, this)
    }
}

/// A collection with a delete cascade into another model: its rows are
/// deleted with their own cascades.
#[doc(hidden)]
pub struct Children<R>(PhantomData<R>);
/// A collection with a delete cascade into the model's own table.
#[doc(hidden)]
pub struct OwnChildren<R>(PhantomData<R>);
/// A collection without a delete cascade: its foreign keys are set to NULL,
/// or the delete is refused where they cannot be.
#[doc(hidden)]
pub struct Detach<R>(PhantomData<R>);
/// A many-to-many: its association rows are deleted.
#[doc(hidden)]
pub struct Unlink<R>(PhantomData<R>);

impl<'q, M, C, R> CascadeList<M, C> for Children<R>
where
    M: Model,
    C: Connection,
    R: OneToMany<Source = M>,
    R::Target: Delete<C>,
    R::ChildKeys: LoadQuery<'q, C, <R::Target as Model>::Key> + RunQueryDsl<C>,
    R::Nullify: ExecuteDsl<C>,
{
    fn run(conn: &mut C, keys: &[M::Key], _: DeleteFn<C, M>) -> Result<()> {
        one_to_many::<R, C>(conn, keys, R::Target::delete_keys)
    }
}

impl<'q, M, C, R> CascadeList<M, C> for OwnChildren<R>
where
    M: Model,
    C: Connection,
    R: OneToMany<Source = M, Target = M>,
    R::ChildKeys: LoadQuery<'q, C, R::Key> + RunQueryDsl<C>,
    R::Nullify: ExecuteDsl<C>,
{
    fn run(conn: &mut C, keys: &[M::Key], this: DeleteFn<C, M>) -> Result<()> {
        one_to_many::<R, C>(conn, keys, this)
    }
}

impl<'q, M, C, R> CascadeList<M, C> for Detach<R>
where
    M: Model,
    C: Connection,
    R: OneToMany<Source = M>,
    R::ChildKeys: LoadQuery<'q, C, <R::Target as Model>::Key> + RunQueryDsl<C>,
    R::Nullify: ExecuteDsl<C>,
{
    fn run(conn: &mut C, keys: &[M::Key], _: DeleteFn<C, M>) -> Result<()> {
        one_to_many::<R, C>(conn, keys, |_, _| {
            unreachable!("the derive lists a delete cascade as Children or OwnChildren")
        })
    }
}

impl<M, C, R> CascadeList<M, C> for Unlink<R>
where
    M: Model,
    C: Connection,
    R: ManyToMany<Source = M>,
    R::UnlinkSources: ExecuteDsl<C>,
{
    fn run(conn: &mut C, keys: &[M::Key], _: DeleteFn<C, M>) -> Result<()> {
        many_to_many::<R, C>(conn, keys)
    }
}

/// The children of the deleted parents, per the relationship's cascade;
/// `delete_children` deletes them with their own cascades.
fn one_to_many<'q, R, C>(
    conn: &mut C,
    keys: &[R::Key],
    delete_children: DeleteFn<C, R::Target>,
) -> Result<()>
where
    R: OneToMany,
    C: Connection,
    R::ChildKeys: LoadQuery<'q, C, <R::Target as Model>::Key> + RunQueryDsl<C>,
    R::Nullify: ExecuteDsl<C>,
{
    if R::CASCADE.passive_deletes {
        return Ok(());
    }
    let err = |e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e);
    if R::CASCADE.delete {
        let children: Vec<_> = R::child_keys(keys.to_vec()).load(conn).map_err(err)?;
        delete_children(conn, children)?;
    } else if R::NULLABLE {
        ExecuteDsl::execute(R::nullify(keys.to_vec()), conn).map_err(err)?;
    } else {
        let children: Vec<<R::Target as Model>::Key> =
            R::child_keys(keys.to_vec()).load(conn).map_err(err)?;
        if !children.is_empty() {
            return Err(RelationError::DeleteRestricted {
                relationship: R::full_name(),
                target: R::target_name(),
                foreign_key: R::FOREIGN_KEY,
                count: children.len(),
            });
        }
    }
    Ok(())
}

/// The association rows of the deleted sources.
fn many_to_many<R, C>(conn: &mut C, keys: &[<R::Source as Model>::Key]) -> Result<()>
where
    R: ManyToMany,
    C: Connection,
    R::UnlinkSources: ExecuteDsl<C>,
{
    if R::PASSIVE_DELETES || R::VIEWONLY {
        return Ok(());
    }
    ExecuteDsl::execute(R::unlink_sources(keys.to_vec()), conn)
        .map_err(|e| RelationError::from_diesel(R::full_name(), R::SECONDARY, e))?;
    Ok(())
}
