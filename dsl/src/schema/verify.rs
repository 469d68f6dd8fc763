//! `verify(conn)`: the declared relationships against a live database.
//!
//! The derive checks what one model can see at compile time; whether the
//! database the program runs on has the foreign keys, indexes and types
//! the relationships assume can only be read from that database. `verify`
//! reads each table's catalog once (see [`Catalog`]) and reports every
//! difference as a [`Finding`]; it only runs SELECTs.
//!
//! Both sides of a `back_populates` pair describe one foreign key, so the
//! checks run once per foreign key (a *link*) and each finding names every
//! relationship that uses it: one problem, one line, all names on it.

use crate::catalog::{Catalog, LiveColumn, LiveTable, ReadTable};
use crate::exec::{poll_once, Blocking};
use crate::registry::{
    self, ColumnRef, Columns, CompositeKey, ModelInfo, RelationshipInfo, RelationshipKind,
};
use std::collections::BTreeMap;
use std::fmt;

/// Reads the database behind `conn` and compares it with every relationship
/// declared in the program.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use diesel::connection::SimpleConnection;
/// let conn = &mut connection();
/// let report = diesel_relations::verify(conn)?;
/// report.into_result()?; // or print it: one line per problem
///
/// // A migration that drops the index behind Customer.invoices:
/// conn.batch_execute("DROP INDEX invoices_custid")?;
/// let report = diesel_relations::verify(conn)?;
/// let finding = report.concerning("Customer.invoices").next().expect("a finding");
/// assert!(finding.to_string().starts_with("Customer.invoices and Invoice.customer: invoices.custid has no index"), "{finding}");
/// # Ok(())
/// # }
/// ```
pub fn verify<C: Catalog>(conn: &mut C) -> Result<Report, VerifyError> {
    verify_declared(conn, &registry::relationships(), &registry::models())
}

/// [`verify`] on a `diesel_async` connection (feature `async`; the future
/// is `Send`): the same comparison, the catalog read through
/// [`AsyncCatalog`](crate::catalog::AsyncCatalog).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
/// let conn = &mut async_connection();
/// let report = diesel_relations::verify::verify_async(conn).await?;
/// assert!(report.concerning("Customer.invoices").next().is_none(), "{report}");
/// # Ok(()) }) }
/// ```
#[cfg(feature = "async")]
pub async fn verify_async<C: crate::catalog::AsyncCatalog>(
    conn: &mut C,
) -> Result<Report, VerifyError> {
    let (relationships, models) = (registry::relationships(), registry::models());
    verify_in::<crate::exec::Async, C>(conn, &relationships, &models).await
}

/// [`verify`] for a given set of relationships and the models they connect
/// (the models give the primary keys of a many-to-many's association table).
pub fn verify_declared<C: Catalog>(
    conn: &mut C,
    relationships: &[&RelationshipInfo],
    models: &[&ModelInfo],
) -> Result<Report, VerifyError> {
    let backend = conn.backend_name();
    // A synchronous catalog's reads are ready at once (crate::exec).
    poll_once(verify_in::<Blocking, C>(conn, relationships, models)).unwrap_or_else(|| {
        Err(VerifyError {
            backend,
            table: String::new(),
            source: crate::exec::not_ready(),
        })
    })
}

/// [`verify_declared`], in mode `M` ([`crate::exec`]).
async fn verify_in<M, C: ReadTable<M>>(
    conn: &mut C,
    relationships: &[&RelationshipInfo],
    models: &[&ModelInfo],
) -> Result<Report, VerifyError> {
    let links = links(relationships, models);
    let mut tables: BTreeMap<String, Option<LiveTable>> = BTreeMap::new();
    let mut findings = Vec::new();
    for link in &links {
        for table in [link.column.table, link.references.table] {
            if !tables.contains_key(table) {
                let read = conn.read(table).await;
                let live = read.map_err(|source| VerifyError {
                    backend: conn.name(),
                    table: table.to_owned(),
                    source,
                })?;
                tables.insert(table.to_owned(), live);
            }
        }
        let child = tables[link.column.table].as_ref();
        let parent = tables[link.references.table].as_ref();
        for drift in check_link(link, child, parent) {
            findings.push(Finding {
                relationships: link.relationships.clone(),
                drift,
            });
        }
    }
    for link in composite_links(relationships) {
        for table in [link.key.columns.table, link.key.references.table] {
            if !tables.contains_key(table) {
                let read = conn.read(table).await;
                let live = read.map_err(|source| VerifyError {
                    backend: conn.name(),
                    table: table.to_owned(),
                    source,
                })?;
                tables.insert(table.to_owned(), live);
            }
        }
        let child = tables[link.key.columns.table].as_ref();
        let parent = tables[link.key.references.table].as_ref();
        for drift in check_composite(&link, child, parent) {
            findings.push(Finding {
                relationships: link.relationships.clone(),
                drift,
            });
        }
    }
    Ok(Report {
        backend: conn.name(),
        relationships: relationships
            .iter()
            .map(|r| r.display_name(relationships))
            .collect(),
        findings,
    })
}

