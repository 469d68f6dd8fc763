//! The one error type every relationship operation returns.
//!
//! Each variant names the relationship (`Model.relationship`) so a log line
//! says which declaration was involved, not only what the database said.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What went wrong while loading or writing through a relationship.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use diesel::connection::SimpleConnection;
/// use diesel_relations::RelationError;
/// let conn = &mut connection();
/// // Bob is deleted behind the relationships' back.
/// conn.batch_execute("PRAGMA foreign_keys = OFF; DELETE FROM customers WHERE id = 2;")?;
/// let invoice: Invoice = invoices::table.find(3).select(Invoice::as_select()).first(conn)?;
/// let error = invoice.customer().get(conn).unwrap_err();
/// assert!(matches!(error, RelationError::MissingTarget { relationship: "Invoice.customer", .. }));
/// assert!(error.to_string().starts_with("Invoice.customer: no Customer row has"), "{error}");
/// # Ok(())
/// # }
/// ```
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

    /// A one-to-one found more than one target: the foreign key is not
    /// UNIQUE in the database. Never a silent first row.
    #[error(
        "{relationship}: found more than one {target} row with {foreign_key} = {key}, but a \
         one-to-one allows one: make {foreign_key} UNIQUE"
    )]
    MultipleRows {
        /// `Model.relationship`
        relationship: &'static str,
        /// The target model's name.
        target: &'static str,
        /// The foreign key column, `table.column`.
        foreign_key: &'static str,
        /// The key, as `Debug` prints it.
        key: String,
        /// How many rows the check saw (it stops looking at 2).
        count: usize,
    },

    /// Deleting a row would leave children pointing at it: the foreign key is
    /// NOT NULL and the relationship has no delete cascade. Nothing changed.
    #[error(
        "{relationship}: cannot delete: {count} {target} row(s) point at it through {foreign_key}, \
         which is NOT NULL; {hint}",
        hint = restricted_hint(relationship, target, backref)
    )]
    DeleteRestricted {
        /// `Model.relationship`
        relationship: &'static str,
        /// The child model's name.
        target: &'static str,
        /// The foreign key column, `table.column`.
        foreign_key: &'static str,
        /// How many children are in the way.
        count: usize,
        /// The relationship whose `backref` declared the collection
        /// (`Player.team` for `Team.players`), when it is one: a backref
        /// takes no cascade of its own.
        backref: Option<&'static str>,
    },

    /// Removing a child from a collection would set a NOT NULL foreign key to
    /// NULL. Nothing changed.
    #[error(
        "{relationship}: cannot remove the {target} from the collection: {foreign_key} is NOT NULL; \
         declare cascade = \"all, delete-orphan\" to delete removed children"
    )]
    RemoveRestricted {
        /// `Model.relationship`
        relationship: &'static str,
        /// The child model's name.
        target: &'static str,
        /// The foreign key column, `table.column`.
        foreign_key: &'static str,
    },

    /// A write through a `viewonly` relationship.
    #[error(
        "{relationship} is viewonly: its rows in {secondary} carry columns of their own; \
         write them through the association object's model"
    )]
    ViewOnly {
        /// `Model.relationship`
        relationship: &'static str,
        /// The association table.
        secondary: &'static str,
    },

    /// A multi-row INSERT on MySQL or MariaDB found
    /// `innodb_autoinc_lock_mode` 2 after it ran, where the keys
    /// `AUTO_INCREMENT` gives one statement need not be consecutive: the
    /// new rows' keys cannot be known, so the write was refused and its rows
    /// rolled back with the call's transaction. The graph functions read
    /// the mode first and insert one row per statement under it, so this
    /// is a guard against guessing, not an answer they give.
    #[error(
        "{relationship}: cannot tell the keys of the rows inserted through {column}: under \
         innodb_autoinc_lock_mode = {lock_mode} one INSERT's AUTO_INCREMENT keys need not be \
         consecutive; run the server with innodb_autoinc_lock_mode = 1, or insert the rows \
         one at a time"
    )]
    KeysUnknown {
        /// `Model.relationship`, or the model for `graph::insert_rows`.
        relationship: &'static str,
        /// The foreign key column (`table.column`), or the table.
        column: &'static str,
        /// The server's `innodb_autoinc_lock_mode`.
        lock_mode: u64,
    },

    /// The database rolled back the whole transaction the write ran in: a
    /// deadlock or a Galera certification failure on MySQL/MariaDB (InnoDB
    /// rolls back the transaction, savepoints included), a serialization
    /// failure or deadlock on PostgreSQL. When the write ran inside the
    /// caller's transaction, that transaction is gone too: nothing done in
    /// it afterwards commits, later writes in it fail, and Diesel's
    /// transaction manager is marked broken, so committing it is an error
    /// (drop the connection; a pool discards it by itself). Retry the whole
    /// transaction on a fresh one.
    #[error(
        "{relationship}: the database rolled back the transaction ({source}); \
         nothing of it commits: retry the whole transaction"
    )]
    TransactionAborted {
        /// `Model.relationship`
        relationship: &'static str,
        /// The database's own error.
        #[source]
        source: DieselError,
    },

    /// Opening or committing the transaction around a write failed.
    #[error("the transaction around a relationship write failed: {0}")]
    Transaction(#[from] DieselError),

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
    pub fn relationship(&self) -> Option<&'static str> {
        Some(match self {
            RelationError::MissingTarget { relationship, .. }
            | RelationError::MultipleRows { relationship, .. }
            | RelationError::DeleteRestricted { relationship, .. }
            | RelationError::RemoveRestricted { relationship, .. }
            | RelationError::ViewOnly { relationship, .. }
            | RelationError::NullForeignKey { relationship, .. }
            | RelationError::ForeignKeyViolation { relationship, .. }
            | RelationError::KeysUnknown { relationship, .. }
            | RelationError::Database { relationship, .. }
            | RelationError::TransactionAborted { relationship, .. } => relationship,
            RelationError::Transaction(_) => return None,
        })
    }
}

/// Short for `Result<T, RelationError>`.
pub type Result<T, E = RelationError> = std::result::Result<T, E>;

/// What a [`RelationError::DeleteRestricted`] suggests: a cascade on the
/// collection, or, for a collection declared by `backref` (which takes no
/// cascade), declaring it on its own model with `back_populates`.
fn restricted_hint(relationship: &str, target: &str, backref: &Option<&'static str>) -> String {
    let Some(backref) = backref else {
        return "declare cascade = \"all, delete-orphan\" to delete them too, \
                or delete or move them first"
            .to_owned();
    };
    let (model, name) = relationship.split_once('.').unwrap_or(("", relationship));
    let back = backref.split_once('.').map_or(*backref, |(_, name)| name);
    format!(
        "{relationship} is the backref of {backref}, which takes no cascade: declare {name} on \
         {model} with back_populates = \"{back}\" and cascade = \"all, delete-orphan\" (and \
         back_populates = \"{name}\" instead of backref on {backref}), or delete or move the \
         {target} rows first"
    )
}
