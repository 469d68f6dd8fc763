//! Joins and EXISTS filters along many-to-manys whose target the query
//! already has: a self-referential many-to-many (people following people
//! through `jn_follows`) and two many-to-manys into one table (a film's
//! actors and directors, both `jn_people`), read through a Diesel alias.
//! On SQLite, and on PostgreSQL and MariaDB when `PG_DATABASE_URL` /
//! `MYSQL_DATABASE_URL` are set (trials `backend::many_to_many::test`).
//!
//! Its own test binary: its models are over tables of their own, which the
//! `relations` binary's registry list and seed diagram would report. The
//! harness is that binary's.

#[allow(dead_code, unused_macros)]
#[macro_use]
#[path = "../relations/harness.rs"]
mod harness;
mod many_to_many;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let conclusion = libtest_mimic::run(&args, many_to_many::trials());
    harness::drop_server_databases();
    conclusion.exit();
}
