//! Querying through relationships: the relationship as a part of another
//! Diesel query, not as rows to load.
//!
//! - [`correlate`]: what each kind of relationship relates, as Diesel
//!   types: the table (or, for a many-to-many, the target joined with its
//!   association table) and the condition tying a related row to a row of
//!   the source's table. Everything below is built from it.
//! - [`correlate_rows`]: the same for the relationships through a
//!   composite key (`foreign_key = (a, b)`, `secondary = t((a, b), c)`),
//!   every key column pair ANDed; and their `with_parent`.
//! - [`filters`]: `EXISTS` filters (`any`, `none`, `has`, `exists`) and
//!   `with_parent`, ordinary Diesel expressions for any `.filter()`.
//! - [`joins`]: the `ON` clause of a join along a relationship, for
//!   Diesel's own `inner_join` / `left_join`, and `inner_join_along` /
//!   `left_join_along` on any query, whose misuse is one error.
//! - [`aliased`]: the same condition with the related table read through
//!   a Diesel alias the caller declares, for a table the query already
//!   has (self-referential, two keys into one table, a many-to-many's
//!   target).
//! - [`joined`]: a query's rows with a scalar's target in one query, a
//!   `LEFT JOIN` (SQLAlchemy's `joinedload`).
//! - [`counts`]: the number of related rows of each of many parents, in
//!   one query (`GROUP BY` the foreign key).
//! - [`counts_rows`]: the same through a composite key (`GROUP BY` every
//!   key column).
//! - [`related`]: the [`Related`](related::Related) methods on an accessor
//!   (`Customer::invoices.any(..)`), which call the modules above.
//! - `poisoned`: the handle a relationship the checker rejected still
//!   gets, so that the program's uses of it (loads, Diesel's query
//!   methods, EXISTS filters) add no error to the checker's.
//!
//! May use: `declaring`, `loading`, `error`.

pub mod aliased;
pub mod correlate;
pub mod correlate_rows;
pub mod counts;
pub mod counts_rows;
pub mod filters;
pub mod joined;
pub mod joins;
#[doc(hidden)]
pub mod poisoned;
pub mod related;
