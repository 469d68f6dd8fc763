//! SQLAlchemy's association object with `extra_data` ("Association
//! Object" in its relationship patterns): `association_table`'s primary key
//! is its two foreign keys, `(left_id, right_id)`, and its rows carry a
//! column of their own. `Association` is a model with a composite primary
//! key: the source of two many-to-ones, the target of a collection on each
//! side. `AssocParent.children` owns its associations (`delete-orphan`).

use crate::schema::{association_table, left_table, right_table};
use diesel::prelude::*;
use diesel_relations::Relations;

/// SQLAlchemy's `Parent` (`left_table`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = left_table)]
#[relationship(children: Vec<Association>, back_populates = parent, cascade = "all, delete-orphan")]
pub struct AssocParent {
    pub id: i32,
    pub name: String,
}

/// SQLAlchemy's `Child` (`right_table`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = right_table)]
#[relationship(parents: Vec<Association>, back_populates = child)]
pub struct AssocChild {
    pub id: i32,
    pub name: String,
}

/// One association: which child a parent has, with data of its own. Its
/// key is `(left_id, right_id)`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = association_table, primary_key(left_id, right_id))]
#[relationship(parent: AssocParent, foreign_key = left_id, back_populates = children)]
#[relationship(child: AssocChild, foreign_key = right_id, back_populates = parents)]
pub struct Association {
    pub left_id: i32,
    pub right_id: i32,
    pub extra_data: Option<String>,
}