/// A foreign key column as the relationships declare it, with every
/// relationship that goes through it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    column: ColumnRef,
    references: ColumnRef,
    /// `Model.relationship`, sorted.
    relationships: Vec<String>,
    /// The Diesel schema's SQL type and nullability of `column`, where a
    /// relationship carries them.
    diesel: Option<(&'static str, bool)>,
    /// A one-to-one loads through it: it must be UNIQUE.
    unique: bool,
}

/// The links of all relationships, merged by foreign key, in a stable order.
fn links(relationships: &[&RelationshipInfo], models: &[&ModelInfo]) -> Vec<Link> {
    let primary_key = |model: &str, table: &'static str| {
        models
            .iter()
            .find(|m| m.model == model && m.table == table)
            .and_then(|m| m.primary_key.first())
            .map(|k| ColumnRef {
                schema: "",
                table,
                column: k.name,
            })
    };
    let mut merged: BTreeMap<(ColumnRef, ColumnRef), Link> = BTreeMap::new();
    let mut add = |column: ColumnRef,
                   references: ColumnRef,
                   rel: &RelationshipInfo,
                   diesel: Option<(&'static str, bool)>| {
        let link = merged.entry((column, references)).or_insert_with(|| Link {
            column,
            references,
            relationships: Vec::new(),
            diesel: None,
            unique: false,
        });
        let name = rel.display_name(relationships);
        if !link.relationships.contains(&name) {
            link.relationships.push(name);
            link.relationships.sort();
        }
        link.diesel = link.diesel.or(diesel);
        link.unique |= rel.kind == RelationshipKind::OneToOne;
    };
    for rel in relationships {
        let diesel = Some((rel.sql_type, rel.nullable));
        match (rel.kind, rel.secondary) {
            (RelationshipKind::ManyToMany, Some(secondary)) => {
                let source_pk = primary_key(rel.model, rel.table).or(rel.references);
                let target_pk = primary_key(rel.target, rel.target_table);
                if let Some(pk) = source_pk {
                    let column = ColumnRef {
                        schema: "",
                        table: secondary.table,
                        column: secondary.source_column,
                    };
                    add(column, pk, rel, diesel);
                }
                if let Some(pk) = target_pk {
                    let column = ColumnRef {
                        schema: "",
                        table: secondary.table,
                        column: secondary.target_column,
                    };
                    add(column, pk, rel, None);
                }
            }
            _ => {
                if let (Some(column), Some(references)) = (rel.foreign_key, rel.references) {
                    add(column, references, rel, diesel);
                }
            }
        }
    }
    merged.into_values().collect()
}

/// A foreign key of several columns as the relationships declare it
/// (`RelationshipInfo::composite`, or a side of `composite_secondary`),
/// with every relationship through it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CompositeLink {
    key: CompositeKey,
    /// `Model.relationship`, sorted.
    relationships: Vec<String>,
    /// A one-to-one loads through it: its columns must be UNIQUE together.
    unique: bool,
}

