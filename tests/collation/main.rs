//! Eager loading under case-insensitive collations and long text keys, on
//! SQLite, and on PostgreSQL and MariaDB when `PG_DATABASE_URL` /
//! `MYSQL_DATABASE_URL` are set (trials `backend::collation::test`).
//!
//! Its own test binary: its models are over tables of their own, created
//! per test, which the `relations` binary's `verify` test would report as
//! missing from the migrated database. The harness is that binary's.

#[allow(dead_code)]
#[macro_use]
#[path = "../relations/harness.rs"]
mod harness;
mod collation;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let conclusion = libtest_mimic::run(&args, collation::scratch_trials());
    harness::drop_server_databases();
    conclusion.exit();
}
