//! The test harness: every test body runs on SQLite, PostgreSQL and MariaDB.
//!
//! `backend_tests!` compiles each body once per connection type, so the
//! library's generic code is exercised on all three backends. SQLite runs on
//! a fresh in-memory database per test. PostgreSQL and MySQL/MariaDB run when
//! `PG_DATABASE_URL` / `MYSQL_DATABASE_URL` are set (reported as ignored
//! otherwise): the harness creates a database of its own next to the one in
//! the URL, applies the migrations, runs each test inside a transaction that
//! is rolled back, one test at a time, and drops the database at the end.
//!
//! Tests that change the schema (DROP, ALTER) cannot share that database:
//! a rollback does not undo MySQL's DDL, which commits at once. Declared
//! with `scratch_tests!`, they get a [`Scratch`] database of their own,
//! created from the migrations and dropped afterwards.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_relations_seeds::db;
use libtest_mimic::{Failed, Trial};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A connection type the tests run on.
pub trait TestBackend: Connection + Sized + 'static {
    /// The name trials are prefixed with, which `.ci/run` filters on.
    const NAME: &'static str;
    /// The environment variable with the server's URL (none for SQLite).
    const URL_VAR: Option<&'static str>;
    /// A connection to a database with the seed migrations applied.
    fn open() -> Result<Self, Box<dyn std::error::Error + Send + Sync>>;
    /// Lets the test write rows whose foreign keys point nowhere, to
    /// reproduce a database where a parent was deleted behind our back.
    fn disable_foreign_key_checks(&mut self) -> QueryResult<()>;
}

impl TestBackend for SqliteConnection {
    const NAME: &'static str = "sqlite";
    const URL_VAR: Option<&'static str> = None;
    fn open() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        db::sqlite(":memory:")
    }
    fn disable_foreign_key_checks(&mut self) -> QueryResult<()> {
        self.batch_execute("PRAGMA foreign_keys = OFF")
    }
}

impl TestBackend for PgConnection {
    const NAME: &'static str = "postgres";
    const URL_VAR: Option<&'static str> = Some("PG_DATABASE_URL");
    fn open() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = server_database::<Self>()?;
        let mut conn = PgConnection::establish(&url)?;
        conn.begin_test_transaction()?;
        Ok(conn)
    }
    fn disable_foreign_key_checks(&mut self) -> QueryResult<()> {
        // Foreign keys are enforced by triggers that replicas skip.
        self.batch_execute("SET session_replication_role = replica")
    }
}

#[cfg(feature = "mysql")]
impl TestBackend for MysqlConnection {
    const NAME: &'static str = "mysql";
    const URL_VAR: Option<&'static str> = Some("MYSQL_DATABASE_URL");
    fn open() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = server_database::<Self>()?;
        let mut conn = MysqlConnection::establish(&url)?;
        conn.begin_test_transaction()?;
        Ok(conn)
    }
    fn disable_foreign_key_checks(&mut self) -> QueryResult<()> {
        self.batch_execute("SET FOREIGN_KEY_CHECKS = 0")
    }
}

/// The database this run created on a server, and its URL.
struct ServerDatabase {
    admin_url: String,
    name: String,
    url: String,
}

static PG_DATABASE: OnceLock<Result<ServerDatabase, String>> = OnceLock::new();
#[cfg(feature = "mysql")]
static MYSQL_DATABASE: OnceLock<Result<ServerDatabase, String>> = OnceLock::new();
/// Server tests share one database, so they run one at a time.
static SERVER_LOCK: Mutex<()> = Mutex::new(());

fn server_database<B: TestBackend>() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    #[cfg(feature = "mysql")]
    let cell = if B::NAME == "postgres" {
        &PG_DATABASE
    } else {
        &MYSQL_DATABASE
    };
    #[cfg(not(feature = "mysql"))]
    let cell = &PG_DATABASE;
    match cell.get_or_init(|| create_server_database::<B>().map_err(|e| e.to_string())) {
        Ok(db) => Ok(db.url.clone()),
        Err(e) => Err(format!("setting up the {} test database failed: {e}", B::NAME).into()),
    }
}

fn create_server_database<B: TestBackend>(
) -> Result<ServerDatabase, Box<dyn std::error::Error + Send + Sync>> {
    let var = B::URL_VAR.expect("server backends have a URL variable");
    let admin_url = std::env::var(var).map_err(|_| format!("{var} is not set"))?;
    let name = format!("diesel_relations_test_{}", std::process::id());
    let url = with_database(&admin_url, &name);
    if B::NAME == "postgres" {
        let mut admin = PgConnection::establish(&admin_url)?;
        // Separate statements: PostgreSQL runs a batch as one transaction,
        // and DROP/CREATE DATABASE refuse to run inside one.
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        db::postgres(&url)?;
    } else {
        #[cfg(feature = "mysql")]
        {
            let mut admin = MysqlConnection::establish(&admin_url)?;
            admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"
            ))?;
            db::mysql(&url)?;
        }
    }
    Ok(ServerDatabase {
        admin_url,
        name,
        url,
    })
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

