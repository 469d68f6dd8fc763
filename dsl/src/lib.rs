//! SQLAlchemy's `relationship()` for Diesel.
//!
//! Declare each relationship once on each model with `#[derive(Relations)]`
//! and `#[relationship(...)]`; get typed accessors that load in one query
//! and stay ordinary Diesel queries, on every Diesel backend.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! use diesel_relations::Relations;
//!
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
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let conn = &mut connection();
//! # let customer: Customer = customers::table.find(1).select(Customer::as_select()).first(conn)?;
//! let invoices: Vec<Invoice> = customer.invoices().load(conn)?;   // in order_by order
//! let n: i64 = customer.invoices().count().get_result(conn)?;      // a Diesel query
//! let owner: Customer = invoices[0].customer().get(conn)?;
//! assert_eq!((invoices.len(), n, owner.name.as_str()), (2, 2, "Alice"));
//! # Ok(())
//! # }
//! ```
//!
//! (The examples' hidden first lines declare the schema and open an in-memory
//! SQLite database with a few rows: `doctest/setup.rs` in this crate.)
//!
//! Every option of `#[relationship(..)]` and `#[relations(..)]`, with its
//! SQLAlchemy spelling and a running example, is on the page of the derive,
//! [`Relations`]; the README maps SQLAlchemy's idioms.
//!
//! [`Related`] puts a relationship into another Diesel query through its
//! accessor: `EXISTS` filters (`Customer::invoices.any(..)`,
//! `Invoice::customer.has(..)`), `with_parent`, and the `ON` clause of a
//! join (`Invoice::customer.join()`); [`CountRelated`] counts each parent's
//! targets in one query.
//!
//! Every declared relationship is also recorded in [`registry`], from which
//! [`verify()`] compares them with a live database, [`checks`] runs the
//! cross-model checks, [`diagram`] draws the ER diagram, and with the `cli`
//! feature, `cli` makes a command line of all three.

#![deny(missing_docs)]

// The parts, one folder each (docs/architecture.md): `declaring` at the
// bottom, `checking` and `loading` on it, `writing` and `querying` on
// `loading`, `schema` on `declaring` and `checking`; `error` is shared. The modules keep their
// paths at the crate root, public ones by `pub use`, the others for the
// crate's own `crate::..` paths.
mod checking;
mod declaring;
mod error;
mod loading;
pub mod multi;
mod querying;
mod schema;
mod writing;

pub use checking::checks;
#[doc(hidden)]
pub use checking::pairing;
pub use declaring::registry;
use declaring::relationship;
use declaring::sql_type;
#[cfg(feature = "async")]
pub use loading::asynchronous;
pub use loading::composite;
pub use loading::composite_m2m;
pub use loading::composite_one;
pub use loading::eager;
pub use loading::exec;
#[doc(hidden)]
pub use loading::first_rows;
use loading::key_order;
pub use loading::keys;
use loading::lazy;
pub use loading::narrowed;
#[doc(hidden)]
pub use loading::queries;
pub use loading::ranked;
pub use loading::rows;
#[doc(hidden)]
pub use querying::aliased;
#[doc(hidden)]
pub use querying::correlate;
#[doc(hidden)]
pub use querying::correlate_rows;
pub use querying::counts;
pub use querying::counts_rows;
#[doc(hidden)]
pub use querying::filters;
pub use querying::joined;
#[doc(hidden)]
pub use querying::joins;
pub use querying::related;
pub use schema::catalog;
#[cfg(feature = "cli")]
pub use schema::cli;
pub use schema::diagram;
pub use schema::verify;
pub use writing::cascade;
pub use writing::children;
pub use writing::composite_cascade;
pub use writing::composite_links;
pub use writing::composite_writes;
pub use writing::graph;
pub use writing::parent_keys;
use writing::tx;
pub use writing::upkeep;
use writing::write;

