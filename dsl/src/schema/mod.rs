//! The schema tools: the program's declared relationships against a live
//! database, and drawn as a diagram.
//!
//! - [`catalog`]: what a live database says about a table, read from the
//!   backend's catalog (SQLite, PostgreSQL, MySQL/MariaDB).
//! - [`verify`]: `verify(conn)`, every declared relationship against the
//!   database the program runs on.
//! - [`diagram`]: the ER diagram, in Mermaid or Graphviz DOT.
//! - `cli` (feature `cli`): a command line of `verify`, the checks and the
//!   diagram.
//!
//! May use: `declaring` (the registry), `checking` (the command line runs
//! the checks across models), `loading` (`exec`: the catalog's reads
//! written once for both modes).

// The catalog's readers return `impl Future + Send` (docs/async.md).
#![allow(clippy::manual_async_fn)]

pub mod catalog;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagram;
pub mod verify;