/// The composite links of all relationships, merged by foreign key, in the
/// order first declared.
fn composite_links(relationships: &[&RelationshipInfo]) -> Vec<CompositeLink> {
    let mut links: Vec<CompositeLink> = Vec::new();
    for rel in relationships {
        let keys: Vec<CompositeKey> = match (rel.composite, rel.composite_secondary) {
            (Some(key), _) => vec![key],
            (None, Some(s)) => vec![s.to_source, s.to_target],
            (None, None) => continue,
        };
        let name = rel.display_name(relationships);
        for key in keys {
            let at = match links.iter().position(|l| l.key == key) {
                Some(at) => at,
                None => {
                    links.push(CompositeLink {
                        key,
                        relationships: Vec::new(),
                        unique: false,
                    });
                    links.len() - 1
                }
            };
            let link = &mut links[at];
            if !link.relationships.contains(&name) {
                link.relationships.push(name.clone());
                link.relationships.sort();
            }
            link.unique |= rel.kind == RelationshipKind::OneToOne;
        }
    }
    links.sort_by_key(|l| (l.relationships.clone(), l.key.columns.names()));
    links
}

/// Everything wrong with one composite link: the tables and columns, the
/// FOREIGN KEY (present, pairing the columns in order, to the declared
/// table), its index (UNIQUE for a one-to-one), each column's type against
/// the referenced one's, and against the Diesel schema's type and
/// nullability.
fn check_composite(
    link: &CompositeLink,
    child: Option<&LiveTable>,
    parent: Option<&LiveTable>,
) -> Vec<Drift> {
    let (columns, references) = (link.key.columns, link.key.references);
    let Some(child) = child else {
        return vec![Drift::MissingTable {
            table: columns.table,
        }];
    };
    let Some(parent) = parent else {
        return vec![Drift::MissingTable {
            table: references.table,
        }];
    };
    let mut live = Vec::new();
    for ((column, referenced), declared) in
        columns.refs().zip(references.refs()).zip(columns.columns)
    {
        let Some(c) = child.column(column.column) else {
            return vec![Drift::MissingColumn { column }];
        };
        let Some(r) = parent.column(referenced.column) else {
            return vec![Drift::MissingColumn { column: referenced }];
        };
        live.push((column, c, referenced, r, declared));
    }
    let mut drifts = Vec::new();
    let names = columns.names();
    let wanted: Vec<(&str, &str)> = names.iter().copied().zip(references.names()).collect();
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let same_pairs = |pairs: &[(&str, &str)], want: &[(&str, &str)]| {
        pairs.len() == want.len()
            && pairs
                .iter()
                .zip(want)
                .all(|(p, w)| eq(p.0, w.0) && eq(p.1, w.1))
    };
    // The constraints over exactly these columns (in any order).
    type Constraint<'a> = (&'a str, Vec<(&'a str, &'a str)>);
    let over_columns: Vec<Constraint<'_>> = child
        .foreign_key_constraints()
        .into_iter()
        .filter(|(_, pairs)| {
            pairs.len() == names.len() && names.iter().all(|n| pairs.iter().any(|p| eq(p.0, n)))
        })
        .collect();
    let to_parent = |table: &str| eq(table, references.table);
    let declared = over_columns.iter().any(|(table, pairs)| {
        to_parent(table) && {
            // Compare in the declared order of the child's columns.
            let mut sorted = pairs.clone();
            sorted.sort_by_key(|p| names.iter().position(|n| eq(n, p.0)));
            same_pairs(&sorted, &wanted)
        }
    });
    if over_columns.is_empty() {
        drifts.push(Drift::MissingCompositeForeignKey {
            columns,
            references,
        });
    } else if !declared {
        match over_columns.iter().find(|(table, _)| to_parent(table)) {
            Some((_, pairs)) => drifts.push(Drift::CompositeColumnOrder {
                columns,
                references,
                found: pairs.iter().map(|(c, r)| format!("{c} -> {r}")).collect(),
            }),
            None => drifts.push(Drift::CompositeForeignKeyElsewhere {
                columns,
                references,
                found: over_columns
                    .iter()
                    .map(|(table, pairs)| {
                        let cols: Vec<&str> = pairs.iter().map(|p| p.1).collect();
                        format!("{table} ({})", cols.join(", "))
                    })
                    .collect(),
            }),
        }
    }
    if link.unique {
        if !child.is_unique_together(&names) {
            drifts.push(Drift::CompositeNotUnique { columns });
        }
    } else if !child.has_index_leading_with(&names) {
        drifts.push(Drift::CompositeUnindexed { columns });
    }
    for (column, c, referenced, r, declared) in live {
        if !same_type(c, r) {
            drifts.push(Drift::TypeMismatch {
                column,
                column_type: c.type_name.clone(),
                references: referenced,
                referenced_type: r.type_name.clone(),
            });
        }
        // Each column against the Diesel schema's, as for one column.
        if c.diesel_type.is_some_and(|live| live != declared.sql_type) {
            drifts.push(Drift::SchemaType {
                column,
                live_type: c.type_name.clone(),
                diesel_type: declared.sql_type,
            });
        }
        if c.nullable != declared.nullable {
            drifts.push(Drift::Nullability {
                column,
                nullable_in_database: c.nullable,
            });
        }
    }
    drifts
}

