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
//! A cascade can recurse through its own model (an employee's reports), and
//! a recursive bound never resolves in rustc's trait solver (E0275), so
//! [`Delete`] is implemented by the derive once per backend enabled in this
//! crate's features, without where clauses; the work itself is the generic
//! functions below.

use crate::error::{RelationError, Result};
use crate::relationship::{ManyToMany, Model, OneToMany};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::query_dsl::LoadQuery;
use diesel::{Connection, RunQueryDsl};

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

/// The children of the deleted parents, per the relationship's cascade.
#[doc(hidden)]
pub fn one_to_many<'q, R, C>(conn: &mut C, keys: &[R::Key]) -> Result<()>
where
    R: OneToMany,
    C: Connection,
    R::Target: Delete<C>,
    R::ChildKeys: LoadQuery<'q, C, <R::Target as Model>::Key> + RunQueryDsl<C>,
    R::Nullify: ExecuteDsl<C>,
{
    if R::CASCADE.passive_deletes {
        return Ok(());
    }
    let err = |e| RelationError::from_diesel(R::NAME, R::FOREIGN_KEY, e);
    if R::CASCADE.delete {
        let children: Vec<_> = R::child_keys(keys.to_vec()).load(conn).map_err(err)?;
        R::Target::delete_keys(conn, children)?;
    } else if R::NULLABLE {
        ExecuteDsl::execute(R::nullify(keys.to_vec()), conn).map_err(err)?;
    } else {
        let children: Vec<<R::Target as Model>::Key> =
            R::child_keys(keys.to_vec()).load(conn).map_err(err)?;
        if !children.is_empty() {
            return Err(RelationError::DeleteRestricted {
                relationship: R::NAME,
                target: R::TARGET_NAME,
                foreign_key: R::FOREIGN_KEY,
                count: children.len(),
            });
        }
    }
    Ok(())
}

/// The association rows of the deleted sources.
#[doc(hidden)]
pub fn many_to_many<R, C>(conn: &mut C, keys: &[<R::Source as Model>::Key]) -> Result<()>
where
    R: ManyToMany,
    C: Connection,
    R::UnlinkSources: ExecuteDsl<C>,
{
    if R::PASSIVE_DELETES || R::VIEWONLY {
        return Ok(());
    }
    ExecuteDsl::execute(R::unlink_sources(keys.to_vec()), conn)
        .map_err(|e| RelationError::from_diesel(R::NAME, R::SECONDARY, e))?;
    Ok(())
}

/// The rows themselves, last.
#[doc(hidden)]
pub fn rows<M, C>(conn: &mut C, keys: Vec<M::Key>) -> Result<usize>
where
    M: Model,
    C: Connection,
    M::DeleteRows: ExecuteDsl<C>,
{
    ExecuteDsl::execute(M::delete_rows(keys), conn)
        .map_err(|e| RelationError::from_diesel(M::MODEL, M::TABLE, e))
}

/// `impl Delete<Conn> for Model` for every backend this crate was built
/// with: `__impl_delete!(Model; [one-to-many markers]; [many-to-many markers])`.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete {
    ($($spec:tt)*) => {
        $crate::__impl_delete_sqlite!($($spec)*);
        $crate::__impl_delete_postgres!($($spec)*);
        $crate::__impl_delete_mysql!($($spec)*);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_for {
    ($conn:ty; $model:ty; [$($o2m:ty),*]; [$($m2m:ty),*]) => {
        impl $crate::Delete<$conn> for $model {
            fn delete_keys(
                conn: &mut $conn,
                keys: ::std::vec::Vec<<$model as $crate::Model>::Key>,
            ) -> $crate::Result<usize> {
                if keys.is_empty() {
                    return ::core::result::Result::Ok(0);
                }
                $($crate::__private::cascade::one_to_many::<$o2m, $conn>(conn, &keys)?;)*
                $($crate::__private::cascade::many_to_many::<$m2m, $conn>(conn, &keys)?;)*
                $crate::__private::cascade::rows::<$model, $conn>(conn, keys)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_sqlite {
    ($($spec:tt)*) => { $crate::__impl_delete_for!($crate::__private::diesel::SqliteConnection; $($spec)*); };
}
#[cfg(not(feature = "sqlite"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_sqlite {
    ($($spec:tt)*) => {};
}

#[cfg(feature = "postgres")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_postgres {
    ($($spec:tt)*) => { $crate::__impl_delete_for!($crate::__private::diesel::PgConnection; $($spec)*); };
}
#[cfg(not(feature = "postgres"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_postgres {
    ($($spec:tt)*) => {};
}

#[cfg(feature = "mysql")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_mysql {
    ($($spec:tt)*) => { $crate::__impl_delete_for!($crate::__private::diesel::MysqlConnection; $($spec)*); };
}
#[cfg(not(feature = "mysql"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_delete_mysql {
    ($($spec:tt)*) => {};
}
