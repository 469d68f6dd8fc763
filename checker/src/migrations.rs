//! Foreign keys, tables and UNIQUE columns from the migrations, found the
//! way diesel CLI finds them and read by running them in SQLite.
//!
//! `diesel print-schema` writes a `joinable!` only for a pair of tables
//! linked by exactly one foreign key, and never for a table that references
//! itself, so the Diesel schema cannot prove those foreign keys. The
//! migrations can: every `up.sql` is applied in order to an in-memory SQLite
//! database with rusqlite, and `PRAGMA foreign_key_list` / `index_list` /
//! `table_info` read what they created.
//!
//! A migration SQLite cannot run (PostgreSQL's `ALTER TABLE .. ADD
//! CONSTRAINT`, MySQL's `AUTO_INCREMENT`) stops the run and marks the facts
//! incomplete: they still prove what they contain, but what they lack is
//! no longer evidence of absence, so no check reports it.
//!
//! One compilation runs each migrations directory once: the facts are cached
//! in the proc-macro process and kept while no file changed. The derive
//! `include_bytes!`es every file it read, so cargo recompiles when a
//! migration is edited.

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
    /// Every migration ran in SQLite.
    pub complete: bool,
    /// The migration that SQLite could not run, and why.
    pub failed: Option<(String, String)>,
    pub tables: Vec<String>,
    /// `(table, column, referenced table, referenced column)`, single-column
    /// foreign keys only.
    pub foreign_keys: Vec<(String, String, String, String)>,
    /// Columns UNIQUE on their own.
    pub unique: Vec<(String, String)>,
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

/// The facts of a migrations directory, run once per compilation.
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

/// Applies every `up.sql` to a fresh in-memory SQLite and reads the schema.
fn run(found: &Found) -> Facts {
    let Ok(conn) = rusqlite::Connection::open_in_memory() else {
        return Facts::default();
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
                facts.complete = false;
                facts.failed = Some((name, e.to_string()));
                break;
            }
        };
        if let Err(e) = conn.execute_batch(&sql) {
            facts.complete = false;
            facts.failed = Some((name, e.to_string()));
            break;
        }
    }
    if let Err(e) = read_schema(&conn, &mut facts) {
        facts.complete = false;
        facts.failed = Some(("reading the schema".into(), e.to_string()));
    }
    facts
}

fn read_schema(conn: &rusqlite::Connection, facts: &mut Facts) -> rusqlite::Result<()> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut primary_keys: HashMap<String, Vec<String>> = HashMap::new();
    for table in &tables {
        let mut pk: Vec<(i64, String)> = conn
            .prepare("SELECT name, pk FROM pragma_table_info(?1) WHERE pk > 0")?
            .query_map([table], |row| {
                Ok((row.get::<_, i64>(1)?, row.get::<_, String>(0)?))
            })?
            .collect::<Result<_, _>>()?;
        pk.sort();
        primary_keys.insert(
            table.to_lowercase(),
            pk.into_iter().map(|(_, c)| c).collect(),
        );
    }
    for table in &tables {
        // One row per column of each constraint; `id` groups them.
        let rows: Vec<(i64, String, String, Option<String>)> = conn
            // SQLite numbers a table's constraints last to first.
            .prepare("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id DESC, seq")?
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
            .collect::<Result<_, _>>()?;
        for (id, parent, from, to) in &rows {
            if rows.iter().filter(|r| r.0 == *id).count() != 1 {
                continue;
            }
            // `REFERENCES parent` without a column references its primary key.
            let to = match to {
                Some(to) => to.clone(),
                None => match primary_keys.get(&parent.to_lowercase()).map(Vec::as_slice) {
                    Some([pk]) => pk.clone(),
                    _ => String::new(),
                },
            };
            facts
                .foreign_keys
                .push((table.clone(), from.clone(), parent.clone(), to));
        }
        if let Some([pk]) = primary_keys.get(&table.to_lowercase()).map(Vec::as_slice) {
            facts.unique.push((table.clone(), pk.clone()));
        }
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND partial = 0")?
            .query_map([table], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for index in indexes {
            let columns: Vec<Option<String>> = conn
                .prepare("SELECT name FROM pragma_index_info(?1)")?
                .query_map([&index], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            if let [Some(column)] = columns.as_slice() {
                facts.unique.push((table.clone(), column.clone()));
            }
        }
    }
    facts.tables = tables;
    Ok(())
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
        let fk = |t: &str, c: &str, p: &str, k: &str| (t.into(), c.into(), p.into(), k.into());
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

    #[test]
    fn sql_sqlite_cannot_run_makes_the_facts_incomplete() {
        let root = temp_dir("incomplete");
        let dir = root.join("migrations");
        migration(&dir, "1_a", "CREATE TABLE a (id SERIAL PRIMARY KEY);");
        migration(
            &dir,
            "2_b",
            "ALTER TABLE a ADD CONSTRAINT a_self FOREIGN KEY (id) REFERENCES a (id);",
        );
        let facts = facts(&find(&root, None).unwrap().unwrap());
        assert!(!facts.complete);
        assert_eq!(facts.failed.as_ref().unwrap().0, "2_b");
        assert_eq!(facts.tables, ["a"]);
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