/// `a, b` of a composite key's columns, for the messages' DDL.
fn list(columns: &Columns) -> String {
    columns.names().join(", ")
}

/// `a_b` of a composite key's columns, for an index's name.
fn joined(columns: &Columns) -> String {
    columns.names().join("_")
}

/// Everything wrong with one link, in the order a person would fix it.
fn check_link(link: &Link, child: Option<&LiveTable>, parent: Option<&LiveTable>) -> Vec<Drift> {
    let mut drifts = Vec::new();
    let Some(child) = child else {
        return vec![Drift::MissingTable {
            table: link.column.table,
        }];
    };
    let Some(parent) = parent else {
        return vec![Drift::MissingTable {
            table: link.references.table,
        }];
    };
    let Some(column) = child.column(link.column.column) else {
        return vec![Drift::MissingColumn {
            column: link.column,
        }];
    };
    let Some(referenced) = parent.column(link.references.column) else {
        return vec![Drift::MissingColumn {
            column: link.references,
        }];
    };

    let foreign_keys: Vec<_> = child.foreign_keys_on(link.column.column).collect();
    let points_where_declared = foreign_keys.iter().any(|fk| {
        fk.referenced_table
            .eq_ignore_ascii_case(link.references.table)
            && fk
                .referenced_column
                .eq_ignore_ascii_case(link.references.column)
    });
    if foreign_keys.is_empty() {
        drifts.push(Drift::MissingForeignKey {
            column: link.column,
            references: link.references,
        });
    } else if !points_where_declared {
        drifts.push(Drift::ForeignKeyElsewhere {
            column: link.column,
            references: link.references,
            found: foreign_keys
                .iter()
                .map(|fk| format!("{}.{}", fk.referenced_table, fk.referenced_column))
                .collect(),
        });
    }

    if link.unique {
        if !child.is_unique(link.column.column) {
            drifts.push(Drift::NotUnique {
                column: link.column,
            });
        }
    } else if !child.has_index_on(link.column.column) {
        drifts.push(Drift::Unindexed {
            column: link.column,
        });
    }

    if !same_type(column, referenced) {
        drifts.push(Drift::TypeMismatch {
            column: link.column,
            column_type: column.type_name.clone(),
            references: link.references,
            referenced_type: referenced.type_name.clone(),
        });
    }
    if let Some((diesel_type, diesel_nullable)) = link.diesel {
        if column.diesel_type.is_some_and(|live| live != diesel_type) {
            drifts.push(Drift::SchemaType {
                column: link.column,
                live_type: column.type_name.clone(),
                diesel_type,
            });
        }
        if column.nullable != diesel_nullable {
            drifts.push(Drift::Nullability {
                column: link.column,
                nullable_in_database: column.nullable,
            });
        }
    }
    drifts
}

/// Two columns hold the same kind of value: the same Diesel type where the
/// backend's type names map to one, else the same type name.
fn same_type(a: &LiveColumn, b: &LiveColumn) -> bool {
    match (a.diesel_type, b.diesel_type) {
        (Some(x), Some(y)) => x == y,
        _ => a.type_name.eq_ignore_ascii_case(&b.type_name),
    }
}

