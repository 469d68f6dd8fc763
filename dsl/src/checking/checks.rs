//! Checks across all models, which no single derive can make: each derive
//! sees one struct, these see the whole registry.
//!
//! Run them from a test with one call:
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() {
//! // in a #[test] of the program that links the models:
//! diesel_relations::checks::check().unwrap();
//! # }
//! ```
//!
//! Two relationships that write one foreign key without being a pair are
//! found here, not by either derive:
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! use diesel_relations::checks::{check, ModelProblem};
//! use diesel_relations::Relations;
//!
//! #[derive(Queryable, Selectable, Identifiable, Relations)]
//! #[diesel(table_name = customers)]
//! #[relationship(invoices: Vec<Invoice>, foreign_key = invoices::custid)]
//! pub struct Customer { pub id: i32, pub name: String }
//!
//! #[derive(Queryable, Selectable, Identifiable, Relations)]
//! #[diesel(table_name = invoices)]
//! #[relationship(customer: Customer, foreign_key = custid)]   // no back_populates on either
//! pub struct Invoice { pub id: i32, pub custid: i32, pub amount: i32 }
//!
//! # fn main() {
//! let problems = check().unwrap_err();
//! assert!(matches!(problems.0[..], [ModelProblem::Overlap { .. }]));
//! # }
//! ```

use crate::registry::{self, ColumnRef, RelationshipInfo, RelationshipKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Runs every check on every relationship declared in the program.
pub fn check() -> Result<(), ModelProblems> {
    let problems = check_relationships(&registry::relationships());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ModelProblems(problems))
    }
}

/// Runs every check on the given relationships.
pub fn check_relationships(relationships: &[&RelationshipInfo]) -> Vec<ModelProblem> {
    let mut problems = overlaps(relationships);
    problems.extend(cascade_cycles(relationships));
    problems
}

/// A problem no single model shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelProblem {
    /// Two relationships write the same foreign key column without being
    /// the two sides of one relationship (SQLAlchemy's "relationship X will
    /// copy column ... which conflicts with relationship(s) Y"): each sets
    /// the column on its own, and the last write wins.
    #[error(
        "{first} and {second} both write {column} but are not a back_populates pair: \
         if they are two sides of one relationship, pair them with back_populates; \
         if not, give one of them its own foreign key"
    )]
    Overlap {
        /// The foreign key column both write.
        column: ColumnRef,
        /// One of the two relationships, `Model.name`.
        first: String,
        /// The other, `Model.name`.
        second: String,
    },
    /// Delete cascades that lead back to where they started: deleting one
    /// row deletes rows whose deletion deletes it again, or deletes an
    /// adjacency list upwards and downwards at once.
    #[error(
        "cascade delete runs in a cycle through {}: {}: remove delete from the cascade of one of them",
        tables.join(", "), relationships.join(", ")
    )]
    CascadeCycle {
        /// The tables on the cycle.
        tables: Vec<&'static str>,
        /// The relationships whose `delete` cascade forms it.
        relationships: Vec<String>,
    },
}

/// Every problem [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelProblems(pub Vec<ModelProblem>);

