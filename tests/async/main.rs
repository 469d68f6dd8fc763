//! diesel-relations' loads on diesel-async's connections (`--features
//! async`): SQLite through `SyncConnectionWrapper` always, PostgreSQL
//! (`AsyncPgConnection`) and MariaDB (`AsyncMysqlConnection`, with
//! `--features mysql`) when `PG_DATABASE_URL` / `MYSQL_DATABASE_URL` are
//! set (reported as ignored otherwise), as tests/relations/harness.rs
//! decides. Trials are named `backend::test`, so `-- postgres::` runs one
//! backend.
//!
//! Each backend gets a database of this run's own (an SQLite file, or a
//! database created next to the one in the URL, dropped at the end) with
//! the seed migrations and the rows of `fixture!`, written once through a
//! synchronous connection and committed. Each test then opens an async
//! connection and a synchronous one to it, and asserts that what the async
//! calls read is what the synchronous ones read (lazy loads, one query per
//! row, against async eager plans), and on the rows themselves.
//!
//! `properties` compares async eager loading with synchronous lazy
//! loading on random graphs (SQLite).
//!
//! Every test body is a future boxed as `Send` and run on a multi-threaded
//! tokio runtime, so the library's futures are proven `Send` at compile
//! time for every backend; `spawned` runs one on `tokio::spawn` besides.

use libtest_mimic::{Failed, Trial};
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

mod collation;
mod loads;
mod properties;
mod service;
mod writes;

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A test body: the synchronous and the async connection to one database.
type Body<S, A> =
    for<'a> fn(&'a mut S, &'a mut A) -> Pin<Box<dyn Future<Output = TestResult> + Send + 'a>>;

macro_rules! ensure_eq {
    ($left:expr, $right:expr $(,)?) => {{
        let (left, right) = (&$left, &$right);
        if left != right {
            return Err(format!(
                "{}:{}: {} != {}\n  left:  {:?}\n  right: {:?}",
                file!(),
                line!(),
                stringify!($left),
                stringify!($right),
                left,
                right
            )
            .into());
        }
    }};
}
pub(crate) use ensure_eq;

/// A backend of the async suite.
pub trait Backend: 'static {
    /// The trials' prefix, which `.ci/run` filters on.
    const NAME: &'static str;
    /// The server's URL variable (none for SQLite).
    const URL_VAR: Option<&'static str>;
    /// The synchronous connection.
    type Sync: diesel::Connection + Send + 'static;
    /// The async connection.
    type Async: diesel_async::AsyncConnection + Send + 'static;
    /// Creates the run's database, applies the migrations, writes the
    /// fixture; returns its URL.
    fn create() -> Result<String, Box<dyn std::error::Error + Send + Sync>>;
    /// Drops the run's database.
    fn destroy(url: &str);
    /// The run's database, created once.
    fn database() -> &'static OnceLock<Result<String, String>>;
}

fn url_of<B: Backend>() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    match B::database().get_or_init(|| B::create().map_err(|e| e.to_string())) {
        Ok(url) => Ok(url.clone()),
        Err(e) => Err(format!("setting up the {} database failed: {e}", B::NAME).into()),
    }
}

/// Both connections to the run's database.
async fn open<B: Backend>() -> Result<(B::Sync, B::Async), Box<dyn std::error::Error + Send + Sync>>
{
    let url = url_of::<B>()?;
    let sync = <B::Sync as diesel::Connection>::establish(&url)?;
    let conn = <B::Async as diesel_async::AsyncConnection>::establish(&url).await?;
    Ok((sync, conn))
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// One trial, `backend::name`, ignored when the backend's URL is unset.
fn trial<B: Backend>(name: &str, body: Body<B::Sync, B::Async>) -> Trial {
    let available = B::URL_VAR.is_none_or(|var| std::env::var_os(var).is_some());
    Trial::test(format!("{}::{name}", B::NAME), move || {
        let run = || -> TestResult {
            runtime()?.block_on(async {
                let (mut sync, mut conn) = open::<B>().await?;
                body(&mut sync, &mut conn).await
            })
        };
        run().map_err(|e| Failed::from(format!("{e}\n  ({e:?})")))
    })
    .with_ignored_flag(!available)
}

/// `scheme://user@host:port/db?params` with `db` replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{root}/{database}?{query}"),
        None => format!("{root}/{database}"),
    }
}

