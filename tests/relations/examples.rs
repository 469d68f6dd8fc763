//! The seed examples print exactly what the SQLAlchemy reference prints.
//!
//! Each example is compiled into this test as a module and its `run` is
//! given a buffer instead of stdout; `tests/expected/` holds the reference
//! output of `seed_scenarios.py`, one file per section.

use libtest_mimic::{Failed, Trial};

#[path = "../../examples/customers_invoices.rs"]
mod customers_invoices;

type Scenario = fn(
    &mut diesel::SqliteConnection,
    &mut Vec<u8>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>>;

fn reproduces(name: &'static str, expected: &'static str, scenario: Scenario) -> Trial {
    Trial::test(
        format!("sqlite::examples::{name}_prints_the_reference"),
        move || {
            let mut conn = diesel_relations_seeds::db::sqlite(":memory:")
                .map_err(|e| Failed::from(e.to_string()))?;
            let mut out = Vec::new();
            scenario(&mut conn, &mut out).map_err(|e| Failed::from(e.to_string()))?;
            let out = String::from_utf8(out).map_err(|e| Failed::from(e.to_string()))?;
            if out != expected {
                return Err(format!("{name} printed:\n{out}\nexpected:\n{expected}").into());
            }
            Ok(())
        },
    )
}

pub fn trials() -> Vec<Trial> {
    vec![reproduces(
        "customers_invoices",
        include_str!("../expected/customers_invoices.txt"),
        |conn, out| customers_invoices::run(conn, out),
    )]
}