impl fmt::Display for ModelProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} across the models:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.0 {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelProblems {}

/// The foreign key columns a relationship sets when it writes: its one
/// column, each column of a composite foreign key in key order, or the
/// association table's columns of a many-to-many (each side one or
/// several).
fn written_columns(rel: &RelationshipInfo) -> Vec<ColumnRef> {
    if let Some(key) = rel.composite {
        return key.columns.refs().collect();
    }
    if let Some(s) = rel.composite_secondary {
        // The association table's columns as its one-column form names
        // them, without a schema.
        let unqualified = |c: ColumnRef| ColumnRef { schema: "", ..c };
        return s
            .to_source
            .columns
            .refs()
            .chain(s.to_target.columns.refs())
            .map(unqualified)
            .collect();
    }
    match (rel.kind, rel.secondary) {
        (RelationshipKind::ManyToMany, Some(s)) => vec![
            ColumnRef {
                schema: "",
                table: s.table,
                column: s.source_column,
            },
            ColumnRef {
                schema: "",
                table: s.table,
                column: s.target_column,
            },
        ],
        _ => rel.foreign_key.into_iter().collect(),
    }
}

/// `a` and `b` name each other in `back_populates` and connect the same
/// two models.
fn paired(a: &RelationshipInfo, b: &RelationshipInfo) -> bool {
    a.back_populates == Some(b.name)
        && b.back_populates == Some(a.name)
        && a.target == b.model
        && b.target == a.model
        && a.target_table == b.table
        && b.target_table == a.table
}

fn overlaps(relationships: &[&RelationshipInfo]) -> Vec<ModelProblem> {
    let mut writers: BTreeMap<ColumnRef, Vec<&RelationshipInfo>> = BTreeMap::new();
    // A viewonly relationship writes nothing (SQLAlchemy leaves it out of
    // its overlap warning too).
    for rel in relationships.iter().filter(|r| !r.viewonly) {
        for column in written_columns(rel) {
            writers.entry(column).or_default().push(rel);
        }
    }
    let mut problems = Vec::new();
    // One problem per two relationships, however many columns they share
    // (a composite key's, both of an association table's): the first
    // column the first of them writes that the other writes too.
    let mut reported = BTreeSet::new();
    let id = |r: &RelationshipInfo| (r.module, r.model, r.name);
    for rels in writers.values() {
        for (i, a) in rels.iter().enumerate() {
            for b in &rels[i + 1..] {
                if paired(a, b) {
                    continue;
                }
                if !reported.insert((id(a).min(id(b)), id(a).max(id(b)))) {
                    continue;
                }
                let (first, second) = ordered(a.full_name(), b.full_name());
                let theirs = written_columns(b);
                let Some(column) = written_columns(a).into_iter().find(|c| theirs.contains(c))
                else {
                    continue;
                };
                problems.push(ModelProblem::Overlap {
                    column,
                    first,
                    second,
                });
            }
        }
    }
    problems
}

fn ordered(a: String, b: String) -> (String, String) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Cycles in the graph whose nodes are tables and whose edges are the
/// relationships with a `delete` cascade (deleting a source row deletes
/// its targets).
///
/// A cycle through two or more tables is reported. On one table, a
/// self-referential collection that cascades alone is the ordinary
/// adjacency-list delete (a subtree goes with its root) and is fine; it is
/// reported only when a scalar on the same table also cascades, so that
/// deleting a node deletes its parent and with it every sibling.
fn cascade_cycles(relationships: &[&RelationshipInfo]) -> Vec<ModelProblem> {
    let edges: Vec<&RelationshipInfo> = relationships
        .iter()
        .copied()
        .filter(|r| r.cascade.delete)
        .collect();
    let tables: BTreeSet<&'static str> = edges
        .iter()
        .flat_map(|r| [r.table, r.target_table])
        .collect();
    let reaches = |from: &'static str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(t) = stack.pop() {
            for e in edges.iter().filter(|e| e.table == t) {
                if seen.insert(e.target_table) {
                    stack.push(e.target_table);
                }
            }
        }
        seen
    };
    let reach: BTreeMap<_, _> = tables.iter().map(|&t| (t, reaches(t))).collect();

    let mut done = BTreeSet::new();
    let mut problems = Vec::new();
    for &table in &tables {
        if done.contains(table) {
            continue;
        }
        // The strongly connected component of `table`.
        let component: BTreeSet<&'static str> = tables
            .iter()
            .copied()
            .filter(|&t| t == table || (reach[table].contains(t) && reach[t].contains(table)))
            .collect();
        done.extend(component.iter().copied());
        let inside: Vec<&RelationshipInfo> = edges
            .iter()
            .copied()
            .filter(|e| component.contains(e.table) && component.contains(e.target_table))
            .collect();
        let is_cycle = if component.len() > 1 {
            true
        } else {
            let up = inside.iter().any(|e| e.kind == RelationshipKind::ManyToOne);
            let down = inside.iter().any(|e| {
                matches!(
                    e.kind,
                    RelationshipKind::OneToMany | RelationshipKind::OneToOne
                )
            });
            up && down
        };
        if is_cycle {
            let mut names: Vec<String> = inside.iter().map(|e| e.full_name()).collect();
            names.sort();
            names.dedup();
            problems.push(ModelProblem::CascadeCycle {
                tables: component.into_iter().collect(),
                relationships: names,
            });
        }
    }
    problems
}
