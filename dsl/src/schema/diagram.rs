//! The ER diagram of the models, drawn from the registry: Mermaid
//! `erDiagram` (GitHub and most READMEs render it) and Graphviz DOT.
//!
//! One box per model with its primary and foreign key columns, one line per
//! foreign key (both sides of a `back_populates` pair share it) and one per
//! many-to-many, with crow's-foot cardinalities read off the declarations:
//! a NOT NULL foreign key is "exactly one" on the parent's end, a nullable
//! one "zero or one", a one-to-one "zero or one" on the child's end. A
//! composite foreign key is one line too, each of its columns marked FK,
//! identifying (solid) when they are all in the child's primary key.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() {
//! use diesel_relations::diagram::{render, Format};
//! let mermaid = render(Format::Mermaid);
//! assert!(mermaid.starts_with("erDiagram"), "{mermaid}");
//! assert!(mermaid.contains("Customer") && mermaid.contains("Invoice"));
//! assert!(render(Format::Dot).starts_with("digraph"));
//! # }
//! ```

use crate::registry::{self, ColumnRef, ModelInfo, RelationshipInfo, RelationshipKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Mermaid `erDiagram`, for Markdown.
    #[default]
    Mermaid,
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot,
}

/// The diagram of every model in the program, in `format`.
pub fn render(format: Format) -> String {
    let diagram = Diagram::of_program();
    match format {
        Format::Mermaid => diagram.mermaid(),
        Format::Dot => diagram.dot(),
    }
}