/// Drops the databases this run created.
pub fn drop_server_databases() {
    if let Some(Ok(db)) = PG_DATABASE.get() {
        if let Ok(mut admin) = PgConnection::establish(&db.admin_url) {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", db.name));
        }
    }
    #[cfg(feature = "mysql")]
    if let Some(Ok(db)) = MYSQL_DATABASE.get() {
        if let Ok(mut admin) = MysqlConnection::establish(&db.admin_url) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", db.name));
        }
    }
}

/// One trial: `backend::group::name`, ignored when the backend's URL is unset.
pub fn trial<B: TestBackend>(group: &str, name: &str, body: fn(&mut B) -> TestResult) -> Trial {
    let available = B::URL_VAR.is_none_or(|var| std::env::var_os(var).is_some());
    Trial::test(format!("{}::{group}::{name}", B::NAME), move || {
        let _guard = B::URL_VAR.map(|_| SERVER_LOCK.lock().unwrap_or_else(|e| e.into_inner()));
        let mut conn = B::open().map_err(|e| Failed::from(e.to_string()))?;
        body(&mut conn).map_err(|e| Failed::from(format!("{e}\n  ({e:?})")))
    })
    .with_ignored_flag(!available)
}

/// A database of one test's own, with the seed migrations applied: an
/// SQLite file, or a database created on the server next to the one in the
/// URL. Dropped (or deleted) when the `Scratch` is.
pub struct Scratch<B: ScratchBackend> {
    conn: Option<B>,
    /// The database's URL (the file's path for SQLite), for code that
    /// connects on its own, such as the CLI.
    pub url: String,
    name: String,
}

/// A backend that can create and drop a [`Scratch`] database.
pub trait ScratchBackend: TestBackend {
    /// Creates the database `name`, applies the migrations; returns a
    /// connection and the URL.
    fn create(name: &str) -> Result<(Self, String), Box<dyn std::error::Error + Send + Sync>>;
    /// Drops the database `name` (its connections are closed by then).
    fn destroy(name: &str, url: &str);
}

impl ScratchBackend for SqliteConnection {
    fn create(name: &str) -> Result<(Self, String), Box<dyn std::error::Error + Send + Sync>> {
        let path = std::env::temp_dir().join(format!("{name}.sqlite3"));
        let _ = std::fs::remove_file(&path);
        let url = path.to_str().ok_or("temp path is not UTF-8")?.to_owned();
        Ok((db::sqlite(&url)?, url))
    }
    fn destroy(_name: &str, url: &str) {
        let _ = std::fs::remove_file(url);
    }
}

impl ScratchBackend for PgConnection {
    fn create(name: &str) -> Result<(Self, String), Box<dyn std::error::Error + Send + Sync>> {
        let admin_url = admin_url::<Self>()?;
        let mut admin = PgConnection::establish(&admin_url)?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = with_database(&admin_url, name);
        Ok((db::postgres(&url)?, url))
    }
    fn destroy(name: &str, _url: &str) {
        if let Ok(mut admin) = admin_url::<Self>().and_then(|u| Ok(PgConnection::establish(&u)?)) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

#[cfg(feature = "mysql")]
impl ScratchBackend for MysqlConnection {
    fn create(name: &str) -> Result<(Self, String), Box<dyn std::error::Error + Send + Sync>> {
        let admin_url = admin_url::<Self>()?;
        let mut admin = MysqlConnection::establish(&admin_url)?;
        admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"
        ))?;
        let url = with_database(&admin_url, name);
        Ok((db::mysql(&url)?, url))
    }
    fn destroy(name: &str, _url: &str) {
        if let Ok(mut admin) = admin_url::<Self>().and_then(|u| Ok(MysqlConnection::establish(&u)?))
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"));
        }
    }
}

fn admin_url<B: TestBackend>() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let var = B::URL_VAR.ok_or("SQLite has no server")?;
    Ok(std::env::var(var).map_err(|_| format!("{var} is not set"))?)
}

impl<B: ScratchBackend> Scratch<B> {
    /// A fresh database, named after the process and a counter.
    pub fn new() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "diesel_relations_scratch_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let (conn, url) = B::create(&name)?;
        Ok(Scratch {
            conn: Some(conn),
            url,
            name,
        })
    }

    /// The connection the test works on.
    pub fn conn(&mut self) -> &mut B {
        self.conn.as_mut().expect("the connection lives until drop")
    }
}

impl<B: ScratchBackend> Drop for Scratch<B> {
    fn drop(&mut self) {
        self.conn = None;
        B::destroy(&self.name, &self.url);
    }
}

