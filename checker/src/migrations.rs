//! Foreign keys, tables and UNIQUE columns from the migrations, found the
//! way diesel CLI finds them and read with a SQL parser.
//!
//! `diesel print-schema` writes a `joinable!` only for a pair of tables
//! linked by exactly one foreign key, and never for a table that references
//! itself, so the Diesel schema cannot prove those foreign keys. The
//! migrations can: every `up.sql` is split into statements (at each `;`
//! outside strings, quoted names, comments and `$$` bodies) and each is
//! parsed with `sqlparser` as PostgreSQL, MySQL or SQLite ([`dialect_order`])
//! and applied, in migration order, to a model of the tables: `CREATE
//! TABLE`, `ALTER TABLE` (constraints, columns, renames), `CREATE [UNIQUE]
//! INDEX`, `DROP TABLE/INDEX`, `RENAME TABLE`.
//!
//! A statement no dialect parses, or an `ALTER TABLE` operation this does not
//! model, is skipped and makes the tables it names unknown: what the
//! migrations say of them still proves a foreign key, but what they lack
//! proves nothing, so no check reports it. A statement that cannot change a
//! table's columns or keys (a function, trigger, type, extension, view, a
//! query) is skipped and changes nothing. The other tables stay known.
//!
//! One compilation reads each migrations directory once: the facts are
//! cached in the proc-macro process and kept while no file changed. The
//! derive `include_bytes!`es every file it read, so cargo recompiles when a
//! migration is edited.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, DataType, Expr,
    ForeignKeyConstraint, Ident, IndexColumn, ObjectName, ObjectType, RenameTableNameKind,
    Statement, TableConstraint,
};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// Where the migrations are, and the files they consist of.
pub struct Found {
    /// The migrations directory.
    pub dir: PathBuf,
    /// How messages name it: relative to the crate when it is inside.
    pub display: String,
    /// `diesel.toml`, when it named the directory.
    pub config: Option<PathBuf>,
    /// Each migration's `up.sql`, in the order diesel applies them.
    pub up: Vec<PathBuf>,
}

/// What the migrations created, by SQL names.
#[derive(Default)]
pub struct Facts {
    /// Every migration was read (a file that cannot be read leaves every
    /// table unknown).
    pub complete: bool,
    /// The migration that could not be read, and why.
    pub failed: Option<(String, String)>,
    /// The tables fully known: created by the migrations and touched by no
    /// statement that was skipped.
    pub tables: Vec<String>,
    /// `(table, column, referenced table, referenced column)`, single-column
    /// foreign keys only.
    pub foreign_keys: Vec<(String, String, String, String)>,
    /// The foreign keys of two or more columns, table-level `FOREIGN KEY
    /// (a, b) REFERENCES t (x, y)` (in CREATE TABLE or ALTER TABLE .. ADD),
    /// as they stand after every DROP CONSTRAINT.
    pub composite_foreign_keys: Vec<CompositeKey>,
    /// Columns UNIQUE on their own.
    pub unique: Vec<(String, String)>,
    /// Each table's columns, for telling whether a model's Rust table name
    /// is the SQL name of the migrations' table of that name
    /// (`evidence::relevant`).
    pub column_names: Vec<(String, Vec<String>)>,
    /// The columns of the fully known tables: `(table, column, type as
    /// written, NOT NULL, in the primary key)`, for the type checks.
    pub columns: Vec<(String, String, String, bool, bool)>,
    /// What was read and skipped, for `DIESEL_RELATIONS_REPORT`.
    pub report: Report,
}

/// One composite foreign key of the migrations, by SQL names.
#[derive(Clone, Debug, PartialEq)]
pub struct CompositeKey {
    /// The table holding the key.
    pub table: String,
    /// Its columns, as the FOREIGN KEY lists them.
    pub columns: Vec<String>,
    /// The table referenced.
    pub references: String,
    /// The columns referenced, paired with `columns` (the referenced
    /// table's primary key where the FOREIGN KEY names none).
    pub referenced: Vec<String>,
    /// `columns` rearranged in the order of the referenced table's primary
    /// key, where `referenced` is that key: the order a `foreign_key = (..)`
    /// lists them in. `None` where it references another key, or a table
    /// whose key the migrations do not show.
    pub in_key_order: Option<Vec<String>>,
}

/// Finds the migrations for the crate being compiled:
///
/// 1. `#[relations(migrations = "dir")]`, relative to the crate's
///    `Cargo.toml`, as Diesel's `embed_migrations!("dir")`;
/// 2. the nearest `diesel.toml` at or above the crate, if it sets
///    `[migrations_directory] dir` (relative to that file), as diesel CLI;
/// 3. the nearest directory named `migrations` at or above the crate.
///
/// `Ok(None)`: there are no migrations. `Err`: the configuration names
/// a directory that is not there (which the user should hear about).
pub fn find(manifest_dir: &Path, explicit: Option<&str>) -> Result<Option<Found>, String> {
    if let Some(dir) = explicit {
        let path = manifest_dir.join(dir);
        if !path.is_dir() {
            return Err(format!(
                "#[relations(migrations = \"{dir}\")]: the crate has no directory {dir} (the path is relative to the directory of its Cargo.toml)"
            ));
        }
        return Ok(Some(found(manifest_dir, path, None)));
    }
    for dir in manifest_dir.ancestors() {
        let config = dir.join("diesel.toml");
        if config.is_file() {
            if let Some(named) = configured_dir(&config) {
                let path = dir.join(&named);
                if !path.is_dir() {
                    return Err(format!(
                        "{}: [migrations_directory] dir = \"{named}\", but there is no directory {}",
                        config.display(),
                        path.display()
                    ));
                }
                return Ok(Some(found(manifest_dir, path, Some(config))));
            }
            break;
        }
    }
    Ok(manifest_dir
        .ancestors()
        .map(|dir| dir.join("migrations"))
        .find(|dir| dir.is_dir())
        .map(|dir| found(manifest_dir, dir, None)))
}

/// `[migrations_directory] dir = ".."` of a `diesel.toml`: a few lines of
/// TOML, read without a TOML parser.
fn configured_dir(config: &Path) -> Option<String> {
    let text = std::fs::read_to_string(config).ok()?;
    let mut in_section = false;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            in_section =
                line.trim_matches(|c| c == '[' || c == ']').trim() == "migrations_directory";
            continue;
        }
        if !in_section {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            if key.trim() == "dir" {
                let value = value.trim();
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                return Some(value.to_string());
            }
        }
    }
    None
}