pub use cascade::{delete, delete_all, Delete};
#[cfg(feature = "async")]
pub use cascade::{delete_all_async, delete_async};
pub use composite::{ToManyRows, ToOneRow};
pub use composite_m2m::ToManyRowsThrough;
pub use composite_one::ToOneRowReverse;
pub use counts::{AggregateRelated, CountDistinctRelated, CountRelated};
#[doc = include_str!("derive.md")]
pub use diesel_relations_checker::Relations;
pub use eager::{both, with, Eager, LoadRelated, Node};
pub use error::{RelationError, Result};
pub use lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
pub use related::Related;
pub use relationship::{
    Ascending, ByColumn, ByKey, ByPrimaryKey, Descending, HasRelationship, KeyForm, LinkKeyed,
    LinkSourceKey, LinkTargetKey, Many, ManyToMany, ManyToManyDecl, ManyToManyRowDecl, ManyToOne,
    ManyToOneDecl, ManyToOneRowDecl, MaybeOne, Model, ModelDecl, One, OneColumn, OneToMany,
    OneToManyDecl, OneToManyRowDecl, OneToOne, OneToOneDecl, OneToOneRowDecl, OrderBy,
    ParentColumn, ParentKeyed, ParentValue, Referenced, ReferencedColumn, Relationship,
    SeveralColumns, Shape, ThroughJoin, ThroughSubquery,
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

    /// What the derive's block imports, by one glob: a one-token name
    /// (`__dr_<item>`) for each library item its code uses, and the probes'
    /// fallback traits. A path (`::diesel_relations::registry::Declared`)
    /// is four tokens or more for the derive to build, for rustc to parse
    /// and to resolve segment by segment, at each of some 250 uses per model: the
    /// one-token names cost 0.05 G instructions less per `cargo check` of
    /// the 40-model schema (docs/compile-cost.md). The prefix keeps them
    /// from shadowing the user's own names in the derive's block.
    pub mod prelude {
        pub use crate::cascade::{
            Cascades as __dr_Cascades, Children as __dr_Children, Detach as __dr_Detach,
            OwnChildren as __dr_OwnChildren, Unlink as __dr_Unlink,
        };
        pub use crate::checking::composite::{
            assert_row_key as __dr_assert_row_key, assert_row_pair as __dr_assert_row_pair,
            assert_secondary_key as __dr_assert_secondary_key,
            assert_secondary_pair as __dr_assert_secondary_pair, row_key_ok as __dr_row_key_ok,
            ReadRow as __dr_ReadRow, RowPair as __dr_RowPair, RowPairFallback as _,
            SecondaryJudged as __dr_SecondaryJudged, SecondaryPair as __dr_SecondaryPair,
            SecondaryPairFallback as _, SecondarySide as __dr_SecondarySide,
        };
        pub use crate::checking::ordering::{
            assert_order as __dr_assert_order, assert_row_order as __dr_assert_row_order,
            order_ok as __dr_order_ok, order_on_secondary as __dr_order_on_secondary,
            CheckedOrder as __dr_CheckedOrder, LoadThrough as __dr_LoadThrough,
            OnTable as __dr_OnTable, OnTableFallback as _, OrderColumn as __dr_OrderColumn,
        };
        pub use crate::checking::types::{
            assert_association as __dr_assert_association, assert_key as __dr_assert_key,
            assert_key_of as __dr_assert_key_of, key_unjudged as __dr_key_unjudged,
            MigrationColumn as __dr_MigrationColumn, ReadKey as __dr_ReadKey,
            ReadsAs as __dr_ReadsAs, ReadsAsFallback as _,
        };
        pub use crate::composite_cascade::{
            RowChildren as __dr_RowChildren, RowDetach as __dr_RowDetach,
            RowOwnChildren as __dr_RowOwnChildren,
        };
        pub use crate::pairing::{
            assert_backref as __dr_assert_backref, assert_pair as __dr_assert_pair,
            assert_pair_keyed as __dr_assert_pair_keyed, assert_required as __dr_assert_required,
            assert_unique as __dr_assert_unique, assert_unique_of as __dr_assert_unique_of,
            check_unnamed as __dr_check_unnamed, eq_ci as __dr_eq_ci, pairs_of as __dr_pairs_of,
            pick_of as __dr_pick_of, report as __dr_report, AsModel as __dr_AsModel,
            BackrefName as __dr_BackrefName, Col as __dr_Col, ColOf as __dr_ColOf,
            Evidence as __dr_Evidence, Find as __dr_Find, ForeignKey as __dr_ForeignKey,
            If as __dr_If, JoinsOn as __dr_JoinsOn, Judged as __dr_Judged, KeyOf as __dr_KeyOf,
            KeySqlType as __dr_KeySqlType, NullableOf as __dr_NullableOf, Other as __dr_Other,
            OtherCollection as __dr_OtherCollection, OtherScalar as __dr_OtherScalar,
            ParentPick as __dr_ParentPick, Pick as __dr_Pick, Picks as __dr_Picks,
            RelInfo as __dr_RelInfo, Relationships as __dr_Relationships, Same as __dr_Same,
            Shape as __dr_Shape, SqlName as __dr_SqlName, SqlTypeOf as __dr_SqlTypeOf,
            TableOf as __dr_TableOf,
        };
        pub use crate::querying::poisoned::Poisoned as __dr_Poisoned;
        // The other side of a pair that leads to the wrong model.
        pub use crate::pairing::{
            Claim as __dr_Claim, Claimed as __dr_Claimed, ClaimedFallback as _,
        };
        // Foreign keys on the target's table, model keys, inferred keys.
        pub use crate::pairing::{
            assert_inferred as __dr_assert_inferred, assert_key_table as __dr_assert_key_table,
            assert_primary_key as __dr_assert_primary_key, col_if as __dr_col_if,
            table_key as __dr_table_key, Inferred as __dr_Inferred, InferredFallback as _,
            InferredKey as __dr_InferredKey, KeyNames as __dr_KeyNames, KeyNamesFallback as _,
            KeyOfFallback as _, KeyOnTable as __dr_KeyOnTable, KeyOnTableFallback as _,
            KeyTo as __dr_KeyTo, KeyVia as __dr_KeyVia, RowOf as __dr_RowOf,
        };
        // Renamed fields read by the collections of other models.
        pub use crate::pairing::{
            FieldFits as __dr_FieldFits, FieldFitsFallback as _, FieldOf as __dr_FieldOf,
            ReadRenamed as __dr_ReadRenamed, Renamed as __dr_Renamed, RenamedFallback as _,
            UniqueKey as __dr_UniqueKey, UniqueOf as __dr_UniqueOf,
        };
        pub use crate::pairing::{
            FindFallback as _, JoinsOnFallback as _, RelationshipsFallback as _, SameFallback as _,
            SqlNameFallback as _, TableOfFallback as _,
        };
        // The registration each derive places.
        pub use crate::__register as __dr_register;
        pub use crate::registry::{
            register as __dr_ctor, Declared as __dr_Declared, KeyColumn as __dr_KeyColumn,
            ManyToManyEntry as __dr_ManyToManyEntry, ManyToManyRowEntry as __dr_ManyToManyRowEntry,
            ManyToOneEntry as __dr_ManyToOneEntry, ManyToOneRowEntry as __dr_ManyToOneRowEntry,
            NullableColumn as __dr_NullableColumn, OneToManyEntry as __dr_OneToManyEntry,
            OneToManyRowEntry as __dr_OneToManyRowEntry, RowColumns as __dr_RowColumns,
        };
        pub use crate::relationship::{
            ByPrimaryKey as __dr_ByPrimaryKey, ForeignKeyValue as __dr_ForeignKeyValue,
            LinkEnd as __dr_LinkEnd, LinkOrderTail as __dr_LinkOrderTail,
            ManyToManyRowDecl as __dr_ManyToManyRowDecl, ManyToOneRowDecl as __dr_ManyToOneRowDecl,
            Name as __dr_Name, OneColumn as __dr_OneColumn,
            OneToManyRowDecl as __dr_OneToManyRowDecl, OneToOneRowDecl as __dr_OneToOneRowDecl,
            ParentColumn as __dr_ParentColumn, Referenced as __dr_Referenced,
            ReferencedColumn as __dr_ReferencedColumn, RowKey as __dr_RowKey,
            ScalarShape as __dr_ScalarShape, SeveralColumns as __dr_SeveralColumns,
            SqlTableName as __dr_SqlTableName,
        };
        // The standard items the generated code names, one token each.
        pub use crate::ThroughSubquery as __dr_ThroughSubquery;
        pub use crate::{
            Ascending as __dr_Ascending, ByColumn as __dr_ByColumn, ByKey as __dr_ByKey,
            Descending as __dr_Descending, HasRelationship as __dr_HasRelationship,
            ManyToManyDecl as __dr_ManyToManyDecl, ManyToOneDecl as __dr_ManyToOneDecl,
            MaybeOne as __dr_MaybeOne, Model as __dr_Model, ModelDecl as __dr_ModelDecl,
            One as __dr_One, OneToManyDecl as __dr_OneToManyDecl,
            OneToOneDecl as __dr_OneToOneDecl, Relationship as __dr_Relationship,
            SqlTypeName as __dr_SqlTypeName, ToMany as __dr_ToMany, ToManyRows as __dr_ToManyRows,
            ToManyRowsThrough as __dr_ToManyRowsThrough, ToManyThrough as __dr_ToManyThrough,
            ToOne as __dr_ToOne, ToOneReverse as __dr_ToOneReverse, ToOneRow as __dr_ToOneRow,
            ToOneRowReverse as __dr_ToOneRowReverse,
        };
        pub use core::clone::Clone as __dr_Clone;
        pub use core::option::Option as __dr_Option;
        pub use core::option::Option::{None as __dr_None, Some as __dr_Some};
        pub use diesel::sql_types::SqlType as __dr_SqlType;
        pub use diesel::Table as __dr_Table;
        pub use diesel::{Column as __dr_Column, Expression as __dr_Expression};
    }
}
