//! A command line for a program's relationships, added to a binary of the
//! program in one line (the registry is per program, so the CLI must be
//! linked into one that links the models):
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! // src/bin/relations.rs, the whole program:
//! # mod program {
//! fn main() -> std::process::ExitCode {
//!     diesel_relations::cli::run()
//! }
//! # }
//! # fn main() {
//! // The same commands through run_with (arguments, stdout, stderr):
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! assert_eq!(diesel_relations::cli::run_with(["relations", "diagram"], &mut out, &mut err), 0);
//! assert!(String::from_utf8(out).unwrap().starts_with("erDiagram"));
//!
//! // verify, against an SQLite file with the migrations applied.
//! # use diesel::connection::SimpleConnection;
//! let path = std::env::temp_dir().join(format!("diesel-relations-cli-doctest-{}.sqlite3", std::process::id()));
//! let url = path.to_str().unwrap();
//! diesel::SqliteConnection::establish(url).unwrap()
//!     .batch_execute(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/migrations/2026-12-02-000001_schema/up.sql")))
//!     .unwrap();
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let status = diesel_relations::cli::run_with(["relations", "verify", "--database-url", url], &mut out, &mut err);
//! std::fs::remove_file(&path).unwrap();
//! assert_eq!(status, 0, "{}{}", String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
//! # }
//! ```
//!
//! ```text
//! relations verify --database-url postgres://localhost/app   # exit 1 on drift
//! relations diagram [--format mermaid|dot]
//! ```
//!
//! The backend comes from the URL: `postgres://` or `postgresql://`,
//! `mysql://`, anything else is an SQLite file (`sqlite://` prefix
//! optional), opened read-only.

use crate::diagram::{self, Format};
use crate::verify::{verify, Report};
use crate::{checks, registry};
use clap::{Parser, Subcommand};
use diesel::Connection;
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// Exit status when the database or the models have problems.
pub const EXIT_DRIFT: u8 = 1;
/// Exit status when the command could not run (bad arguments, no database).
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    about = "Check the declared diesel-relations relationships against a database, and draw them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compare every relationship with the live database (foreign keys,
    /// indexes, UNIQUE, column types) and run the cross-model checks;
    /// exits 1 when anything differs. Writes nothing.
    Verify {
        /// postgres://.., mysql://.., or an SQLite file path.
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
    /// Print the ER diagram of the models.
    Diagram {
        #[arg(long, value_enum, default_value_t = Format::Mermaid)]
        format: Format,
    },
}

/// Parses the process's arguments and runs the command, printing to stdout
/// and stderr.
pub fn run() -> ExitCode {
    let code = run_with(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}

/// [`run`] with given arguments (the first is the program's name) and
/// outputs; returns the exit status: 0, [`EXIT_DRIFT`] or [`EXIT_ERROR`].
pub fn run_with<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are "errors" that exit 0 on stdout.
            let target: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(target, "{}", e.render());
            return if e.use_stderr() { EXIT_ERROR } else { 0 };
        }
    };
    if registry::models().is_empty() {
        let _ = writeln!(
            err,
            "warning: no model deriving Relations is linked into this binary; \
             if the models live in another crate, name it once: `use my_models as _;`"
        );
    }
    let result = match cli.command {
        Command::Diagram { format } => write!(out, "{}", diagram::render(format))
            .map(|_| 0)
            .map_err(|e| e.to_string()),
        Command::Verify { database_url } => run_verify(&database_url, out),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_ERROR
        }
    }
}

fn run_verify(url: &str, out: &mut dyn Write) -> Result<u8, String> {
    let report = match backend(url) {
        #[cfg(feature = "postgres")]
        Backend::Postgres => verify(&mut diesel::PgConnection::establish(url).map_err(connect_error)?),
        #[cfg(feature = "mysql")]
        Backend::Mysql => verify(&mut diesel::MysqlConnection::establish(url).map_err(connect_error)?),
        #[cfg(feature = "sqlite")]
        Backend::Sqlite(path) => verify(
            &mut diesel::SqliteConnection::establish(&sqlite_read_only(path)?).map_err(connect_error)?,
        ),
        #[allow(unreachable_patterns)]
        other => return Err(format!("this program was built without the {} backend: enable diesel-relations' \"{}\" feature", other.name(), other.name())),
    }
    .map_err(|e| e.to_string())?;
    let problems = checks::check_relationships(&registry::relationships());
    print_report(out, &report, &problems).map_err(|e| e.to_string())?;
    Ok(if report.is_clean() && problems.is_empty() {
        0
    } else {
        EXIT_DRIFT
    })
}

fn print_report(
    out: &mut dyn Write,
    report: &Report,
    problems: &[checks::ModelProblem],
) -> std::io::Result<()> {
    writeln!(out, "{report}")?;
    if problems.is_empty() {
        writeln!(
            out,
            "models: no overlapping foreign keys, no cascade cycles"
        )
    } else {
        writeln!(out, "{}", checks::ModelProblems(problems.to_vec()))
    }
}

fn connect_error(e: diesel::ConnectionError) -> String {
    format!("cannot connect to the database: {e}")
}

enum Backend<'a> {
    Postgres,
    Mysql,
    Sqlite(#[cfg_attr(not(feature = "sqlite"), allow(dead_code))] &'a str),
}

impl Backend<'_> {
    /// The cargo feature that builds the backend in.
    #[allow(dead_code)] // used only when a backend is left out
    fn name(&self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
            Backend::Sqlite(_) => "sqlite",
        }
    }
}

fn backend(url: &str) -> Backend<'_> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Backend::Postgres
    } else if url.starts_with("mysql://") {
        Backend::Mysql
    } else {
        Backend::Sqlite(url.strip_prefix("sqlite://").unwrap_or(url))
    }
}

/// An SQLite URI that opens `path` read-only and never creates it
/// (establishing a plain path would create an empty database).
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
fn sqlite_read_only(path: &str) -> Result<String, String> {
    if path.starts_with("file:") {
        return Ok(path.to_owned());
    }
    if !std::path::Path::new(path).is_file() {
        return Err(format!("no SQLite database at {path}"));
    }
    let escaped = path
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    Ok(format!("file:{escaped}?mode=ro"))
}
