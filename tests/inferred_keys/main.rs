//! Collections whose foreign key is inferred from the migrations, on
//! SQLite, and on PostgreSQL and MariaDB when `PG_DATABASE_URL` /
//! `MYSQL_DATABASE_URL` are set (trials `backend::inferred_keys::test`).
//!
//! Its own test binary: its models are over the seed tables, beside the
//! seeds' own, which the `relations` binary's registry checks (two
//! relationships writing one foreign key unpaired) and seed diagram would
//! report. The harness is that binary's.

#[allow(dead_code, unused_macros)]
#[macro_use]
#[path = "../relations/harness.rs"]
mod harness;
mod inferred_keys;
mod inferred_references;
mod sql_name_references;
mod sql_name_tables;
mod unique_links;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let conclusion = libtest_mimic::run(
        &args,
        inferred_keys::trials()
            .into_iter()
            .chain(inferred_references::trials())
            .chain(sql_name_tables::trials())
            .chain(sql_name_references::trials())
            .chain(unique_links::trials())
            .collect(),
    );
    harness::drop_server_databases();
    conclusion.exit();
}
