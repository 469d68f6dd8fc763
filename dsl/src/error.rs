//! The one error type every relationship operation returns.
//!
//! Each variant names the relationship (`Model.relationship`) so a log line
//! says which declaration was involved, not only what the database said.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What went wrong while loading or writing through a relationship.
#[derive(Debug, thiserror::Error)]
pub enum RelationError {
    /// A foreign key holds a value, but the row it points at does not exist
    /// (it was deleted without a cascade, or the constraint is not enforced).
    #[error(
        "{relationship}: no {target} row has {target_key} = {key} \
         (the foreign key {foreign_key} points at a row that is gone)"
    )]
    MissingTarget {
        /// `Model.relationship`
        relationship: &'static str,
        /// The target model's name.
        target: &'static str,
        /// The referenced column, `table.column`.
        target_key: &'static str,
        /// The foreign key column, `table.column`.
        foreign_key: &'static str,
        /// The dangling value, as `Debug` prints it.
        key: String,
    },

    /// A relationship declared as required (`customer: Customer`) found its
    /// foreign key NULL. Declare it `Option<Customer>` if NULL is legitimate.
    #[error(
        "{relationship}: the foreign key {foreign_key} is NULL, but the relationship \
         is declared required; declare it as an Option<_> if NULL is allowed"
    )]
    NullForeignKey {
        /// `Model.relationship`
        relationship: &'static str,
        /// The foreign key column, `table.column`.
        foreign_key: &'static str,
    },

    /// The database refused a write because a foreign key would point at a
    /// missing row (for example inserting children of a parent that is gone).
    #[error("{relationship}: the database rejected the write on {foreign_key}: {message}")]
    ForeignKeyViolation {
        /// `Model.relationship`
        relationship: &'static str,
        /// The foreign key column, `table.column`.
        foreign_key: &'static str,
        /// The database's own message.
        message: String,
    },

    /// Any other database error, with the relationship it happened in.
    #[error("{relationship}: {source}")]
    Database {
        /// `Model.relationship`
        relationship: &'static str,
        /// Diesel's error.
        #[source]
        source: DieselError,
    },
}

impl RelationError {
    /// Wraps a Diesel error, recognising foreign key violations.
    pub(crate) fn from_diesel(
        relationship: &'static str,
        foreign_key: &'static str,
        error: DieselError,
    ) -> Self {
        match error {
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                RelationError::ForeignKeyViolation {
                    relationship,
                    foreign_key,
                    message: info.message().to_owned(),
                }
            }
            source => RelationError::Database {
                relationship,
                source,
            },
        }
    }

    /// The relationship the error happened in, `Model.relationship`.
    pub fn relationship(&self) -> &'static str {
        match self {
            RelationError::MissingTarget { relationship, .. }
            | RelationError::NullForeignKey { relationship, .. }
            | RelationError::ForeignKeyViolation { relationship, .. }
            | RelationError::Database { relationship, .. } => relationship,
        }
    }
}

/// Short for `Result<T, RelationError>`.
pub type Result<T, E = RelationError> = std::result::Result<T, E>;
