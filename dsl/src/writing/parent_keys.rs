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
use crate::exec::{Connected, Db, Load};
use crate::keys::{chunks, KeyList};
use crate::relationship::{ByPrimaryKey, Model, Referenced, ReferencedColumn};
use crate::rows::{key_chunk, pk_in, PkIn};
use diesel::dsl::{Filter, Select};
use diesel::query_dsl::methods::{FilterDsl, SelectDsl};
use diesel::Table;
use std::collections::HashMap;
use std::future::Future;

/// `SELECT pk, column FROM parent WHERE pk IN (keys)`.
pub type KeyPairs<M, Col> =
    Select<Filter<<M as Model>::Table, PkIn<M>>, (<<M as Model>::Table as Table>::PrimaryKey, Col)>;

/// Reads the parent key values `K` of the parents `M` with primary keys
/// `keys`, in the order of `keys` (`None` for a parent that does not exist),
/// on a connection `C` of mode `Mo` ([`crate::exec`]).
#[doc(hidden)]
pub trait ParentKeys<M: Model, C, K, Mo> {
    /// The values, for `relationship` (which an error names).
    fn of_keys<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        relationship: &'static str,
    ) -> impl Future<Output = Result<Vec<Option<K>>>> + Send + 'a;

    /// The values of the parents that exist.
    fn existing<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        relationship: &'static str,
    ) -> impl Future<Output = Result<Vec<K>>> + Send + 'a;
}

impl<M: Model, C, Mo> ParentKeys<M, C, M::Key, Mo> for ByPrimaryKey {
    fn of_keys<'a>(
        _: &'a mut C,
        keys: &'a [M::Key],
        _: &'static str,
    ) -> impl Future<Output = Result<Vec<Option<M::Key>>>> + Send + 'a {
        std::future::ready(Ok(keys.iter().cloned().map(Some).collect()))
    }
    fn existing<'a>(
        _: &'a mut C,
        keys: &'a [M::Key],
        _: &'static str,
    ) -> impl Future<Output = Result<Vec<M::Key>>> + Send + 'a {
        std::future::ready(Ok(keys.to_vec()))
    }
}

impl<M, C, D, Mo> ParentKeys<M, C, D::Value, Mo> for Referenced<D>
where
    M: Model,
    C: Load<Mo, KeyPairs<M, D::Column>, (M::Key, D::Value)> + Connected<Mo>,
    Db<C, Mo>: KeyList,
    D: ReferencedColumn<M, Column: Default>,
    (<M::Table as Table>::PrimaryKey, D::Column): diesel::Expression,
    M::Table: FilterDsl<PkIn<M>>,
    Filter<M::Table, PkIn<M>>: SelectDsl<(<M::Table as Table>::PrimaryKey, D::Column)>,
{
    fn of_keys<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        relationship: &'static str,
    ) -> impl Future<Output = Result<Vec<Option<D::Value>>>> + Send + 'a {
        async move {
            let mut found: HashMap<M::Key, D::Value> = HashMap::with_capacity(keys.len());
            let per_statement = key_chunk::<M, Db<C, Mo>>(chunk_size::<Db<C, Mo>>());
            for run in chunks::<Db<C, Mo>, _>(keys, per_statement) {
                let pairs: Vec<(M::Key, D::Value)> =
                    Load::<Mo, _, _>::all(conn, key_pairs::<M, D::Column>(run.to_vec()))
                        .await
                        .map_err(|e| RelationError::from_diesel(relationship, M::TABLE, e))?;
                found.extend(pairs);
            }
            Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
        }
    }

    fn existing<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        relationship: &'static str,
    ) -> impl Future<Output = Result<Vec<D::Value>>> + Send + 'a {
        async move {
            let values = Self::of_keys(conn, keys, relationship).await?;
            Ok(values.into_iter().flatten().collect())
        }
    }
}

/// `SELECT pk, column FROM parent WHERE pk IN (keys)`.
fn key_pairs<M, Col>(keys: Vec<M::Key>) -> KeyPairs<M, Col>
where
    M: Model,
    Col: Default,
    (<M::Table as Table>::PrimaryKey, Col): diesel::Expression,
    M::Table: FilterDsl<PkIn<M>>,
    Filter<M::Table, PkIn<M>>: SelectDsl<(<M::Table as Table>::PrimaryKey, Col)>,
{
    let pk = M::Table::default().primary_key();
    let in_run = pk_in::<M>(keys);
    let rows = FilterDsl::filter(M::Table::default(), in_run);
    SelectDsl::select(rows, (pk, Col::default()))
}
