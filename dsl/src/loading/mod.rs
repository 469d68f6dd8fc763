//! Loading: the queries a declaration implies, and reading related rows
//! with them.
//!
//! - [`queries`]: the kind traits (`OneToMany` ..) implemented once,
//!   generically, for every declaration: each query of a relationship,
//!   the writes' UPDATE/DELETE statements included.
//! - [`keys`]: `column IN (keys)`, the key list bound as one parameter
//!   where the backend can take it.
//! - [`rows`]: `(a, b) IN (keys)` for a composite key, and the choice
//!   between the two forms by the model's key ([`rows::PkIn`]).
//! - `key_order`: whether a key sorts the same in Rust as in SQL (integers),
//!   for the loads that sort children in Rust.
//! - [`lazy`]: the accessors (`customer.invoices()`), one query each.
//! - `asynchronous` (feature `async`): the eager loads' traits for
//!   `diesel_async` connections.
//! - [`exec`]: where a query meets a connection, synchronous or async:
//!   the one part that differs between the two.
//! - [`composite`]: the many-to-one through a composite foreign key
//!   (`foreign_key = (a, b)`), lazy and eager.
//! - [`composite_one`]: the one-to-one through a composite foreign key,
//!   from the side without it; [`composite_m2m`]: the many-to-many whose
//!   association table references a composite key (`secondary =
//!   table((a, b), c)`), lazy and eager.
//! - [`eager`]: pages of parents with their relationships, nested, one
//!   query per relationship and level.
//! - [`narrowed`]: a collection's eager load with a filter, an order and
//!   a limit per parent (`Customer::invoices.filter(..)`), still one query
//!   per level; [`first_rows`] writes a one-to-many's per-parent limit as
//!   a correlated subquery per key, [`ranked`] a many-to-many's as a
//!   window function.
//!
//! May use: `declaring`, `error`. Used by `writing`, which adds the writes
//! to the accessors defined here.

// The loads are `fn .. -> impl Future<Output = ..> + Send + 'a` with an
// `async move` body rather than `async fn`: the `Send` has to be written
// (rustc does not carry it through generic code, rust-lang/rust#100013),
// and the free functions' and the impls' alike (docs/async.md).
#![allow(clippy::manual_async_fn)]

/// The common part of the handles of relationships through composite
/// keys ([`composite::ToManyRows`], [`composite_m2m::ToManyRowsThrough`]):
/// a struct of the source's key, with `Clone`, a `Debug` that names the
/// relationship, `of` and `key`, written once here.
macro_rules! key_handle {
    ($handle:ident: $decl:ident, of = $of:literal, key = $key:literal) => {
        impl<R: $decl> Clone for $handle<R> {
            fn clone(&self) -> Self {
                $handle {
                    key: self.key.clone(),
                    rel: std::marker::PhantomData,
                }
            }
        }

        impl<R: $decl> std::fmt::Debug for $handle<R> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?})", R::full_name(), self.key)
            }
        }

        impl<R: $decl> $handle<R> {
            #[doc = $of]
            pub fn of(source: &R::Source) -> Self {
                $handle {
                    key: crate::relationship::Model::primary_key(source),
                    rel: std::marker::PhantomData,
                }
            }

            #[doc = $key]
            pub fn key(&self) -> &<R::Source as crate::relationship::Model>::Key {
                &self.key
            }
        }
    };
}

#[cfg(feature = "async")]
pub mod asynchronous;
pub mod composite;
pub mod composite_m2m;
pub mod composite_one;
pub mod eager;
pub mod exec;
#[doc(hidden)]
pub mod first_rows;
pub(crate) mod key_order;
pub mod keys;
pub mod lazy;
pub mod narrowed;
#[doc(hidden)]
pub mod queries;
#[doc(hidden)]
pub mod ranked;
pub mod rows;