fn found(manifest_dir: &Path, dir: PathBuf, config: Option<PathBuf>) -> Found {
    let dir = dir.canonicalize().unwrap_or(dir);
    let base = manifest_dir
        .canonicalize()
        .unwrap_or_else(|_| manifest_dir.to_path_buf());
    let display = dir
        .strip_prefix(&base)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| dir.display().to_string());
    // As diesel: every directory not starting with `.`, in name order, is a
    // migration; one without up.sql has nothing to apply.
    let mut up: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path().join("up.sql"))
        .filter(|p| p.is_file())
        .collect();
    up.sort();
    Found {
        dir,
        display,
        config,
        up,
    }
}

type Stamp = Vec<(PathBuf, Option<SystemTime>, u64)>;
type Cache = Mutex<HashMap<PathBuf, (Stamp, Arc<Facts>)>>;

fn stamp(found: &Found) -> Stamp {
    found
        .up
        .iter()
        .chain(&found.config)
        .map(|p| {
            let meta = std::fs::metadata(p).ok();
            (
                p.clone(),
                meta.as_ref().and_then(|m| m.modified().ok()),
                meta.map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect()
}

/// The facts of a migrations directory, read once per compilation.
pub fn facts(found: &Found) -> Arc<Facts> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let stamp = stamp(found);
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(cache) = cache.lock() {
        if let Some((s, facts)) = cache.get(&found.dir) {
            if *s == stamp {
                return facts.clone();
            }
        }
    }
    let facts = Arc::new(run(found));
    if let Ok(mut cache) = cache.lock() {
        cache.insert(found.dir.clone(), (stamp, facts.clone()));
    }
    facts
}

/// Reads every `up.sql` in order, statement by statement, and keeps what
/// they do to tables: see [`Schema::apply`].
fn run(found: &Found) -> Facts {
    let mut schema = Schema::default();
    let mut report = Report {
        dialects: dialect_order(found).iter().map(|(name, _)| *name).collect(),
        ..Report::default()
    };
    let mut facts = Facts {
        complete: true,
        ..Facts::default()
    };
    for up in &found.up {
        let name = up
            .parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sql = match std::fs::read_to_string(up) {
            Ok(sql) => sql,
            Err(e) => {
                // What the file did is unknown, to every table.
                facts.complete = false;
                facts.failed = Some((name, e.to_string()));
                break;
            }
        };
        report.migrations.push(name.clone());
        for (line, text) in split_statements(&sql) {
            report.statements += 1;
            if let Some(skip) = schema.statement(found, &text) {
                report.skipped.push(Skipped {
                    migration: name.clone(),
                    line,
                    statement: summary(&text),
                    ..skip
                });
            }
        }
    }
    for table in &schema.tables {
        facts.column_names.push((
            table.name.clone(),
            table.columns.iter().map(|c| c.name.clone()).collect(),
        ));
        if table.known {
            facts.tables.push(table.name.clone());
            let pk = table.primary_key();
            facts.columns.extend(table.columns.iter().map(|c| {
                let in_pk = pk.is_some_and(|pk| pk.iter().any(|k| k.eq_ignore_ascii_case(&c.name)));
                (
                    table.name.clone(),
                    c.name.clone(),
                    c.sql_type.clone(),
                    c.not_null,
                    in_pk,
                )
            }));
        } else {
            report.unknown.push(table.name.clone());
        }
        if let Some([pk]) = table.primary_key().map(Vec::as_slice) {
            facts.unique.push((table.name.clone(), pk.clone()));
        }
        for key in &table.keys {
            match &key.kind {
                KeyKind::Unique(columns) if columns.len() == 1 => {
                    facts.unique.push((table.name.clone(), columns[0].clone()))
                }
                KeyKind::Foreign {
                    columns,
                    table: parent,
                    referenced,
                } if columns.len() == 1 => {
                    // `REFERENCES parent` without a column references its
                    // primary key.
                    let to = match referenced.as_slice() {
                        [to] => to.clone(),
                        [] => match schema
                            .table(parent)
                            .and_then(Table::primary_key)
                            .map(Vec::as_slice)
                        {
                            Some([pk]) => pk.clone(),
                            _ => String::new(),
                        },
                        _ => continue,
                    };
                    facts.foreign_keys.push((
                        table.name.clone(),
                        columns[0].clone(),
                        parent.clone(),
                        to,
                    ));
                }
                KeyKind::Foreign {
                    columns,
                    table: parent,
                    referenced,
                } if columns.len() > 1 => {
                    let pk = schema.table(parent).and_then(Table::primary_key);
                    let referenced = match (referenced.is_empty(), pk) {
                        (true, Some(pk)) => pk.clone(),
                        _ => referenced.clone(),
                    };
                    // Each referenced column's place in the primary key.
                    let in_key_order =
                        pk.filter(|pk| pk.len() == referenced.len()).and_then(|pk| {
                            pk.iter()
                                .map(|k| {
                                    let i = referenced.iter().position(|r| eq(r, k))?;
                                    columns.get(i).cloned()
                                })
                                .collect::<Option<Vec<String>>>()
                        });
                    facts.composite_foreign_keys.push(CompositeKey {
                        table: table.name.clone(),
                        columns: columns.clone(),
                        references: parent.clone(),
                        referenced,
                        in_key_order,
                    });
                }
                _ => {}
            }
        }
    }
    for index in &schema.indexes {
        if index.unique && index.columns.len() == 1 {
            facts
                .unique
                .push((index.table.clone(), index.columns[0].clone()));
        }
    }
    facts.tables.sort();
    report.known = facts.tables.clone();
    report.unknown.sort();
    facts.report = report;
    facts
}

/// The dialects to parse a directory's statements with, the likeliest
/// first. diesel.toml does not name the backend (diesel CLI takes it from
/// `DATABASE_URL`), so the directory's path is the hint: a component naming
/// MySQL/MariaDB, SQLite or PostgreSQL puts that dialect first, and
/// `00000000000000_diesel_initial_setup` (what `diesel setup` writes for
/// PostgreSQL only) puts PostgreSQL first; otherwise PostgreSQL, MySQL,
/// SQLite. Each statement is parsed with the first dialect that accepts it.
fn dialect_order(found: &Found) -> Vec<(&'static str, Box<dyn Dialect>)> {
    let path = found.dir.to_string_lossy().to_lowercase();
    let has = |words: &[&str]| {
        path.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| words.contains(&part))
    };
    let first = if has(&["mysql", "mariadb"]) {
        "MySQL"
    } else if has(&["sqlite", "sqlite3"]) {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let mut order: Vec<(&'static str, Box<dyn Dialect>)> = vec![
        ("PostgreSQL", Box::new(PostgreSqlDialect {})),
        ("MySQL", Box::new(MySqlDialect {})),
        ("SQLite", Box::new(SQLiteDialect {})),
    ];
    if let Some(i) = order.iter().position(|(name, _)| *name == first) {
        let d = order.remove(i);
        order.insert(0, d);
    }
    order
}

/// What was read, for `DIESEL_RELATIONS_REPORT` (see [`Facts::report`]).
#[derive(Default, Debug)]
pub struct Report {
    /// The dialects tried on each statement, in order.
    pub dialects: Vec<&'static str>,
    /// The migrations read, in order.
    pub migrations: Vec<String>,
    /// How many statements they hold.
    pub statements: usize,
    /// The statements not applied, and why.
    pub skipped: Vec<Skipped>,
    /// The tables fully known: created by the migrations, and touched by no
    /// skipped statement.
    pub known: Vec<String>,
    /// The tables a skipped statement touched: what the migrations say of
    /// them still proves a foreign key, but what they lack proves nothing.
    pub unknown: Vec<String>,
}

/// A statement that was not applied.
#[derive(Default, Debug)]
pub struct Skipped {
    pub migration: String,
    /// Its first line in `up.sql`.
    pub line: usize,
    /// Its beginning, on one line.
    pub statement: String,
    pub reason: String,
    /// The tables it made unknown (none when it cannot change a table's
    /// columns or keys).
    pub unknown: Vec<String>,
}

impl Facts {
    /// The report of what the checker read, as `DIESEL_RELATIONS_REPORT=1`
    /// prints it.
    pub fn render(&self, found: &Found) -> String {
        use std::fmt::Write;
        let r = &self.report;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "diesel-relations: migrations in {} ({}), {} migration(s), {} statement(s), parsed as {}",
            found.display,
            found.dir.display(),
            r.migrations.len(),
            r.statements,
            r.dialects.join(", then "),
        );
        for m in &r.migrations {
            let _ = writeln!(out, "  read {m}");
        }
        if let Some((m, e)) = &self.failed {
            let _ = writeln!(out, "  could not read {m}: {e}: no table is known");
        }
        for s in &r.skipped {
            let effect = if s.unknown.is_empty() {
                String::from("no table made unknown")
            } else {
                format!("made unknown: {}", s.unknown.join(", "))
            };
            let _ = writeln!(
                out,
                "  skipped {}/up.sql:{}: {}: {} ({effect})",
                s.migration, s.line, s.statement, s.reason
            );
        }
        let _ = writeln!(out, "  fully known: {}", list(&r.known));
        let _ = writeln!(out, "  not fully known: {}", list(&r.unknown));
        for (t, c, p, k) in &self.foreign_keys {
            let _ = writeln!(out, "  foreign key {t}.{c} -> {p}.{k}");
        }
        for (t, c) in &self.unique {
            let _ = writeln!(out, "  unique {t}.{c}");
        }
        out
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(", ")
    }
}

/// A statement's beginning on one line, for the report.
fn summary(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(60) {
        Some((i, _)) => format!("{} ..", &flat[..i]),
        None => flat,
    }
}

/// Splits a file into statements at each `;` outside strings, quoted
/// identifiers, comments and dollar-quoted bodies (`$$ .. $$`,
/// `$tag$ .. $tag$`), so that a statement the parser rejects is skipped
/// alone. Each comes with the line it starts on; empty ones are dropped.
pub(crate) fn split_statements(sql: &str) -> Vec<(usize, String)> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i, mut line, mut start_line) = (0, 0, 1, 1);
    let mut content = false;
    let push = |out: &mut Vec<(usize, String)>, text: &str, line: usize, content: bool| {
        if content {
            out.push((line, text.trim().to_string()));
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'#' if !content || bytes.get(i + 1) == Some(&b' ') => {
                // MySQL's `# comment`, at the start of a statement or
                // followed by a space (PostgreSQL's `#` operators are not).
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    if bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() && !content {
            content = true;
            start = i;
            start_line = line;
        }
        match c {
            b'\'' | b'"' | b'`' => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\n' {
                        line += 1;
                    }
                    if bytes[i] == b'\\' && c == b'\'' {
                        // MySQL's escapes; PostgreSQL's E'..' too.
                        i += 2;
                        continue;
                    }
                    if bytes[i] == c {
                        if bytes.get(i + 1) == Some(&c) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'$' if i == 0 || !is_word(bytes[i - 1]) => {
                let tag_end = bytes[i + 1..]
                    .iter()
                    .position(|b| !is_word(*b))
                    .map(|n| i + 1 + n);
                match tag_end {
                    Some(end)
                        if bytes[end] == b'$'
                            && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) =>
                    {
                        let tag = &sql[i..=end];
                        match sql[end + 1..].find(tag) {
                            Some(n) => {
                                let close = end + 1 + n + tag.len();
                                line += sql[i..close].matches('\n').count();
                                i = close;
                            }
                            None => i = bytes.len(),
                        }
                    }
                    _ => i += 1,
                }
            }
            b';' => {
                push(&mut out, &sql[start..i], start_line, content);
                content = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if content {
        push(&mut out, &sql[start..], start_line, content);
    }
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The tables, keys and indexes the migrations created, as far as read.
#[derive(Default)]
struct Schema {
    tables: Vec<Table>,
    indexes: Vec<Index>,
}

struct Table {
    name: String,
    columns: Vec<Column>,
    keys: Vec<Key>,
    /// No skipped statement touched it, and it was created by a statement
    /// read whole: what it lacks, it does not have.
    known: bool,
}

struct Column {
    name: String,
    sql_type: String,
    not_null: bool,
}

struct Key {
    name: Option<String>,
    kind: KeyKind,
}

enum KeyKind {
    Primary(Vec<String>),
    Unique(Vec<String>),
    Foreign {
        columns: Vec<String>,
        table: String,
        referenced: Vec<String>,
    },
}

struct Index {
    name: String,
    table: String,
    columns: Vec<String>,
    /// UNIQUE and not partial.
    unique: bool,
}

impl Table {
    fn new(name: String, known: bool) -> Table {
        Table {
            name,
            columns: Vec::new(),
            keys: Vec::new(),
            known,
        }
    }

    fn primary_key(&self) -> Option<&Vec<String>> {
        self.keys.iter().find_map(|k| match &k.kind {
            KeyKind::Primary(columns) => Some(columns),
            _ => None,
        })
    }

    fn column(&mut self, name: &str) -> Option<&mut Column> {
        self.columns
            .iter_mut()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// The name PostgreSQL or MySQL gives an unnamed constraint, for `DROP
    /// CONSTRAINT` of one: `t_pkey`, `t_a_key`, `t_a_fkey` (PostgreSQL),
    /// `t_ibfk_<n>` (MySQL, numbered in order of creation).
    fn default_names(&self, key: &Key, index: usize) -> Vec<String> {
        let t = &self.name;
        match &key.kind {
            KeyKind::Primary(_) => vec![format!("{t}_pkey"), "PRIMARY".into()],
            KeyKind::Unique(columns) => {
                vec![format!("{t}_{}_key", columns.join("_")), columns[0].clone()]
            }
            KeyKind::Foreign { columns, .. } => {
                let n = self.keys[..=index]
                    .iter()
                    .filter(|k| matches!(k.kind, KeyKind::Foreign { .. }) && k.name.is_none())
                    .count();
                vec![
                    format!("{t}_{}_fkey", columns.join("_")),
                    format!("{t}_ibfk_{n}"),
                ]
            }
        }
    }

    /// Drops the constraint named `name` (of `only` a kind): whether there
    /// was one.
    fn drop_key(&mut self, name: &str, only: Option<fn(&KeyKind) -> bool>) -> bool {
        let found = (0..self.keys.len()).find(|&i| {
            let key = &self.keys[i];
            only.is_none_or(|f| f(&key.kind))
                && match &key.name {
                    Some(n) => n.eq_ignore_ascii_case(name),
                    None => self
                        .default_names(key, i)
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(name)),
                }
        });
        match found {
            Some(i) => {
                self.keys.remove(i);
                true
            }
            None => false,
        }
    }
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A table's or index's name without its schema (`public.users`: `users`).
fn object(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_default()
}

fn idents(list: &[Ident]) -> Vec<String> {
    list.iter().map(|i| i.value.clone()).collect()
}

/// The columns of an index or key; `None` where one is an expression.
fn index_columns(list: &[IndexColumn]) -> Option<Vec<String>> {
    list.iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(i) => Some(i.value.clone()),
            Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.clone()),
            _ => None,
        })
        .collect()
}

/// A table constraint as a key; `None` for CHECK and plain indexes (and
/// keys on expressions), which say nothing of foreign keys or UNIQUE
/// columns.
fn table_key(constraint: &TableConstraint) -> Option<Key> {
    match constraint {
        TableConstraint::PrimaryKey(pk) => Some(Key {
            name: pk.name.as_ref().map(|n| n.value.clone()),
            kind: KeyKind::Primary(index_columns(&pk.columns)?),
        }),
        TableConstraint::Unique(u) => Some(Key {
            name: u
                .name
                .as_ref()
                .or(u.index_name.as_ref())
                .map(|n| n.value.clone()),
            kind: KeyKind::Unique(index_columns(&u.columns)?),
        }),
        TableConstraint::ForeignKey(fk) => Some(foreign(fk, idents(&fk.columns))),
        _ => None,
    }
}

fn foreign(fk: &ForeignKeyConstraint, columns: Vec<String>) -> Key {
    Key {
        name: fk.name.as_ref().map(|n| n.value.clone()),
        kind: KeyKind::Foreign {
            columns,
            table: object(&fk.foreign_table),
            referenced: idents(&fk.referred_columns),
        },
    }
}

/// A column definition's column and the keys its options declare (`id
/// SERIAL PRIMARY KEY`, `owner_id INT UNIQUE REFERENCES owners (id)`).
fn column_def(def: &ColumnDef) -> (Column, Vec<Key>) {
    let name = def.name.value.clone();
    let mut column = Column {
        name: name.clone(),
        sql_type: def.data_type.to_string(),
        not_null: false,
    };
    let keys = column_options(
        &mut column,
        def.options.iter().map(|o| (&o.name, &o.option)),
    );
    (column, keys)
}

fn column_options<'a>(
    column: &mut Column,
    options: impl Iterator<Item = (&'a Option<Ident>, &'a ColumnOption)>,
) -> Vec<Key> {
    let mut keys = Vec::new();
    let one = || vec![column.name.clone()];
    for (name, option) in options {
        let name = name.as_ref().map(|n| n.value.clone());
        match option {
            ColumnOption::NotNull => column.not_null = true,
            ColumnOption::Null => column.not_null = false,
            ColumnOption::PrimaryKey(_) => {
                column.not_null = true;
                keys.push(Key {
                    name,
                    kind: KeyKind::Primary(one()),
                });
            }
            ColumnOption::Unique(_) => keys.push(Key {
                name,
                kind: KeyKind::Unique(one()),
            }),
            ColumnOption::ForeignKey(fk) => {
                let mut key = foreign(fk, one());
                key.name = key.name.or(name);
                keys.push(key);
            }
            _ => {}
        }
    }
    keys
}

impl Schema {
    fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| eq(&t.name, name))
    }

    /// The table named `name`, created unknown if the migrations read so far
    /// did not create it (an ALTER TABLE of a table created by a skipped
    /// statement).
    fn table_mut(&mut self, name: &str) -> &mut Table {
        match self.tables.iter().position(|t| eq(&t.name, name)) {
            Some(i) => &mut self.tables[i],
            None => {
                self.tables.push(Table::new(name.to_string(), false));
                self.tables.last_mut().expect("just pushed")
            }
        }
    }

    /// Marks `names` unknown (creating those not seen yet), and returns them.
    fn unknown(&mut self, names: Vec<String>) -> Vec<String> {
        for name in &names {
            self.table_mut(name).known = false;
        }
        names
    }

    /// Parses and applies one statement. `Some`: it was skipped, and why
    /// (with the tables it made unknown).
    fn statement(&mut self, found: &Found, text: &str) -> Option<Skipped> {
        let mut error = None;
        let mut dialects = dialect_order(found);
        if text.contains('`') {
            // Backticks quote identifiers in MySQL only.
            let mysql = dialects.iter().position(|(n, _)| *n == "MySQL");
            if let Some(i) = mysql {
                let d = dialects.remove(i);
                dialects.insert(0, d);
            }
        }
        for (name, dialect) in &dialects {
            match Parser::parse_sql(dialect.as_ref(), text) {
                Ok(statements) => {
                    let mut skipped = None;
                    for statement in &statements {
                        if let Some(skip) = self.apply(statement, text) {
                            skipped = Some(skip);
                        }
                    }
                    return skipped;
                }
                Err(e) => {
                    if error.is_none() {
                        error = Some(format!("{name} parser: {e}"));
                    }
                }
            }
        }
        let reason = error.unwrap_or_default();
        Some(self.unparsed(text, reason))
    }

    /// A statement no dialect parses: harmless when its first words say it
    /// cannot change a table's columns or keys (a function, trigger, type,
    /// extension ..); otherwise the tables it names are unknown (every table
    /// read so far, when it names none that can be found).
    fn unparsed(&mut self, text: &str, reason: String) -> Skipped {
        let words = kind(text);
        let first = words.first().map(String::as_str).unwrap_or("");
        let second = words.get(1).map(String::as_str).unwrap_or("");
        const HARMLESS: &[&str] = &[
            "FUNCTION",
            "PROCEDURE",
            "TRIGGER",
            "EXTENSION",
            "TYPE",
            "VIEW",
            "MATERIALIZED",
            "SEQUENCE",
            "SCHEMA",
            "DOMAIN",
            "ROLE",
            "USER",
            "POLICY",
            "RULE",
            "AGGREGATE",
            "OPERATOR",
            "COLLATION",
            "LANGUAGE",
            "EVENT",
            "CONSTRAINT",
            "DEFINER",
        ];
        let harmless = match first {
            "CREATE" | "DROP" | "ALTER" => HARMLESS.contains(&second),
            "COMMENT" | "GRANT" | "REVOKE" | "SET" | "INSERT" | "UPDATE" | "DELETE" | "SELECT"
            | "BEGIN" | "COMMIT" | "START" | "DELIMITER" | "PRAGMA" | "ANALYZE" | "VACUUM" => true,
            _ => false,
        };
        if harmless {
            return Skipped {
                reason: format!(
                    "{reason}; a {first} {second} cannot change a table's columns or keys"
                ),
                ..Skipped::default()
            };
        }
        let mut names = mentioned_tables(text);
        if names.is_empty() {
            names = self.tables.iter().map(|t| t.name.clone()).collect();
        }
        Skipped {
            reason,
            unknown: self.unknown(names),
            ..Skipped::default()
        }
    }

    /// Applies one parsed statement. `Some`: what of it was not understood.
    fn apply(&mut self, statement: &Statement, text: &str) -> Option<Skipped> {
        let not_understood = |s: &mut Schema, tables: Vec<String>, what: String| {
            Some(Skipped {
                reason: what,
                unknown: s.unknown(tables),
                ..Skipped::default()
            })
        };
        match statement {
            Statement::CreateTable(ct) => {
                let name = object(&ct.name);
                if ct.if_not_exists && self.table(&name).is_some() {
                    return None;
                }
                self.tables.retain(|t| !eq(&t.name, &name));
                self.indexes.retain(|i| !eq(&i.table, &name));
                if ct.columns.is_empty() {
                    // CREATE TABLE .. AS SELECT / LIKE: columns unknown.
                    self.tables.push(Table::new(name.clone(), false));
                    return not_understood(
                        self,
                        vec![name],
                        "a CREATE TABLE without a column list".into(),
                    );
                }
                let mut table = Table::new(name, true);
                for def in &ct.columns {
                    let (column, keys) = column_def(def);
                    table.columns.push(column);
                    table.keys.extend(keys);
                }
                for constraint in &ct.constraints {
                    table.keys.extend(table_key(constraint));
                }
                if let Some(columns) = table.primary_key().cloned() {
                    for c in columns {
                        if let Some(c) = table.column(&c) {
                            c.not_null = true;
                        }
                    }
                }
                self.tables.push(table);
                None
            }
            Statement::AlterTable(at) => self.alter(&object(&at.name), &at.operations),
            Statement::CreateIndex(ci) => {
                let table = object(&ci.table_name);
                let name = ci.name.as_ref().map(object).unwrap_or_default();
                self.table_mut(&table);
                match index_columns(&ci.columns) {
                    Some(columns) => self.indexes.push(Index {
                        name,
                        table,
                        columns,
                        unique: ci.unique && ci.predicate.is_none(),
                    }),
                    // An index on an expression makes no column UNIQUE.
                    None => self.indexes.push(Index {
                        name,
                        table,
                        columns: Vec::new(),
                        unique: false,
                    }),
                }
                None
            }
            Statement::Drop {
                object_type, names, ..
            } => {
                for name in names.iter().map(object) {
                    match object_type {
                        ObjectType::Table => {
                            self.tables.retain(|t| !eq(&t.name, &name));
                            self.indexes.retain(|i| !eq(&i.table, &name));
                            // CASCADE drops the foreign keys to it; without,
                            // there were none.
                            for t in &mut self.tables {
                                t.keys.retain(|k| !matches!(&k.kind, KeyKind::Foreign { table, .. } if eq(table, &name)));
                            }
                        }
                        ObjectType::Index => self.indexes.retain(|i| !eq(&i.name, &name)),
                        _ => {}
                    }
                }
                None
            }
            Statement::RenameTable(renames) => {
                for r in renames {
                    self.rename_table(&object(&r.old_name), &object(&r.new_name));
                }
                None
            }
            // Everything else parsed cannot add, drop or change a column or
            // key (queries, functions, triggers, types, extensions, views,
            // comments, grants ..).
            _ => Some(Skipped {
                reason: format!(
                    "{} cannot change a table's columns or keys",
                    kind(text).join(" ")
                ),
                ..Skipped::default()
            }),
        }
    }

    fn rename_table(&mut self, old: &str, new: &str) {
        for t in &mut self.tables {
            if eq(&t.name, old) {
                t.name = new.to_string();
            }
            for k in &mut t.keys {
                if let KeyKind::Foreign { table, .. } = &mut k.kind {
                    if eq(table, old) {
                        *table = new.to_string();
                    }
                }
            }
        }
        for i in &mut self.indexes {
            if eq(&i.table, old) {
                i.table = new.to_string();
            }
        }
    }

    fn rename_column(&mut self, table: &str, old: &str, new: &str) {
        let rename = |list: &mut Vec<String>| {
            for c in list.iter_mut() {
                if eq(c, old) {
                    *c = new.to_string();
                }
            }
        };
        for t in &mut self.tables {
            let this = eq(&t.name, table);
            if this {
                if let Some(c) = t.column(old) {
                    c.name = new.to_string();
                }
            }
            for k in &mut t.keys {
                match &mut k.kind {
                    KeyKind::Primary(columns) | KeyKind::Unique(columns) if this => rename(columns),
                    KeyKind::Foreign {
                        columns,
                        table: parent,
                        referenced,
                    } => {
                        if this {
                            rename(columns);
                        }
                        if eq(parent, table) {
                            rename(referenced);
                        }
                    }
                    _ => {}
                }
            }
        }
        for i in &mut self.indexes {
            if eq(&i.table, table) {
                rename(&mut i.columns);
            }
        }
    }

    fn drop_column(&mut self, table: &str, column: &str) {
        let t = self.table_mut(table);
        t.columns.retain(|c| !eq(&c.name, column));
        t.keys.retain(|k| match &k.kind {
            KeyKind::Primary(cs) | KeyKind::Unique(cs) => !cs.iter().any(|c| eq(c, column)),
            KeyKind::Foreign { columns, .. } => !columns.iter().any(|c| eq(c, column)),
        });
        self.indexes
            .retain(|i| !(eq(&i.table, table) && i.columns.iter().any(|c| eq(c, column))));
    }

    /// One `ALTER TABLE`: the operations that change columns and keys are
    /// applied; one that is not understood makes the table unknown.
    fn alter(&mut self, name: &str, operations: &[AlterTableOperation]) -> Option<Skipped> {
        let mut not_understood = Vec::new();
        for op in operations {
            match op {
                AlterTableOperation::AddConstraint { constraint, .. } => {
                    if let Some(key) = table_key(constraint) {
                        self.table_mut(name).keys.push(key);
                    }
                }
                AlterTableOperation::AddColumn {
                    column_def: def,
                    if_not_exists,
                    ..
                } => {
                    let t = self.table_mut(name);
                    if *if_not_exists && t.column(&def.name.value).is_some() {
                        continue;
                    }
                    let (column, keys) = column_def(def);
                    t.columns.push(column);
                    t.keys.extend(keys);
                }
                AlterTableOperation::DropConstraint {
                    name: key,
                    if_exists,
                    ..
                } => {
                    let dropped = self.table_mut(name).drop_key(&key.value, None) || {
                        let before = self.indexes.len();
                        self.indexes
                            .retain(|i| !(eq(&i.table, name) && eq(&i.name, &key.value)));
                        before != self.indexes.len()
                    };
                    if !dropped && !if_exists {
                        not_understood.push(format!(
                            "DROP CONSTRAINT {} (a constraint it did not see created)",
                            key.value
                        ));
                    }
                }
                AlterTableOperation::DropForeignKey { name: key, .. } => {
                    if !self
                        .table_mut(name)
                        .drop_key(&key.value, Some(|k| matches!(k, KeyKind::Foreign { .. })))
                    {
                        not_understood.push(format!(
                            "DROP FOREIGN KEY {} (a foreign key it did not see created)",
                            key.value
                        ));
                    }
                }
                AlterTableOperation::DropPrimaryKey { .. } => {
                    self.table_mut(name)
                        .keys
                        .retain(|k| !matches!(k.kind, KeyKind::Primary(_)));
                }
                AlterTableOperation::DropIndex { name: index } => {
                    let dropped = self
                        .table_mut(name)
                        .drop_key(&index.value, Some(|k| matches!(k, KeyKind::Unique(_))));
                    if !dropped {
                        self.indexes
                            .retain(|i| !(eq(&i.table, name) && eq(&i.name, &index.value)));
                    }
                }
                AlterTableOperation::DropColumn { column_names, .. } => {
                    for c in column_names {
                        self.drop_column(name, &c.value);
                    }
                }
                AlterTableOperation::RenameColumn {
                    old_column_name,
                    new_column_name,
                } => {
                    self.table_mut(name);
                    self.rename_column(name, &old_column_name.value, &new_column_name.value);
                }
                AlterTableOperation::RenameTable { table_name } => {
                    let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
                    self.table_mut(name);
                    self.rename_table(name, &object(new));
                }
                AlterTableOperation::RenameConstraint { old_name, new_name } => {
                    let t = self.table_mut(name);
                    let i = (0..t.keys.len()).find(|&i| match &t.keys[i].name {
                        Some(n) => eq(n, &old_name.value),
                        None => t
                            .default_names(&t.keys[i], i)
                            .iter()
                            .any(|n| eq(n, &old_name.value)),
                    });
                    match i {
                        Some(i) => t.keys[i].name = Some(new_name.value.clone()),
                        None => {
                            not_understood.push(format!("RENAME CONSTRAINT {}", old_name.value))
                        }
                    }
                }
                AlterTableOperation::ChangeColumn {
                    old_name,
                    new_name,
                    data_type,
                    options,
                    ..
                } => {
                    self.table_mut(name);
                    self.rename_column(name, &old_name.value, &new_name.value);
                    self.modify(name, &new_name.value, data_type, options);
                }
                AlterTableOperation::ModifyColumn {
                    col_name,
                    data_type,
                    options,
                    ..
                } => {
                    self.modify(name, &col_name.value, data_type, options);
                }
                AlterTableOperation::AlterColumn { column_name, op } => {
                    let t = self.table_mut(name);
                    if let Some(c) = t.column(&column_name.value) {
                        match op {
                            AlterColumnOperation::SetNotNull => c.not_null = true,
                            AlterColumnOperation::DropNotNull => c.not_null = false,
                            AlterColumnOperation::SetDataType { data_type, .. } => {
                                c.sql_type = data_type.to_string()
                            }
                            _ => {}
                        }
                    }
                }
                // Cannot change a column or a key.
                AlterTableOperation::DisableRowLevelSecurity
                | AlterTableOperation::EnableRowLevelSecurity
                | AlterTableOperation::ForceRowLevelSecurity
                | AlterTableOperation::NoForceRowLevelSecurity
                | AlterTableOperation::DisableRule { .. }
                | AlterTableOperation::DisableTrigger { .. }
                | AlterTableOperation::EnableAlwaysRule { .. }
                | AlterTableOperation::EnableAlwaysTrigger { .. }
                | AlterTableOperation::EnableReplicaRule { .. }
                | AlterTableOperation::EnableReplicaTrigger { .. }
                | AlterTableOperation::EnableRule { .. }
                | AlterTableOperation::EnableTrigger { .. }
                | AlterTableOperation::ReplicaIdentity { .. }
                | AlterTableOperation::OwnerTo { .. }
                | AlterTableOperation::SetLogged
                | AlterTableOperation::SetUnlogged => {}
                other => not_understood.push(other.to_string()),
            }
        }
        if not_understood.is_empty() {
            return None;
        }
        Some(Skipped {
            reason: format!("not understood: {}", not_understood.join("; ")),
            unknown: self.unknown(vec![name.to_string()]),
            ..Skipped::default()
        })
    }

    /// MySQL's `MODIFY`/`CHANGE`: the column's type and options anew.
    fn modify(
        &mut self,
        table: &str,
        column: &str,
        data_type: &DataType,
        options: &[ColumnOption],
    ) {
        let t = self.table_mut(table);
        let keys = match t.column(column) {
            Some(c) => {
                c.sql_type = data_type.to_string();
                c.not_null = false;
                column_options(c, options.iter().map(|o| (&None, o)))
            }
            None => return,
        };
        t.keys.extend(keys);
    }
}

