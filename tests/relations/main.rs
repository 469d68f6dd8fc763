//! Integration tests of diesel-relations on real databases.
//!
//! Every body in `backend_tests!` runs on SQLite, and on PostgreSQL and
//! MariaDB when `PG_DATABASE_URL` / `MYSQL_DATABASE_URL` are set; trials are
//! named `backend::group::test`, so `cargo test --test relations -- postgres::`
//! runs one backend.

#[macro_use]
mod harness;
mod association_order;
mod backrefs;
mod checks;
mod chunking;
mod composite_cascades;
mod composite_foreign_keys;
mod composite_keys;
mod composite_m2m_properties;
mod composite_many_to_many;
mod composite_one_to_one_cascades;
mod composite_properties;
mod composite_querying;
mod concurrency;
mod deadlock;
mod diagram;
mod eager;
mod eager_narrowed;
mod errors;
mod examples;
mod graph;
mod insert_keys;
mod many_to_one;
mod one_to_many;
mod patterns;
mod pools;
mod properties;
mod querying;
mod registry;
mod unique_keys;
mod valid_declarations;
mod verify;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let trials = [
        one_to_many::trials(),
        backrefs::trials(),
        association_order::trials(),
        many_to_one::trials(),
        errors::trials(),
        examples::trials(),
        registry::trials(),
        patterns::trials(),
        eager::trials(),
        eager_narrowed::trials(),
        graph::trials(),
        insert_keys::all_trials(),
        pools::scratch_trials(),
        properties::trials(),
        patterns::scratch_trials(),
        verify::trials(),
        verify::scratch_trials(),
        verify::cli_trials(),
        checks::trials(),
        composite_cascades::trials(),
        composite_foreign_keys::trials(),
        composite_keys::trials(),
        composite_many_to_many::trials(),
        composite_m2m_properties::trials(),
        composite_one_to_one_cascades::trials(),
        composite_properties::trials(),
        composite_querying::trials(),
        diagram::trials(),
        chunking::all_trials(),
        unique_keys::trials(),
        concurrency::trials(),
        concurrency::concurrency_trials(),
        deadlock::trials(),
        valid_declarations::trials(),
        querying::trials(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    harness::drop_server_databases();
    conclusion.exit();
}
