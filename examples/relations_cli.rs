//! The relationships command line for the seed models: `verify` compares
//! them with a live database, `diagram` draws them.
//!
//! ```text
//! cargo run --example relations_cli -- diagram                 # Mermaid
//! cargo run --example relations_cli -- diagram --format dot
//! cargo run --example relations_cli -- verify --database-url postgres://postgres@127.0.0.1:5432/app
//! ```
//!
//! A program adds the same command line with the one line of `main` below;
//! the `use` is only here because this example has no other code naming the
//! seed models, and the registry lists the models the binary links.

use diesel_relations_seeds as _;

fn main() -> std::process::ExitCode {
    diesel_relations::cli::run()
}