/// One trial on a [`Scratch`] database, ignored when the backend's URL is unset.
pub fn scratch_trial<B: ScratchBackend>(
    group: &str,
    name: &str,
    body: fn(&mut Scratch<B>) -> TestResult,
) -> Trial {
    let available = B::URL_VAR.is_none_or(|var| std::env::var_os(var).is_some());
    Trial::test(format!("{}::{group}::{name}", B::NAME), move || {
        // One server test at a time, as for the shared database.
        let _guard = B::URL_VAR.map(|_| SERVER_LOCK.lock().unwrap_or_else(|e| e.into_inner()));
        let mut scratch = Scratch::<B>::new().map_err(|e| Failed::from(e.to_string()))?;
        body(&mut scratch).map_err(|e| Failed::from(format!("{e}\n  ({e:?})")))
    })
    .with_ignored_flag(!available)
}

/// Like `backend_tests!`, for bodies that change the schema: each gets a
/// `&mut Scratch<Connection>` of its own, and the module a
/// `scratch_trials()`.
#[macro_export]
macro_rules! scratch_tests {
    ($($(#[doc = $doc:literal])* fn $name:ident($db:ident) $body:block)*) => {
        #[allow(unused_imports)]
        mod scratch_on_sqlite {
            use super::*;
            $(pub fn $name($db: &mut $crate::harness::Scratch<diesel::SqliteConnection>) -> $crate::harness::TestResult $body)*
        }
        #[allow(unused_imports)]
        mod scratch_on_postgres {
            use super::*;
            $(pub fn $name($db: &mut $crate::harness::Scratch<diesel::PgConnection>) -> $crate::harness::TestResult $body)*
        }
        #[cfg(feature = "mysql")]
        #[allow(unused_imports)]
        mod scratch_on_mysql {
            use super::*;
            $(pub fn $name($db: &mut $crate::harness::Scratch<diesel::MysqlConnection>) -> $crate::harness::TestResult $body)*
        }
        pub fn scratch_trials() -> Vec<libtest_mimic::Trial> {
            let group = module_path!().rsplit("::").next().unwrap_or("tests");
            #[allow(unused_mut)]
            let mut trials = vec![$(
                $crate::harness::scratch_trial(group, stringify!($name), scratch_on_sqlite::$name),
                $crate::harness::scratch_trial(group, stringify!($name), scratch_on_postgres::$name),
            )*];
            #[cfg(feature = "mysql")]
            trials.extend([$($crate::harness::scratch_trial(group, stringify!($name), scratch_on_mysql::$name),)*]);
            trials
        }
    };
}

/// Declares test bodies that run on every backend:
///
/// ```ignore
/// backend_tests! {
///     fn loads_children(conn) { ...; Ok(()) }
/// }
/// ```
///
/// `conn` is a `&mut` of each backend's connection type in turn; the
/// module gets a `trials()` listing one trial per body and backend.
#[macro_export]
macro_rules! backend_tests {
    ($($(#[doc = $doc:literal])* fn $name:ident($conn:ident) $body:block)*) => {
        #[allow(unused_imports)]
        mod on_sqlite {
            use super::*;
            $(pub fn $name($conn: &mut diesel::SqliteConnection) -> $crate::harness::TestResult $body)*
        }
        #[allow(unused_imports)]
        mod on_postgres {
            use super::*;
            $(pub fn $name($conn: &mut diesel::PgConnection) -> $crate::harness::TestResult $body)*
        }
        #[cfg(feature = "mysql")]
        #[allow(unused_imports)]
        mod on_mysql {
            use super::*;
            $(pub fn $name($conn: &mut diesel::MysqlConnection) -> $crate::harness::TestResult $body)*
        }
        pub fn trials() -> Vec<libtest_mimic::Trial> {
            let group = module_path!().rsplit("::").next().unwrap_or("tests");
            #[allow(unused_mut)]
            let mut trials = vec![$(
                $crate::harness::trial(group, stringify!($name), on_sqlite::$name),
                $crate::harness::trial(group, stringify!($name), on_postgres::$name),
            )*];
            #[cfg(feature = "mysql")]
            trials.extend([$($crate::harness::trial(group, stringify!($name), on_mysql::$name),)*]);
            trials
        }
    };
}

/// Fails the test with a message when `cond` is false (a `Result`, so a
/// failing check on a server backend still rolls back and unlocks cleanly).
#[macro_export]
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

/// Inserts a seed-000 customer named `$name` and reads it back (MySQL has
/// no RETURNING), as an `invoicing::Customer`.
#[macro_export]
macro_rules! new_customer {
    ($conn:expr, $name:expr) => {{
        use diesel_relations_seeds::schema::customers;
        use diesel_relations_seeds::seeds::invoicing::{Customer, NewCustomer};
        let name: &str = $name;
        diesel::insert_into(customers::table)
            .values(&NewCustomer {
                name,
                address: "",
                email: "",
            })
            .execute($conn)?;
        customers::table
            .filter(customers::name.eq(name))
            .select(Customer::as_select())
            .get_result::<Customer>($conn)?
    }};
}

/// Counts the queries a connection runs from now on (transaction statements
/// included), through Diesel's instrumentation.
pub fn count_queries<C: Connection>(
    conn: &mut C,
) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
    use diesel::connection::InstrumentationEvent;
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    count
}