/// One way the database differs from what a relationship declares, with the
/// fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Drift {
    /// A table the relationship uses is not in the database.
    #[error("table {table} does not exist in the database: create it in a migration")]
    MissingTable {
        /// The table's SQL name.
        table: &'static str,
    },
    /// A column the relationship uses is not in the database.
    #[error("column {column} does not exist in the database: add it in a migration")]
    MissingColumn {
        /// The column the Diesel schema declares.
        column: ColumnRef,
    },
    /// No foreign key constraint on the column: nothing stops rows pointing
    /// at parents that are not there.
    #[error(
        "no foreign key {column} -> {references} in the database: add FOREIGN KEY ({}) REFERENCES {} ({})",
        column.column, references.table, references.column
    )]
    MissingForeignKey {
        /// The foreign key column.
        column: ColumnRef,
        /// The primary key it should reference.
        references: ColumnRef,
    },
    /// The column's foreign key references another table or column.
    #[error(
        "the foreign key on {column} references {}, not {references}: make it REFERENCES {} ({})",
        found.join(" and "), references.table, references.column
    )]
    ForeignKeyElsewhere {
        /// The foreign key column.
        column: ColumnRef,
        /// The primary key the relationship joins on.
        references: ColumnRef,
        /// `table.column` each foreign key on the column references.
        found: Vec<String>,
    },
    /// No index starts with the column: every load through the
    /// relationship, and every delete of a parent, scans the whole table.
    #[error(
        "{column} has no index, so every load through it scans all of {}: add CREATE INDEX {}_{} ON {} ({})",
        column.table, column.table, column.column, column.table, column.column
    )]
    Unindexed {
        /// The foreign key column without an index.
        column: ColumnRef,
    },
    /// A one-to-one's foreign key is not UNIQUE: the database lets two rows
    /// claim the same parent.
    #[error(
        "{column} is not UNIQUE, so the one-to-one can find several rows: add CREATE UNIQUE INDEX {}_{}_unique ON {} ({})",
        column.table, column.column, column.table, column.column
    )]
    NotUnique {
        /// The one-to-one's foreign key column.
        column: ColumnRef,
    },
    /// The foreign key and the column it references have different types.
    #[error(
        "{column} is {column_type} but {references}, which it references, is {referenced_type}: give both the same type"
    )]
    TypeMismatch {
        /// The foreign key column.
        column: ColumnRef,
        /// Its type, as the database prints it.
        column_type: String,
        /// The key it references.
        references: ColumnRef,
        /// That key's type, as the database prints it.
        referenced_type: String,
    },
    /// The live column's type is not the one the Diesel schema declares.
    #[error(
        "{column} is {live_type} in the database but {diesel_type} in the Diesel schema: make the migration and schema.rs agree (diesel print-schema)"
    )]
    SchemaType {
        /// The column.
        column: ColumnRef,
        /// Its type, as the database prints it.
        live_type: String,
        /// Its type in the Diesel schema (`Integer`).
        diesel_type: &'static str,
    },
    /// The live column's nullability is not the Diesel schema's.
    #[error(
        "{column} is {} in the database but {} in the Diesel schema: make the migration and schema.rs agree (diesel print-schema)",
        if *nullable_in_database { "nullable" } else { "NOT NULL" },
        if *nullable_in_database { "NOT NULL" } else { "Nullable" }
    )]
    Nullability {
        /// The column.
        column: ColumnRef,
        /// Whether the database admits NULL in it (the schema says the
        /// opposite).
        nullable_in_database: bool,
    },
    /// No FOREIGN KEY constraint over a composite foreign key's columns.
    #[error(
        "no foreign key {columns} -> {references} in the database: add FOREIGN KEY ({}) REFERENCES {} ({})",
        list(columns), references.table, list(references)
    )]
    MissingCompositeForeignKey {
        /// The foreign key's columns, in the declared order.
        columns: Columns,
        /// The key they should reference, column by column.
        references: Columns,
    },
    /// A FOREIGN KEY over the columns references the declared key, but
    /// pairs the columns otherwise (`(line_no, order_id) REFERENCES t
    /// (order_id, line_no)`): every load through the relationship matches
    /// other rows than the database links.
    #[error(
        "the foreign key on {columns} pairs {}, not in the order of {references}: make it FOREIGN KEY ({}) REFERENCES {} ({})",
        found.join(", "), list(columns), references.table, list(references)
    )]
    CompositeColumnOrder {
        /// The foreign key's columns, in the declared order.
        columns: Columns,
        /// The key they reference, in its order.
        references: Columns,
        /// `column -> referenced column`, as the constraint pairs them.
        found: Vec<String>,
    },
    /// The FOREIGN KEY over the columns references another table.
    #[error(
        "the foreign key on {columns} references {}, not {references}: make it REFERENCES {} ({})",
        found.join(" and "), references.table, list(references)
    )]
    CompositeForeignKeyElsewhere {
        /// The foreign key's columns.
        columns: Columns,
        /// The key the relationship joins on.
        references: Columns,
        /// `table (columns)` each constraint over the columns references.
        found: Vec<String>,
    },
    /// No index starts with a composite foreign key's columns.
    #[error(
        "{columns} has no index, so every load through it scans all of {}: add CREATE INDEX {}_{} ON {} ({})",
        columns.table, columns.table, joined(columns), columns.table, list(columns)
    )]
    CompositeUnindexed {
        /// The foreign key's columns.
        columns: Columns,
    },
    /// A composite one-to-one's columns are not UNIQUE together.
    #[error(
        "{columns} is not UNIQUE, so the one-to-one can find several rows: add CREATE UNIQUE INDEX {}_{}_unique ON {} ({})",
        columns.table, joined(columns), columns.table, list(columns)
    )]
    CompositeNotUnique {
        /// The one-to-one's foreign key columns.
        columns: Columns,
    },
}

