//! The parent key values of rows known by their primary keys: what a
//! delete cascade and a graph insert hold of the parents they write, turned
//! into what the children's foreign keys hold.
//!
//! For a relationship joining on the primary key ([`ByPrimaryKey`]) that is
//! the keys themselves, no query; for one joining on a UNIQUE column
//! ([`Referenced`]) it is one `SELECT pk, column FROM parent WHERE pk IN
//! (keys)` per run of keys the backend can carry.

use crate::eager::chunk_size;
use crate::error::{RelationError, Result};
use crate::keys::{chunks, KeyList};
use crate::relationship::{ByPrimaryKey, Model, Referenced, ReferencedColumn};
use crate::rows::{key_chunk, pk_in, PkIn};
use diesel::dsl::{Filter, Select};
use diesel::query_dsl::methods::{FilterDsl, SelectDsl};
use diesel::query_dsl::LoadQuery;
use diesel::{Connection, RunQueryDsl, Table};
use std::collections::HashMap;

/// `SELECT pk, column FROM parent WHERE pk IN (keys)`.
type KeyPairs<M, Col> =
    Select<Filter<<M as Model>::Table, PkIn<M>>, (<<M as Model>::Table as Table>::PrimaryKey, Col)>;

/// Reads the parent key values `K` of the parents `M` with primary keys
/// `keys`, in the order of `keys` (`None` for a parent that does not exist).
#[doc(hidden)]
pub trait ParentKeys<M: Model, C, K> {
    /// The values, for `relationship` (which an error names).
    fn of_keys(conn: &mut C, keys: &[M::Key], relationship: &'static str)
        -> Result<Vec<Option<K>>>;

    /// The values of the parents that exist.
    fn existing(conn: &mut C, keys: &[M::Key], relationship: &'static str) -> Result<Vec<K>> {
        Ok(Self::of_keys(conn, keys, relationship)?
            .into_iter()
            .flatten()
            .collect())
    }
}

impl<M: Model, C> ParentKeys<M, C, M::Key> for ByPrimaryKey {
    fn of_keys(_: &mut C, keys: &[M::Key], _: &'static str) -> Result<Vec<Option<M::Key>>> {
        Ok(keys.iter().cloned().map(Some).collect())
    }
    fn existing(_: &mut C, keys: &[M::Key], _: &'static str) -> Result<Vec<M::Key>> {
        Ok(keys.to_vec())
    }
}

impl<'q, M, C, D> ParentKeys<M, C, D::Value> for Referenced<D>
where
    M: Model,
    C: Connection,
    C::Backend: KeyList,
    D: ReferencedColumn<M, Column: Default>,
    (<M::Table as Table>::PrimaryKey, D::Column): diesel::Expression,
    M::Table: FilterDsl<PkIn<M>>,
    Filter<M::Table, PkIn<M>>: SelectDsl<(<M::Table as Table>::PrimaryKey, D::Column)>,
    KeyPairs<M, D::Column>: LoadQuery<'q, C, (M::Key, D::Value)> + RunQueryDsl<C>,
{
    fn of_keys(
        conn: &mut C,
        keys: &[M::Key],
        relationship: &'static str,
    ) -> Result<Vec<Option<D::Value>>> {
        let mut found: HashMap<M::Key, D::Value> = HashMap::with_capacity(keys.len());
        let per_statement = key_chunk::<M, C::Backend>(chunk_size::<C::Backend>());
        for run in chunks::<C::Backend, _>(keys, per_statement) {
            let pk = M::Table::default().primary_key();
            let in_run = pk_in::<M>(run.to_vec());
            let rows = FilterDsl::filter(M::Table::default(), in_run);
            let pairs: Vec<(M::Key, D::Value)> =
                SelectDsl::select(rows, (pk, D::Column::default()))
                    .load(conn)
                    .map_err(|e| RelationError::from_diesel(relationship, M::TABLE, e))?;
            found.extend(pairs);
        }
        Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
    }
}
