//! Declaring: what `#[derive(Relations)]` states about a model and its
//! relationships.
//!
//! - [`relationship`]: the traits the derive implements, one marker type
//!   per relationship: [`Model`](relationship::Model),
//!   [`Relationship`](relationship::Relationship), the declaration traits
//!   (`OneToManyDecl` ..) and the kind traits (`OneToMany` ..), which
//!   `loading::queries` implements.
//! - [`facts`]: the types of the constants the derive writes: `Declared`
//!   (what the library reads at run time), `RelInfo` (what the
//!   compile-time checks read), `KeyColumn`, `Cascade`.
//! - [`sql_type`]: the names of Diesel SQL types, as the registry records
//!   them.
//! - [`registry`]: every relationship declared anywhere in the program,
//!   linked before `main` by a constructor each derive places.
//!
//! The bottom part: it uses no other (not even `error`), and every other
//! part may use it.

pub mod facts;
pub mod registry;
pub mod relationship;
pub mod sql_type;
