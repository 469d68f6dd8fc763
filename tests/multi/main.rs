//! Every operation of diesel-relations on Diesel's `MultiConnection`: an
//! enum of `SqliteConnection` and `PgConnection` (and `MysqlConnection`
//! with `--features mysql`) declared through
//! `diesel_relations::multi_connection!`. Each test runs on the enum's
//! SQLite variant always, on PostgreSQL and MariaDB when
//! `PG_DATABASE_URL` / `MYSQL_DATABASE_URL` are set (ignored otherwise),
//! in tests/relations/harness.rs's databases (a fresh in-memory SQLite; a
//! server database of this run's own, each test in a transaction that is
//! rolled back). Trials are named `backend::multi::test`.
//!
//! Each test does its work through the enum, then reads the rows back
//! through the variant's own connection (`direct!`, the same session) and
//! compares: what the library loads through the enum with what it loads,
//! or Diesel reads, on the direct connection.

#[path = "../relations/harness.rs"]
#[allow(dead_code, unused_macros)]
mod harness;

mod operations;

use harness::{TestBackend, TestResult};
use libtest_mimic::{Failed, Trial};
use std::sync::Mutex;

/// The connection enum under test.
pub mod any {
    #[cfg(not(feature = "mysql"))]
    diesel_relations::multi_connection! {
        #[derive(diesel::MultiConnection)]
        pub enum AnyConnection {
            Sqlite(diesel::SqliteConnection),
            Pg(diesel::PgConnection),
        }
    }

    #[cfg(feature = "mysql")]
    diesel_relations::multi_connection! {
        #[derive(diesel::MultiConnection)]
        pub enum AnyConnection {
            Sqlite(diesel::SqliteConnection),
            Pg(diesel::PgConnection),
            Mysql(diesel::MysqlConnection),
        }
    }
}

pub use any::AnyConnection;

/// `$body` with `$c` bound to the enum's variant, the direct connection.
#[macro_export]
macro_rules! direct {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::AnyConnection::Sqlite($c) => $body,
            $crate::AnyConnection::Pg($c) => $body,
            #[cfg(feature = "mysql")]
            $crate::AnyConnection::Mysql($c) => $body,
        }
    };
}

/// A direct connection the enum wraps.
trait Variant: TestBackend {
    fn wrap(self) -> AnyConnection;
}

impl Variant for diesel::SqliteConnection {
    fn wrap(self) -> AnyConnection {
        AnyConnection::Sqlite(self)
    }
}

impl Variant for diesel::PgConnection {
    fn wrap(self) -> AnyConnection {
        AnyConnection::Pg(self)
    }
}

#[cfg(feature = "mysql")]
impl Variant for diesel::MysqlConnection {
    fn wrap(self) -> AnyConnection {
        AnyConnection::Mysql(self)
    }
}

/// Server tests share the run's database, one at a time.
static SERVER_LOCK: Mutex<()> = Mutex::new(());

/// One trial, `backend::multi::name`, on `B`'s connection wrapped in the
/// enum; ignored when the backend's URL is unset.
fn trial<B: Variant>(name: &str, body: fn(&mut AnyConnection) -> TestResult) -> Trial {
    let available = B::URL_VAR.is_none_or(|var| std::env::var_os(var).is_some());
    Trial::test(format!("{}::multi::{name}", B::NAME), move || {
        let _guard = B::URL_VAR.map(|_| SERVER_LOCK.lock().unwrap_or_else(|e| e.into_inner()));
        let mut conn = B::open().map_err(|e| Failed::from(e.to_string()))?.wrap();
        body(&mut conn).map_err(|e| Failed::from(format!("{e}\n  ({e:?})")))
    })
    .with_ignored_flag(!available)
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let mut trials = Vec::new();
    for (name, body) in operations::ALL {
        trials.push(trial::<diesel::SqliteConnection>(name, *body));
        trials.push(trial::<diesel::PgConnection>(name, *body));
        #[cfg(feature = "mysql")]
        trials.push(trial::<diesel::MysqlConnection>(name, *body));
    }
    let conclusion = libtest_mimic::run(&args, trials);
    harness::drop_server_databases();
    conclusion.exit();
}
