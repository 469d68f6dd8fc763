//! Loading a relationship for many parents at once: one query per
//! relationship (`WHERE fk IN (..)`), grouped in memory, no N+1.
//!
//! ```ignore
//! use diesel_relations::LoadRelated;
//! let reports: Vec<Vec<Employee>> = managers.load_related(conn, Employee::reports)?;
//! ```
//!
//! The relationship is named by its accessor (`Employee::reports`), so the
//! compiler picks the relationship and the result's type from it.

use crate::error::{RelationError, Result};
use crate::lazy::ToMany;
use crate::relationship::OneToMany;
use diesel::dsl::{AsSelect, Order, Select};
use diesel::query_dsl::methods::{OrderDsl, SelectDsl};
use diesel::query_dsl::LoadQuery;
use diesel::{Connection, Expression, RunQueryDsl, Selectable, SelectableHelper};
use std::collections::HashMap;

/// Keys per `IN (..)` list: under every backend's bind limit (SQLite's
/// default 32766, PostgreSQL's and MySQL's 65535), with room for the rest of
/// the query.
pub const CHUNK: usize = 16_384;

/// Loads a relationship for every element of a slice of parents.
pub trait LoadRelated<P> {
    /// The children of each parent, in the relationship's `order_by`, aligned
    /// with `self`: `result[i]` belongs to `self[i]`. Runs one query per
    /// [`CHUNK`] distinct parents.
    fn load_related<'q, R, C>(
        &self,
        conn: &mut C,
        relationship: fn(&P) -> ToMany<R>,
    ) -> Result<Vec<Vec<R::Target>>>
    where
        R: OneToMany<Source = P>,
        R::Target: Clone + Selectable<C::Backend>,
        C: Connection,
        AsSelect<R::Target, C::Backend>: Expression,
        R::QueryMany: OrderDsl<R::Order>,
        Order<R::QueryMany, R::Order>: SelectDsl<AsSelect<R::Target, C::Backend>>,
        Select<Order<R::QueryMany, R::Order>, AsSelect<R::Target, C::Backend>>:
            LoadQuery<'q, C, R::Target> + RunQueryDsl<C>;
}

impl<P> LoadRelated<P> for [P] {
    fn load_related<'q, R, C>(
        &self,
        conn: &mut C,
        _relationship: fn(&P) -> ToMany<R>,
    ) -> Result<Vec<Vec<R::Target>>>
    where
        R: OneToMany<Source = P>,
        R::Target: Clone + Selectable<C::Backend>,
        C: Connection,
        AsSelect<R::Target, C::Backend>: Expression,
        R::QueryMany: OrderDsl<R::Order>,
        Order<R::QueryMany, R::Order>: SelectDsl<AsSelect<R::Target, C::Backend>>,
        Select<Order<R::QueryMany, R::Order>, AsSelect<R::Target, C::Backend>>:
            LoadQuery<'q, C, R::Target> + RunQueryDsl<C>,
    {
        // Where each key's children go: every position holding that parent.
        let mut positions: HashMap<R::Key, Vec<usize>> = HashMap::with_capacity(self.len());
        let mut distinct = Vec::with_capacity(self.len());
        for (i, parent) in self.iter().enumerate() {
            let key = R::key(parent);
            positions
                .entry(key.clone())
                .or_insert_with(|| {
                    distinct.push(key);
                    Vec::new()
                })
                .push(i);
        }
        let mut grouped: Vec<Vec<R::Target>> = (0..self.len()).map(|_| Vec::new()).collect();
        for chunk in distinct.chunks(CHUNK) {
            let query = SelectDsl::select(
                OrderDsl::order(R::query_many(chunk.to_vec()), R::order()),
                R::Target::as_select(),
            );
            let rows: Vec<R::Target> = query
                .load(conn)
                .map_err(|e| RelationError::from_diesel(R::NAME, R::FOREIGN_KEY, e))?;
            for row in rows {
                let Some(at) = R::parent_key_of(&row).and_then(|k| positions.get(&k)) else {
                    continue;
                };
                // The same parent listed twice gets its children twice.
                if let Some((last, rest)) = at.split_last() {
                    for &i in rest {
                        grouped[i].push(row.clone());
                    }
                    grouped[*last].push(row);
                }
            }
        }
        Ok(grouped)
    }
}
