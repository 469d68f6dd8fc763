//! Writing: rows through their relationships, each write in one
//! transaction (a savepoint inside the caller's).
//!
//! - [`write`]: the writes on the accessors: `insert`, `remove`, `link`,
//!   `unlink`, `set`, `clear`.
//! - [`cascade`]: deleting a row the way its relationships' `cascade`
//!   says.
//! - [`children`]: what a parent's delete and a `remove` do to the
//!   children, one step for a foreign key of one column or several.
//! - [`composite_writes`]: `insert` through a collection whose foreign
//!   key is several columns.
//! - [`composite_cascade`]: a parent's delete and `remove` through a
//!   collection whose foreign key is several columns.
//! - [`composite_links`]: `link`, `unlink` and `link_all_rows` of a
//!   many-to-many whose association table references a composite key.
//! - [`graph`]: rows with the rows that belong to them, one multi-row
//!   INSERT per level.
//! - [`upkeep`]: the association statements of `link`, `unlink`, `set`,
//!   `clear` and `link_all` per backend, and the locks that make them right
//!   under concurrency (docs/concurrency.md).
//! - [`parent_keys`]: the values of the column a relationship joins on,
//!   read off parents known by their primary keys.
//! - `tx`: the transaction around a write, which tells a transaction the
//!   database killed (`RelationError::TransactionAborted`).
//!
//! May use: `loading` (the accessors, key lists, the chunk size),
//! `declaring`, `error`.

// As in `loading`: the writes are `fn .. -> impl Future<Output = ..> + Send
// + 'a` with an `async move` body where the `Send` has to be written
// (rust-lang/rust#100013, docs/async.md).
#![allow(clippy::manual_async_fn)]

pub mod cascade;
pub mod children;
pub mod composite_cascade;
pub mod composite_links;
pub mod composite_writes;
pub mod graph;
pub mod parent_keys;
pub(crate) mod tx;
pub mod upkeep;
pub mod write;
