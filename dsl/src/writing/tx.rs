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
//!
//! Written once for both modes ([`crate::exec::Transact`]): Diesel's
//! transaction manager for a `diesel::Connection`, diesel-async's for an
//! `AsyncConnection`, which keep the same savepoint depth and broken state.

use crate::error::{RelationError, Result};
use crate::exec::{Transact, WriteDb};
use crate::upkeep::{Aborted, LinkWrites};
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
                // MariaDB's 1305 on RELEASE / ROLLBACK TO of a savepoint this
                // write opened: Galera rolled the transaction back between
                // two statements and the savepoint went with it.
                || (message.starts_with("SAVEPOINT ") && message.ends_with(" does not exist"))
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

/// Opens the transaction of a write (a savepoint inside the caller's), in
/// mode `M`; returns whether it is nested, which [`finish`] needs. Every
/// write is `begin`, its statements, then `finish` with their result:
///
/// ```text
/// let nested = tx::begin::<M, C>(conn, relationship).await?;
/// let result = async { /* the write's statements on conn */ }.await;
/// tx::finish::<M, C, _>(conn, relationship, nested, result).await
/// ```
pub(crate) async fn begin<M, C>(conn: &mut C, relationship: &'static str) -> Result<bool>
where
    C: Transact<M>,
    WriteDb<C, M>: LinkWrites,
{
    let database = |source| RelationError::Database {
        relationship,
        source,
    };
    let nested = conn.depth().map_err(database)?.is_some();
    if let Err(source) = conn.begin().await {
        // A transaction killed between two statements (Galera's
        // brute-force abort of a local transaction that a replicated one
        // conflicts with) fails the SAVEPOINT itself.
        if !kills_transaction(&source) {
            return Err(database(source));
        }
        if nested {
            keep_aborted::<M, C>(conn).await;
        }
        return Err(RelationError::TransactionAborted {
            relationship,
            source,
        });
    }
    Ok(nested)
}

/// Closes the transaction [`begin`] opened: commits it if the write
/// succeeded, rolls it back otherwise, as the module docs say.
pub(crate) async fn finish<M, C, T>(
    conn: &mut C,
    relationship: &'static str,
    nested: bool,
    result: Result<T>,
) -> Result<T>
where
    C: Transact<M>,
    WriteDb<C, M>: LinkWrites,
{
    let database = |source| RelationError::Database {
        relationship,
        source,
    };
    match result {
        Ok(value) => match conn.commit().await {
            Ok(()) => Ok(value),
            Err(source) => {
                let killed = kills_transaction(&source);
                // Diesel rolls back a failed top-level COMMIT itself, but
                // leaves a failed RELEASE SAVEPOINT (the transaction killed
                // just before it) counted as open: the caller's rollback
                // would then name a savepoint the database no longer has.
                if nested {
                    if killed {
                        keep_aborted::<M, C>(conn).await;
                    } else {
                        let _ = conn.rollback().await;
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
            let aborted = <WriteDb<C, M> as LinkWrites>::ABORTED;
            if killed && nested && aborted != Aborted::Never {
                keep_aborted::<M, C>(conn).await;
            } else {
                // The write's error is the one to report, whatever the
                // rollback says (Diesel marks the connection broken itself
                // when a top-level rollback fails).
                let _ = conn.rollback().await;
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
async fn keep_aborted<M, C>(conn: &mut C)
where
    C: Transact<M>,
    WriteDb<C, M>: LinkWrites,
{
    let aborted = <WriteDb<C, M> as LinkWrites>::ABORTED;
    if aborted == Aborted::Never {
        return;
    }
    if let Aborted::Reopen(sql) = aborted {
        // If this fails the session is unusable anyway.
        let _ = conn.batch(sql).await;
    }
    conn.set_in_error();
}

#[cfg(test)]
mod tests {
    use super::kills_transaction;
    use diesel::result::{DatabaseErrorKind, Error as DieselError};

    fn unknown(message: &str) -> DieselError {
        DieselError::DatabaseError(DatabaseErrorKind::Unknown, Box::new(message.to_string()))
    }

    #[test]
    fn a_vanished_savepoint_is_a_killed_transaction() {
        assert!(kills_transaction(&unknown(
            "SAVEPOINT diesel_savepoint_1 does not exist"
        )));
        assert!(kills_transaction(&unknown("WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction")));
        assert!(!kills_transaction(&unknown(
            "Table 'test.nope' doesn't exist"
        )));
        assert!(!kills_transaction(&unknown(
            "duplicate key value violates unique constraint"
        )));
    }
}
