//! Writes through a relationship: the relationship fills in the foreign key.

use crate::error::{RelationError, Result};
use crate::lazy::ToMany;
use crate::relationship::OneToMany;
use diesel::dsl::{insert_into, Values};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::{Column, Connection, Insertable};

/// The table the foreign key of a one-to-many lives on (the children's).
type ChildTable<R> = <<R as OneToMany>::ForeignKey as Column>::Table;
/// One child row to insert: the foreign key, then the caller's values.
type ChildRow<R, V> = (<R as OneToMany>::Assign, V);

impl<R: OneToMany> ToMany<R> {
    /// Inserts children of this parent, in one multi-row INSERT, with the
    /// foreign key set to the parent's key. `rows` are `Insertable` values
    /// for the children's table that leave the foreign key out.
    ///
    /// Returns the number of rows inserted. It runs in a transaction (a
    /// savepoint inside the caller's): a parent that does not exist is
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
            .map_err(|e| RelationError::from_diesel(R::NAME, R::FOREIGN_KEY, e))
    }
}
