//! Writing: rows through their relationships, each write in one
//! transaction (a savepoint inside the caller's).
//!
//! - [`write`]: the writes on the accessors: `insert`, `remove`, `link`,
//!   `unlink`, `set`, `clear`.
//! - [`cascade`]: deleting a row the way its relationships' `cascade`
//!   says.
//! - [`graph`]: rows with the rows that belong to them, one multi-row
//!   INSERT per level.
//!
//! May use: `loading` (the accessors, key lists, the chunk size),
//! `declaring`, `error`.

pub mod cascade;
pub mod graph;
pub(crate) mod tx;
pub mod upkeep;
pub mod write;