/// The run's database name on a server.
fn database_name() -> String {
    format!("diesel_relations_async_{}", std::process::id())
}

pub struct Sqlite;
impl Backend for Sqlite {
    const NAME: &'static str = "sqlite";
    const URL_VAR: Option<&'static str> = None;
    type Sync = diesel::SqliteConnection;
    type Async =
        diesel_async::sync_connection_wrapper::SyncConnectionWrapper<diesel::SqliteConnection>;
    fn create() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let path = std::env::temp_dir().join(format!("{}.sqlite", database_name()));
        let path = path
            .to_str()
            .ok_or("temporary path is not UTF-8")?
            .to_owned();
        let _ = std::fs::remove_file(&path);
        let mut conn = diesel_relations_seeds::db::sqlite(&path)?;
        loads::sqlite::fixture(&mut conn)?;
        Ok(path)
    }
    fn destroy(url: &str) {
        let _ = std::fs::remove_file(url);
    }
    fn database() -> &'static OnceLock<Result<String, String>> {
        static DB: OnceLock<Result<String, String>> = OnceLock::new();
        &DB
    }
}

pub struct Postgres;
impl Backend for Postgres {
    const NAME: &'static str = "postgres";
    const URL_VAR: Option<&'static str> = Some("PG_DATABASE_URL");
    type Sync = diesel::PgConnection;
    type Async = diesel_async::AsyncPgConnection;
    fn create() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let admin_url = std::env::var("PG_DATABASE_URL")?;
        let name = database_name();
        let mut admin = diesel::PgConnection::establish(&admin_url)?;
        // Separate statements: neither runs inside a transaction.
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = with_database(&admin_url, &name);
        let mut conn = diesel_relations_seeds::db::postgres(&url)?;
        loads::postgres::fixture(&mut conn)?;
        Ok(url)
    }
    fn destroy(_url: &str) {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let Ok(admin_url) = std::env::var("PG_DATABASE_URL") else {
            return;
        };
        if let Ok(mut admin) = diesel::PgConnection::establish(&admin_url) {
            let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", database_name());
            let _ = admin.batch_execute(&sql);
        }
    }
    fn database() -> &'static OnceLock<Result<String, String>> {
        static DB: OnceLock<Result<String, String>> = OnceLock::new();
        &DB
    }
}

#[cfg(feature = "mysql")]
pub struct Mysql;
#[cfg(feature = "mysql")]
impl Backend for Mysql {
    const NAME: &'static str = "mysql";
    const URL_VAR: Option<&'static str> = Some("MYSQL_DATABASE_URL");
    type Sync = diesel::MysqlConnection;
    type Async = diesel_async::AsyncMysqlConnection;
    fn create() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let admin_url = std::env::var("MYSQL_DATABASE_URL")?;
        let name = database_name();
        let mut admin = diesel::MysqlConnection::establish(&admin_url)?;
        admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"
        ))?;
        let url = with_database(&admin_url, &name);
        let mut conn = diesel_relations_seeds::db::mysql(&url)?;
        loads::mysql::fixture(&mut conn)?;
        Ok(url)
    }
    fn destroy(_url: &str) {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let Ok(admin_url) = std::env::var("MYSQL_DATABASE_URL") else {
            return;
        };
        if let Ok(mut admin) = diesel::MysqlConnection::establish(&admin_url) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", database_name()));
        }
    }
    fn database() -> &'static OnceLock<Result<String, String>> {
        static DB: OnceLock<Result<String, String>> = OnceLock::new();
        &DB
    }
}

fn destroy<B: Backend>() {
    if let Some(Ok(url)) = B::database().get() {
        B::destroy(url);
    }
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let mut trials = loads::sqlite::trials();
    trials.extend(properties::trials());
    trials.extend(loads::postgres::trials());
    trials.extend(service::trials());
    #[cfg(feature = "mysql")]
    trials.extend(loads::mysql::trials());
    trials.extend(writes::sqlite::trials());
    trials.extend(writes::postgres::trials());
    #[cfg(feature = "mysql")]
    trials.extend(writes::mysql::trials());
    let conclusion = libtest_mimic::run(&args, trials);
    destroy::<Sqlite>();
    destroy::<Postgres>();
    #[cfg(feature = "mysql")]
    destroy::<Mysql>();
    writes::destroy();
    conclusion.exit();
}
