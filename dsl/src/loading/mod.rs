//! Loading: the queries a declaration implies, and reading related rows
//! with them.
//!
//! - [`queries`]: the kind traits (`OneToMany` ..) implemented once,
//!   generically, for every declaration: each query of a relationship,
//!   the writes' UPDATE/DELETE statements included.
//! - [`keys`]: `column IN (keys)`, the key list bound as one parameter
//!   where the backend can take it.
//! - [`lazy`]: the accessors (`customer.invoices()`), one query each.
//! - `asynchronous` (feature `async`): the eager loads' traits for
//!   `diesel_async` connections.
//! - [`exec`]: where a query meets a connection, synchronous or async:
//!   the one part that differs between the two.
//! - [`eager`]: pages of parents with their relationships, nested, one
//!   query per relationship and level.
//!
//! May use: `declaring`, `error`. Used by `writing`, which adds the writes
//! to the accessors defined here.

#[cfg(feature = "async")]
pub mod asynchronous;
pub mod eager;
pub mod exec;
pub mod keys;
pub mod lazy;
#[doc(hidden)]
pub mod queries;
