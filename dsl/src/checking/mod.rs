//! Checking: the rules a set of declarations must satisfy, the library's
//! side of them.
//!
//! - [`pairing`]: the compile-time checks' half that lives in the library:
//!   what each relationship tells the other side of its pair, and the
//!   `const fn`s the derive's generated constants call (their panics are
//!   the messages the user reads).
//! - [`types`]: the type checks of foreign key columns (SQL type against
//!   the key, Rust field against the column, Diesel schema against the
//!   migrations), and the constants that run them with `pairing`'s key
//!   checks; above `pairing`.
//! - [`ordering`]: the check that an `order_by` names columns of the
//!   target's (or the association) table, and the types the generated code
//!   takes from its answer.
//! - [`composite`]: the check of a composite foreign key against the
//!   target's primary key (arity, each column's type).
//! - [`checks`]: the checks across all models, which no single derive can
//!   make, run from a test over the registry.
//!
//! May use: `declaring`. Used by `schema` (the command line runs the
//! checks) and by the derive's generated code (`__private::prelude`).

pub mod checks;
#[doc(hidden)]
pub mod composite;
#[doc(hidden)]
pub mod ordering;
#[doc(hidden)]
pub mod pairing;
#[doc(hidden)]
pub mod types;
