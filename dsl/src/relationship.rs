//! The traits the derive implements, one marker type per declared relationship.
//!
//! `#[derive(Relations)]` turns every `#[relationship(...)]` into a zero-sized
//! marker type implementing [`Relationship`] and one of the kind traits
//! ([`OneToMany`], [`ManyToOne`]). Everything else (accessors, loaders, writes)
//! is generic code over those traits, so it is written once for every backend.

use diesel::Column;
use std::fmt::Debug;

/// A model deriving `Relations`: what the registry and messages print of it.
pub trait Model: 'static {
    /// The struct's name (`Customer`).
    const MODEL: &'static str;
    /// The table's SQL name (`customers`).
    const TABLE: &'static str;
    /// The primary key columns' SQL names.
    const PRIMARY_KEY: &'static [&'static str];
}

/// Whether a Diesel SQL type admits NULL, as a constant.
#[doc(hidden)]
pub trait Nullability {
    const NULLABLE: bool;
}

impl Nullability for diesel::sql_types::is_nullable::IsNullable {
    const NULLABLE: bool = true;
}

impl Nullability for diesel::sql_types::is_nullable::NotNull {
    const NULLABLE: bool = false;
}

/// What every relationship knows about itself.
pub trait Relationship: 'static {
    /// The model the relationship is declared on.
    type Source;
    /// The model it leads to.
    type Target;
    /// `Model.relationship`, as messages print it.
    const NAME: &'static str;
    /// The target model's name, as messages print it.
    const TARGET_NAME: &'static str;
    /// The foreign key column, `table.column`, as messages print it.
    const FOREIGN_KEY: &'static str;
}

/// A collection on the parent: `invoices: Vec<Invoice>`.
///
/// The foreign key lives on the target's table and points at the source's
/// primary key.
pub trait OneToMany: Relationship {
    /// The source's primary key value, which the children's foreign key holds.
    type Key: Clone + Debug;
    /// The foreign key column on the target's table.
    type ForeignKey: Column + Default;
    /// The target rows whose foreign key equals a key, unordered, so that
    /// `.count()` and other aggregates work on every backend.
    type Query;
    /// The `order_by` of the declaration (the target's primary key if none).
    type Order: diesel::Expression;
    /// `fk.eq(key)`: what a child row is given to belong to the parent.
    type Assign;

    /// The key the children of `source` hold.
    fn key(source: &Self::Source) -> Self::Key;
    /// `SELECT .. FROM target WHERE fk = key`.
    fn query(key: Self::Key) -> Self::Query;
    /// The ordering expression.
    fn order() -> Self::Order;
    /// `fk.eq(key)`, for inserting children.
    fn assign(key: Self::Key) -> Self::Assign;
}

/// A scalar on the child: `customer: Customer` or `customer: Option<Customer>`.
///
/// The foreign key lives on the source's own table.
pub trait ManyToOne: Relationship {
    /// The foreign key's value, without `Option`.
    type Key: Clone + Debug;
    /// The foreign key column on the source's table.
    type ForeignKey: Column + Default;
    /// The target's referenced column name, as messages print it.
    const TARGET_KEY: &'static str;
    /// The target row with a given primary key.
    type Query;
    /// `Target` for a required relationship, `Option<Target>` for an optional one.
    type Output;

    /// The source's foreign key value, `None` when it is NULL.
    fn foreign_key(source: &Self::Source) -> Option<Self::Key>;
    /// `SELECT .. FROM target WHERE pk = key`.
    fn query(key: Self::Key) -> Self::Query;
    /// Wraps a found target in [`ManyToOne::Output`].
    fn found(target: Self::Target) -> Self::Output;
    /// The value for a NULL foreign key: `Some(None)` where the relationship is
    /// optional, `None` where it is required (which is then an error).
    fn null() -> Option<Self::Output>;
}

/// Finds a model's relationship by name, across modules.
///
/// `N` is [`Name`] of a hash of the relationship's name: the derive of one
/// model reaches the other side of a `back_populates` pair through it,
/// wherever that model is defined.
pub trait HasRelationship<N> {
    /// The marker type of the relationship.
    type Rel: Relationship;
}

/// A relationship name at the type level (FNV-1a hash of the name).
#[doc(hidden)]
pub struct Name<const HASH: u64>;