/// One problem, with the relationships it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Every relationship through the foreign key (`Customer.invoices`,
    /// `Invoice.customer`), sorted.
    pub relationships: Vec<String>,
    /// What differs, and the fix.
    pub drift: Drift,
}

impl Finding {
    /// Whether the finding concerns `relationship` (`Model.name`).
    pub fn concerns(&self, relationship: &str) -> bool {
        self.relationships.iter().any(|r| r == relationship)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_names(f, &self.relationships)?;
        write!(f, ": {}", self.drift)
    }
}

/// `A`, `A and B`, `A, B and C`.
fn write_names(f: &mut fmt::Formatter<'_>, names: &[String]) -> fmt::Result {
    for (i, name) in names.iter().enumerate() {
        let sep = match i {
            0 => "",
            _ if i + 1 == names.len() => " and ",
            _ => ", ",
        };
        write!(f, "{sep}{name}")?;
    }
    Ok(())
}

/// What `verify` found: empty when the database matches every relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The backend that was read (`PostgreSQL`).
    pub backend: &'static str,
    /// Every relationship checked, `Model.name`.
    pub relationships: Vec<String>,
    /// One per problem, each naming every relationship it concerns.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether the database matches every relationship.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// The findings about one relationship (`Model.name`).
    pub fn concerning<'a>(&'a self, relationship: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.findings
            .iter()
            .filter(move |f| f.concerns(relationship))
    }

    /// `Ok` when clean, else the report as an error (for `?` at startup or
    /// in a test).
    pub fn into_result(self) -> Result<(), Report> {
        if self.is_clean() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let checked = self.relationships.len();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if self.is_clean() {
            return write!(
                f,
                "{}: the database matches the {checked} declared relationship{}",
                self.backend,
                plural(checked)
            );
        }
        let affected = self
            .relationships
            .iter()
            .filter(|r| self.findings.iter().any(|x| x.concerns(r)))
            .count();
        let problems = self.findings.len();
        write!(
            f,
            "{}: {problems} problem{} in {affected} of the {checked} declared relationship{}:",
            self.backend,
            plural(problems),
            plural(checked)
        )?;
        for finding in &self.findings {
            write!(f, "\n  - {finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// Reading the catalog failed (the connection dropped, or the user may not
/// read the catalog).
#[derive(Debug, thiserror::Error)]
#[error("verify: reading table {table} from the {backend} catalog failed: {source}")]
pub struct VerifyError {
    /// The backend whose catalog was read (`PostgreSQL`).
    pub backend: &'static str,
    /// The table being read when it failed.
    pub table: String,
    /// Diesel's error.
    #[source]
    pub source: diesel::result::Error,
}