/// The models and their relationships, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    entities: Vec<Entity>,
    edges: Vec<Edge>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entity {
    /// The model's name, or `Model_table` where two tables share one name.
    id: String,
    table: &'static str,
    attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Attribute {
    name: &'static str,
    sql_type: &'static str,
    primary: bool,
    foreign: bool,
    /// Where a foreign key column is listed: its key's first column and
    /// its position in that key (`(order_id, 1)` for `line_no` of
    /// `(order_id, line_no)`), so that a composite key's columns stand
    /// together in key order; a one-column key's column is `(itself, 0)`.
    place: (&'static str, usize),
}

/// How many rows stand at one end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    ExactlyOne,
    ZeroOrOne,
    ZeroOrMany,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    /// The referenced side (or the left model of a many-to-many).
    from: String,
    to: String,
    from_end: End,
    to_end: End,
    label: String,
    /// The foreign key is part of the child's primary key (solid line).
    identifying: bool,
}

/// Relationships that become one line, before it is drawn.
#[derive(Default)]
struct Pending {
    from_names: Vec<&'static str>,
    to_names: Vec<&'static str>,
    nullable: bool,
    unique: bool,
    /// The foreign key's columns on the child (several for a composite key).
    columns: Vec<&'static str>,
}

impl Diagram {
    /// Every model and relationship declared in the program.
    pub fn of_program() -> Diagram {
        Diagram::new(&registry::relationships(), &registry::models())
    }

    /// The given relationships and models; a model a relationship names but
    /// `models` lacks gets a box without columns.
    pub fn new(relationships: &[&RelationshipInfo], models: &[&ModelInfo]) -> Diagram {
        // Entities: (model, table) pairs; same-named models on one table
        // (two views of it) share a box.
        let mut keys: BTreeSet<(&'static str, &'static str)> =
            models.iter().map(|m| (m.model, m.table)).collect();
        for r in relationships {
            keys.insert((r.model, r.table));
            keys.insert((r.target, r.target_table));
        }
        let mut tables_per_name: BTreeMap<&str, usize> = BTreeMap::new();
        for (model, _) in &keys {
            *tables_per_name.entry(model).or_default() += 1;
        }
        let id = |model: &str, table: &str| {
            if tables_per_name.get(model).copied().unwrap_or(0) > 1 {
                format!("{model}_{table}")
            } else {
                model.to_owned()
            }
        };

        let mut attributes: BTreeMap<String, Vec<Attribute>> = BTreeMap::new();
        for &(model, table) in &keys {
            let pk = models
                .iter()
                .find(|m| m.model == model && m.table == table)
                .map(|m| m.primary_key)
                .unwrap_or_default();
            let entry = attributes.entry(id(model, table)).or_default();
            for key in pk {
                if !entry.iter().any(|a| a.name == key.name) {
                    entry.push(Attribute {
                        name: key.name,
                        sql_type: key.sql_type,
                        primary: true,
                        foreign: false,
                        place: ("", 0),
                    });
                }
            }
        }

        let mut lines: BTreeMap<(String, String, ColumnRef), Pending> = BTreeMap::new();
        let mut many_to_many: BTreeMap<(&'static str, String, String), Pending> = BTreeMap::new();
        for r in relationships {
            let source = id(r.model, r.table);
            let target = id(r.target, r.target_table);
            if let Some(s) = r.composite_secondary {
                let (left, right, left_side) = if source <= target {
                    (source, target, true)
                } else {
                    (target, source, false)
                };
                let line = many_to_many.entry((s.table, left, right)).or_default();
                if left_side {
                    line.from_names.push(r.name);
                } else {
                    line.to_names.push(r.name);
                }
                continue;
            }
            if let Some(key) = r.composite {
                // A line per foreign key, named by its first column; every
                // column of it is marked FK on the child.
                let Some(first) = key.columns.column(0) else {
                    continue;
                };
                let many_to_one = r.kind == RelationshipKind::ManyToOne;
                let (parent, child) = if many_to_one {
                    (target, source)
                } else {
                    (source, target)
                };
                for (i, c) in key.columns.columns.iter().enumerate() {
                    add_foreign(
                        &mut attributes,
                        &child,
                        c.name,
                        c.sql_type,
                        (first.column, i),
                    );
                }
                let line = lines.entry((parent, child, first)).or_default();
                if many_to_one {
                    line.to_names.push(r.name);
                } else {
                    line.from_names.push(r.name);
                }
                line.nullable |= r.nullable;
                line.unique |= r.kind == RelationshipKind::OneToOne;
                line.columns = key.columns.names();
                continue;
            }
            match (r.kind, r.foreign_key, r.secondary) {
                (RelationshipKind::ManyToMany, _, Some(s)) => {
                    let (left, right, left_side) = if source <= target {
                        (source, target, true)
                    } else {
                        (target, source, false)
                    };
                    let line = many_to_many.entry((s.table, left, right)).or_default();
                    if left_side {
                        line.from_names.push(r.name);
                    } else {
                        line.to_names.push(r.name);
                    }
                }
                (RelationshipKind::ManyToOne, Some(fk), _) => {
                    add_foreign(
                        &mut attributes,
                        &source,
                        fk.column,
                        r.sql_type,
                        (fk.column, 0),
                    );
                    let line = lines.entry((target, source, fk)).or_default();
                    line.to_names.push(r.name);
                    line.columns = vec![fk.column];
                    line.nullable |= r.nullable;
                }
                (RelationshipKind::OneToMany | RelationshipKind::OneToOne, Some(fk), _) => {
                    add_foreign(
                        &mut attributes,
                        &target,
                        fk.column,
                        r.sql_type,
                        (fk.column, 0),
                    );
                    let line = lines.entry((source, target, fk)).or_default();
                    line.from_names.push(r.name);
                    line.columns = vec![fk.column];
                    line.nullable |= r.nullable;
                    line.unique |= r.kind == RelationshipKind::OneToOne;
                }
                _ => {}
            }
        }

        let mut edges = Vec::new();
        for ((from, to, _), line) in lines {
            // Identifying: every column of the foreign key is in the
            // child's primary key.
            let identifying = attributes.get(&to).is_some_and(|a| {
                line.columns
                    .iter()
                    .all(|c| a.iter().any(|a| a.name == *c && a.primary))
            });
            edges.push(Edge {
                from_end: if line.nullable {
                    End::ZeroOrOne
                } else {
                    End::ExactlyOne
                },
                to_end: if line.unique {
                    End::ZeroOrOne
                } else {
                    End::ZeroOrMany
                },
                label: label(&line.from_names, &line.to_names, None),
                from,
                to,
                identifying,
            });
        }
        for ((table, from, to), line) in many_to_many {
            edges.push(Edge {
                from,
                to,
                from_end: End::ZeroOrMany,
                to_end: End::ZeroOrMany,
                label: label(&line.from_names, &line.to_names, Some(table)),
                identifying: true,
            });
        }
        edges.sort();

        let mut entities: Vec<Entity> = Vec::new();
        for &(model, table) in &keys {
            let entity_id = id(model, table);
            if entities.iter().any(|e| e.id == entity_id) {
                continue;
            }
            let mut attrs = attributes.remove(&entity_id).unwrap_or_default();
            // Primary key first, in key order; then foreign keys by name,
            // a composite one's columns together in its order.
            attrs.sort_by_key(|a| (!a.primary, if a.primary { ("", 0) } else { a.place }));
            entities.push(Entity {
                id: entity_id,
                table,
                attributes: attrs,
            });
        }
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        Diagram { entities, edges }
    }

    /// Mermaid `erDiagram` source.
    pub fn mermaid(&self) -> String {
        let mut out = String::from("erDiagram\n");
        for entity in &self.entities {
            if entity.attributes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "    {} {{", entity.id);
            for a in &entity.attributes {
                let _ = writeln!(
                    out,
                    "        {} {}{}",
                    mermaid_type(a.sql_type),
                    a.name,
                    key_marks(a, " ", ", ")
                );
            }
            out.push_str("    }\n");
        }
        for e in &self.edges {
            let left = match e.from_end {
                End::ExactlyOne => "||",
                End::ZeroOrOne => "|o",
                End::ZeroOrMany => "}o",
            };
            let right = match e.to_end {
                End::ExactlyOne => "||",
                End::ZeroOrOne => "o|",
                End::ZeroOrMany => "o{",
            };
            let line = if e.identifying { "--" } else { ".." };
            let _ = writeln!(
                out,
                "    {} {left}{line}{right} {} : \"{}\"",
                e.from,
                e.to,
                e.label.replace('"', "'")
            );
        }
        out
    }

    /// Graphviz DOT source (`dot -Tsvg`), crow's-foot arrows.
    pub fn dot(&self) -> String {
        let mut out = String::from(
            "digraph relations {\n    rankdir=LR;\n    node [shape=plain, fontname=\"Helvetica\"];\n    edge [dir=both, fontname=\"Helvetica\", fontsize=10];\n",
        );
        for entity in &self.entities {
            let _ = write!(
                out,
                "    \"{}\" [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><td><b>{}</b> ({})</td></tr>",
                entity.id,
                html(&entity.id),
                html(entity.table)
            );
            for a in &entity.attributes {
                let _ = write!(
                    out,
                    "<tr><td align=\"left\">{}: {}{}</td></tr>",
                    html(a.name),
                    html(a.sql_type),
                    key_marks(a, " ", ", ")
                );
            }
            out.push_str("</table>>];\n");
        }
        for e in &self.edges {
            let arrow = |end: End| match end {
                End::ExactlyOne => "teetee",
                End::ZeroOrOne => "teeodot",
                End::ZeroOrMany => "crowodot",
            };
            let _ = writeln!(
                out,
                "    \"{}\" -> \"{}\" [label=\"{}\", arrowtail={}, arrowhead={}{}];",
                e.from,
                e.to,
                e.label.replace('\\', "\\\\").replace('"', "\\\""),
                arrow(e.from_end),
                arrow(e.to_end),
                if e.identifying { "" } else { ", style=dashed" }
            );
        }
        out.push_str("}\n");
        out
    }
}

fn add_foreign(
    attributes: &mut BTreeMap<String, Vec<Attribute>>,
    entity: &str,
    column: &'static str,
    sql_type: &'static str,
    place: (&'static str, usize),
) {
    let attrs = attributes.entry(entity.to_owned()).or_default();
    match attrs.iter_mut().find(|a| a.name == column) {
        // The first key that lists a column places it.
        Some(a) => a.foreign = true,
        None => attrs.push(Attribute {
            name: column,
            sql_type,
            primary: false,
            foreign: true,
            place,
        }),
    }
}

/// `invoices / customer`: the parent side's names, then the child side's;
/// `authors / books (authors_books)` for a many-to-many.
fn label(from: &[&str], to: &[&str], via: Option<&str>) -> String {
    let side = |names: &[&str]| {
        let mut names = names.to_vec();
        names.sort();
        names.dedup();
        names.join(", ")
    };
    let mut label = [side(from), side(to)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");
    if let Some(table) = via {
        let _ = write!(label, " ({table})");
    }
    label
}

/// ` PK`, ` FK`, ` PK, FK`.
fn key_marks(a: &Attribute, lead: &str, sep: &str) -> String {
    let marks: Vec<&str> = [(a.primary, "PK"), (a.foreign, "FK")]
        .into_iter()
        .filter_map(|(on, mark)| on.then_some(mark))
        .collect();
    if marks.is_empty() {
        String::new()
    } else {
        format!("{lead}{}", marks.join(sep))
    }
}

/// Mermaid attribute types admit letters, digits, `_-[]()`: `Unsigned<Integer>`
/// becomes `Unsigned(Integer)`.
fn mermaid_type(sql_type: &str) -> String {
    sql_type.replace('<', "(").replace('>', ")")
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