/// A statement's first two words, upper case (`OR REPLACE` left out):
/// `CREATE FUNCTION`, `ALTER TABLE`.
fn kind(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(4)
        .map(str::to_ascii_uppercase)
        .collect();
    if words.get(1).is_some_and(|w| w == "OR") {
        words.drain(1..3.min(words.len()));
    }
    let n = if matches!(
        words.first().map(String::as_str),
        Some("CREATE" | "ALTER" | "DROP")
    ) {
        2
    } else {
        1
    };
    words.truncate(n);
    words
}

/// The tables a statement names, found by its words (a statement no dialect
/// parses, a `DO` block's body among them): the name after `TABLE`
/// (`IF [NOT] EXISTS`, `ONLY` skipped) and `ON` (an index's, a trigger's).
/// Not after `REFERENCES`: a foreign key to a table does not change it.
fn mentioned_tables(text: &str) -> Vec<String> {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .peekable();
    let mut names: Vec<String> = Vec::new();
    while let Some(word) = words.next() {
        let upper = word.to_ascii_uppercase();
        if !matches!(upper.as_str(), "TABLE" | "ON") {
            continue;
        }
        while let Some(next) = words.peek() {
            if matches!(
                next.to_ascii_uppercase().as_str(),
                "IF" | "NOT" | "EXISTS" | "ONLY"
            ) {
                words.next();
            } else {
                break;
            }
        }
        let Some(name) = words.next() else { break };
        if matches!(
            name.to_ascii_uppercase().as_str(),
            "DELETE" | "UPDATE" | "COMMIT" | "CONFLICT"
        ) {
            continue;
        }
        let name = name
            .rsplit('.')
            .next()
            .unwrap_or(name)
            .trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']');
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            && !names.iter().any(|n| eq(n, name))
        {
            names.push(name.to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("diesel-relations-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn migration(dir: &Path, name: &str, sql: &str) {
        let m = dir.join(name);
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(m.join("up.sql"), sql).unwrap();
    }

    #[test]
    fn reads_foreign_keys_unique_columns_and_self_references() {
        let root = temp_dir("facts");
        let dir = root.join("migrations");
        migration(
            &dir,
            "2024-01-01-000001_people",
            "CREATE TABLE people (id INTEGER PRIMARY KEY, boss INTEGER REFERENCES people, partner INTEGER UNIQUE REFERENCES people (id));",
        );
        migration(
            &dir,
            "2024-01-01-000002_moves",
            "CREATE TABLE moves (id INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, \
             FOREIGN KEY (src) REFERENCES people (id), FOREIGN KEY (dst) REFERENCES people (id));",
        );
        let found = find(&root, None).unwrap().unwrap();
        assert_eq!(found.display, "migrations");
        let facts = facts(&found);
        assert!(facts.complete);
        assert_eq!(facts.tables, ["moves", "people"]);
        assert!(facts
            .foreign_keys
            .contains(&fk("people", "boss", "people", "id")));
        assert!(facts
            .foreign_keys
            .contains(&fk("moves", "src", "people", "id")));
        assert!(facts
            .foreign_keys
            .contains(&fk("moves", "dst", "people", "id")));
        assert!(facts.unique.contains(&("people".into(), "partner".into())));
        assert!(facts.unique.contains(&("people".into(), "id".into())));
        assert!(!facts.unique.contains(&("people".into(), "boss".into())));
    }

    /// The ui-tests' composite schemas in the three styles: the composite
    /// keys from CREATE TABLE and ALTER TABLE .. ADD [CONSTRAINT], in
    /// columns' order and rearranged in the referenced key's, one dropped
    /// by DROP CONSTRAINT, one referencing a primary key without naming its
    /// columns; the single-column keys as before.
    #[test]
    fn composite_foreign_keys_in_three_dialects() {
        let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui-tests");
        let key = |columns: &[&str], references: &str, referenced: &[&str], order: &[&str]| {
            CompositeKey {
                table: "cfk_notes".into(),
                columns: columns.iter().map(|c| c.to_string()).collect(),
                references: references.into(),
                referenced: referenced.iter().map(|c| c.to_string()).collect(),
                in_key_order: Some(order.iter().map(|c| c.to_string()).collect()),
            }
        };
        for style in ["composite_sqlite", "composite_postgres", "composite_mysql"] {
            let found = find(&ui, Some(&format!("schemas/{style}")))
                .unwrap()
                .unwrap();
            let facts = facts(&found);
            assert!(facts.complete, "{style}");
            assert!(facts.tables.contains(&"cfk_notes".to_string()), "{style}");
            let mut keys = facts.composite_foreign_keys.clone();
            keys.sort_by(|a, b| a.columns.cmp(&b.columns));
            assert_eq!(
                keys,
                [
                    key(
                        &["order_id", "line_no"],
                        "cfk_lines",
                        &["order_id", "line_no"],
                        &["order_id", "line_no"]
                    ),
                    key(
                        &["other_a", "other_b"],
                        "cfk_others",
                        &["a", "b"],
                        &["other_a", "other_b"]
                    ),
                    key(
                        &["see_line_no", "see_order_id"],
                        "cfk_lines",
                        &["line_no", "order_id"],
                        &["see_order_id", "see_line_no"]
                    ),
                ],
                "{style}"
            );
            assert!(
                !facts.foreign_keys.iter().any(|fk| fk.0 == "cfk_notes"),
                "{style}: a composite key is no single-column one"
            );
        }
    }

    fn fk(t: &str, c: &str, p: &str, k: &str) -> (String, String, String, String) {
        (t.into(), c.into(), p.into(), k.into())
    }

    /// What `diesel setup` writes for PostgreSQL, then keys added by ALTER
    /// TABLE, a type, an extension, a DO block and a trigger.
    #[test]
    fn postgres_migrations_of_a_diesel_setup_project() {
        let root = temp_dir("postgres");
        let dir = root.join("migrations");
        migration(
            &dir,
            "00000000000000_diesel_initial_setup",
            r#"
CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
BEGIN
    IF (
        NEW IS DISTINCT FROM OLD AND
        NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
    ) THEN
        NEW.updated_at := current_timestamp;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"#,
        );
        migration(
            &dir,
            "2024-01-01-000001_users",
            r#"CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    token UUID NOT NULL DEFAULT uuid_generate_v4() UNIQUE,
    mood mood,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
SELECT diesel_manage_updated_at('users');
CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    author_id BIGINT NOT NULL,
    editor_id BIGINT,
    title VARCHAR(200) NOT NULL DEFAULT 'it''s; not the end'
);
ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE posts ADD FOREIGN KEY (editor_id) REFERENCES users;
CREATE TABLE tags (id SERIAL PRIMARY KEY, post_id INTEGER NOT NULL);
DO $$ BEGIN
    ALTER TABLE tags ADD CONSTRAINT tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (id);
END $$;
CREATE TRIGGER t BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION diesel_set_updated_at();
CREATE UNIQUE INDEX posts_title ON posts (title);
CREATE UNIQUE INDEX posts_lower ON posts (lower(title));
"#,
        );
        migration(
            &dir,
            "2024-01-01-000002_renames",
            "ALTER TABLE posts RENAME COLUMN editor_id TO reviewer_id;\n\
             ALTER TABLE posts ALTER COLUMN reviewer_id SET NOT NULL;\n\
             ALTER TABLE posts DROP CONSTRAINT posts_author_fk;\n\
             ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id);\n",
        );
        let found = find(&root, None).unwrap().unwrap();
        let facts = facts(&found);
        let report = facts.render(&found);
        assert!(facts.complete, "{report}");
        // The DO block's table is unknown; users and posts are not.
        assert_eq!(facts.tables, ["posts", "users"], "{report}");
        assert_eq!(facts.report.unknown, ["tags"], "{report}");
        assert!(
            facts
                .foreign_keys
                .contains(&fk("posts", "author_id", "users", "id")),
            "{report}"
        );
        assert!(
            facts
                .foreign_keys
                .contains(&fk("posts", "reviewer_id", "users", "id")),
            "{report}"
        );
        assert_eq!(facts.foreign_keys.len(), 2, "{report}");
        assert!(facts.unique.contains(&("users".into(), "token".into())));
        assert!(facts.unique.contains(&("posts".into(), "title".into())));
        assert!(!facts.unique.iter().any(|(_, c)| c == "lower"));
        assert!(
            report.contains("skipped 2024-01-01-000001_users/up.sql:"),
            "{report}"
        );
    }

    #[test]
    fn mysql_migrations() {
        let root = temp_dir("mysql");
        let dir = root.join("db/mysql");
        migration(
            &dir,
            "1_schema",
            "CREATE TABLE `teams` (\n  `id` INT NOT NULL AUTO_INCREMENT,\n  `name` VARCHAR(50) NOT NULL,\n  PRIMARY KEY (`id`),\n  UNIQUE KEY `teams_name` (`name`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\
             CREATE TABLE `players` (\n  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  `team_id` INT NOT NULL,\n  `captain_of` INT NULL,\n  KEY `players_team` (`team_id`),\n  UNIQUE KEY (`captain_of`),\n  CONSTRAINT `players_team_fk` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`)\n) ENGINE=InnoDB;\n\
             ALTER TABLE players ADD CONSTRAINT FOREIGN KEY (captain_of) REFERENCES teams (id);\n\
             ALTER TABLE players DROP FOREIGN KEY players_ibfk_1;\n",
        );
        let found = find(&root, Some("db/mysql")).unwrap().unwrap();
        let facts = facts(&found);
        let report = facts.render(&found);
        assert_eq!(facts.tables, ["players", "teams"], "{report}");
        assert_eq!(
            facts.foreign_keys,
            [fk("players", "team_id", "teams", "id")],
            "{report}"
        );
        assert!(
            facts.unique.contains(&("teams".into(), "name".into())),
            "{report}"
        );
        assert!(
            facts
                .unique
                .contains(&("players".into(), "captain_of".into())),
            "{report}"
        );
        assert!(facts.report.skipped.is_empty(), "{report}");
    }

    /// The seed migrations, one schema in three dialects: the same facts.
    #[test]
    fn the_seed_schemas_read_alike_in_three_dialects() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let read = |dialect: &str| {
            let found = find(&root, Some(&format!("migrations/{dialect}")))
                .unwrap()
                .unwrap();
            let facts = facts(&found);
            let report = facts.render(&found);
            assert!(facts.report.unknown.is_empty(), "{report}");
            let lower = |s: &String| s.to_lowercase();
            let mut fks: Vec<_> = facts
                .foreign_keys
                .iter()
                .map(|(a, b, c, d)| (lower(a), lower(b), lower(c), lower(d)))
                .collect();
            fks.sort();
            let mut unique: Vec<_> = facts
                .unique
                .iter()
                .map(|(a, b)| (lower(a), lower(b)))
                .collect();
            unique.sort();
            unique.dedup();
            (
                facts.tables.iter().map(lower).collect::<Vec<_>>(),
                fks,
                unique,
            )
        };
        let sqlite = read("sqlite");
        assert!(sqlite.1.len() > 10);
        assert_eq!(read("postgres"), sqlite);
        assert_eq!(read("mysql"), sqlite);
    }

    #[test]
    fn statements_split_outside_quotes_comments_and_dollar_bodies() {
        let sql = "-- a; comment\nCREATE TABLE a (x TEXT DEFAULT 'a;b'); /* c; */\n\
                   CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\
                   SELECT $1; SELECT \"x;y\"; SELECT `p;q`";
        let parts: Vec<String> = split_statements(sql).into_iter().map(|(_, s)| s).collect();
        assert_eq!(parts.len(), 5, "{parts:?}");
        assert_eq!(parts[0], "CREATE TABLE a (x TEXT DEFAULT 'a;b')");
        assert!(parts[1].ends_with("LANGUAGE sql"));
        assert_eq!(split_statements(sql)[1].0, 3);
    }

    #[test]
    fn diesel_toml_names_the_directory() {
        let root = temp_dir("toml");
        std::fs::write(
            root.join("diesel.toml"),
            "[print_schema]\nfile = \"src/schema.rs\"\n\n[migrations_directory]\ndir = \"db/sqlite\" # comment\n",
        )
        .unwrap();
        migration(
            &root.join("db/sqlite"),
            "1_a",
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
        );
        let crate_dir = root.join("member");
        std::fs::create_dir_all(&crate_dir).unwrap();
        let found = find(&crate_dir, None).unwrap().unwrap();
        assert!(found.dir.ends_with("db/sqlite"));
        assert!(found.config.is_some());
        assert!(find(&crate_dir, Some("nowhere")).is_err());
    }
}
