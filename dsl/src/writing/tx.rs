//! The transaction around a relationship write: a transaction of its own,
//! or a savepoint inside the caller's, like Diesel's
//! `Connection::transaction`, with two differences:
//!
//! - when the write fails and the rollback fails too, the error is the
//!   write's, not the rollback's (a killed MariaDB session otherwise reports
//!   only the failed `ROLLBACK TO SAVEPOINT`);
//! - when the database has rolled back the whole transaction (a deadlock on
//!   InnoDB, which rolls back savepoints and all; a serialization failure or
//!   deadlock on PostgreSQL), the error is
//!   [`RelationError::TransactionAborted`], and if the write ran inside the
//!   caller's transaction, nothing the caller does afterwards in it can
//!   commit: on PostgreSQL the transaction is left in its aborted state
//!   (every later statement fails, and so does `COMMIT`), on MySQL/MariaDB,
//!   whose session is back in autocommit, a read-only transaction is opened
//!   so that later writes fail instead of committing one by one; and in
//!   both cases Diesel's transaction manager is marked broken, so the
//!   caller's `transaction()` reports an error instead of a commit.

use crate::error::{RelationError, Result};
use crate::upkeep::{Aborted, LinkWrites};
use diesel::connection::{Connection, TransactionManager};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Whether the database rolled back the transaction in which `error`
/// happened (see the module docs).
pub fn kills_transaction(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        // PostgreSQL's 40P01, which Diesel does not classify, and
        // MySQL/MariaDB's 1213 where Diesel reads no error code: a
        // statement sent as text (`COMMIT`, where Galera reports a
        // certification failure) gives `DatabaseErrorKind::Unknown`.
        DieselError::DatabaseError(_, info) => {
            let message = info.message();
            message.starts_with("deadlock detected")
                || message.starts_with("Deadlock found when trying to get lock")
                || message.starts_with("WSREP detected deadlock/conflict")
        }
        _ => false,
    }
}

/// The Diesel error a relationship error wraps, if it may be a killed
/// transaction.
fn database_error(error: &RelationError) -> Option<&DieselError> {
    match error {
        RelationError::Database { source, .. } | RelationError::Transaction(source) => Some(source),
        _ => None,
    }
}

/// Runs `write` in a transaction (a savepoint inside the caller's), as the
/// module docs say.
pub(crate) fn write_transaction<C, T>(
    conn: &mut C,
    relationship: &'static str,
    write: impl FnOnce(&mut C) -> Result<T>,
) -> Result<T>
where
    C: Connection,
    C::Backend: LinkWrites,
{
    let database = |source| RelationError::Database {
        relationship,
        source,
    };
    let nested = C::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_err(database)?
        .is_some();
    if let Err(source) = C::TransactionManager::begin_transaction(conn) {
        // A transaction killed between two statements (Galera's
        // brute-force abort of a local transaction that a replicated one
        // conflicts with) fails the SAVEPOINT itself.
        if !kills_transaction(&source) {
            return Err(database(source));
        }
        if nested {
            keep_aborted(conn);
        }
        return Err(RelationError::TransactionAborted {
            relationship,
            source,
        });
    }
    match write(conn) {
        Ok(value) => match C::TransactionManager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(source) => {
                let killed = kills_transaction(&source);
                // Diesel rolls back a failed top-level COMMIT itself, but
                // leaves a failed RELEASE SAVEPOINT (the transaction killed
                // just before it) counted as open: the caller's rollback
                // would then name a savepoint the database no longer has.
                if nested {
                    if killed {
                        keep_aborted(conn);
                    } else {
                        let _ = C::TransactionManager::rollback_transaction(conn);
                    }
                }
                if killed {
                    Err(RelationError::TransactionAborted {
                        relationship,
                        source,
                    })
                } else {
                    Err(database(source))
                }
            }
        },
        Err(error) => {
            let killed = database_error(&error).is_some_and(kills_transaction);
            let aborted = <C::Backend as LinkWrites>::ABORTED;
            if killed && nested && aborted != Aborted::Never {
                keep_aborted(conn);
            } else {
                // The write's error is the one to report, whatever the
                // rollback says (Diesel marks the connection broken itself
                // when a top-level rollback fails).
                let _ = C::TransactionManager::rollback_transaction(conn);
            }
            // The relationship the failed statement ran for (a cascade's
            // child delete names its own), else the write's.
            match error {
                RelationError::Database {
                    relationship,
                    source,
                } if killed => Err(RelationError::TransactionAborted {
                    relationship,
                    source,
                }),
                RelationError::Transaction(source) if killed => {
                    Err(RelationError::TransactionAborted {
                        relationship,
                        source,
                    })
                }
                error => Err(error),
            }
        }
    }
}

/// Keeps the caller's transaction, which the database rolled back, from
/// committing anything (see the module docs).
fn keep_aborted<C>(conn: &mut C)
where
    C: Connection,
    C::Backend: LinkWrites,
{
    let aborted = <C::Backend as LinkWrites>::ABORTED;
    if aborted == Aborted::Never {
        return;
    }
    if let Aborted::Reopen(sql) = aborted {
        // If this fails the session is unusable anyway.
        let _ = conn.batch_execute(sql);
    }
    C::TransactionManager::transaction_manager_status_mut(conn).set_in_error();
}
