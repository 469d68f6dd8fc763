//! SQLAlchemy's `relationship()` for Diesel.
//!
//! Declare each relationship once on each model with `#[derive(Relations)]`
//! and `#[relationship(...)]`; get typed accessors that load in one query
//! and stay ordinary Diesel queries, on every Diesel backend.
//!
//! ```ignore
//! #[derive(Queryable, Selectable, Identifiable, Relations)]
//! #[diesel(table_name = customers)]
//! #[relationship(invoices: Vec<Invoice>, back_populates = customer, order_by = invoices::id)]
//! pub struct Customer { pub id: i32, pub name: String }
//!
//! #[derive(Queryable, Selectable, Identifiable, Relations)]
//! #[diesel(table_name = invoices)]
//! #[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
//! pub struct Invoice { pub id: i32, pub custid: i32, pub amount: i32 }
//!
//! let invoices: Vec<Invoice> = customer.invoices().load(conn)?;   // in order_by order
//! let n: i64 = customer.invoices().count().get_result(conn)?;      // a Diesel query
//! let owner: Customer = invoices[0].customer().get(conn)?;
//! ```
//!
//! See the README for the mapping from SQLAlchemy's spellings.
//!
//! Every declared relationship is also recorded in [`registry`], from which
//! [`verify()`] compares them with a live database, [`checks`] runs the
//! cross-model checks, [`diagram`] draws the ER diagram, and with the `cli`
//! feature, `cli` makes a command line of all three.

pub mod cascade;
pub mod catalog;
pub mod checks;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagram;
pub mod eager;
mod error;
pub mod graph;
pub mod keys;
mod lazy;
#[doc(hidden)]
pub mod pairing;
#[doc(hidden)]
pub mod queries;
pub mod registry;
mod relationship;
mod sql_type;
pub mod verify;
mod write;

pub use cascade::{delete, delete_all, Delete};
pub use diesel_relations_checker::Relations;
pub use eager::{both, with, Eager, LoadRelated, Node};
pub use error::{RelationError, Result};
pub use lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
pub use relationship::{
    Ascending, ByColumn, ByKey, Descending, HasRelationship, Many, ManyToMany, ManyToManyDecl,
    ManyToOne, ManyToOneDecl, MaybeOne, Model, ModelDecl, One, OneToMany, OneToManyDecl, OneToOne,
    OneToOneDecl, OrderBy, Relationship, Shape,
};
pub use sql_type::SqlTypeName;
pub use verify::{verify, Report};

/// Used by the code `#[derive(Relations)]` generates; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::cascade;
    pub use crate::pairing;
    pub use crate::relationship::{ForeignKeyValue, Name, Nullability, ScalarShape, SqlTableName};
    pub use diesel;
    pub use inventory;

    /// What the derive's block imports, by one glob: the short names of
    /// the paths its code uses and the probes' fallback traits. One `use`
    /// item per derive, where ten were (each an item for rustc to resolve,
    /// hash and track).
    pub mod prelude {
        pub use crate as __drk;
        pub use crate::pairing as __drp;
        pub use crate::pairing::{
            FindFallback as _, JoinsOnFallback as _, RelationshipsFallback as _, SameFallback as _,
            SqlNameFallback as _, TableOfFallback as _,
        };
        pub use diesel as __drd;
    }
}
