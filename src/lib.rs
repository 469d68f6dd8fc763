//! The seed schemas and models of diesel-relations, shared by `examples/`
//! and `tests/`.
//!
//! Each module of [`seeds`] is one of the tutorials the project started from,
//! declared with `#[derive(Relations)]`; [`db`] opens a database of any
//! backend with the seed migrations applied.

pub mod db;
pub mod schema;
pub mod seeds;
