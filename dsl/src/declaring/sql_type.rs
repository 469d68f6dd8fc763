//! Names of Diesel SQL types, as the registry records them.
//!
//! The derive writes `<SqlType as SqlTypeName>::NAME` of each foreign key
//! and primary key column into the registry, so `verify` can compare the
//! Diesel schema with the live database and the diagram can print types
//! without knowing any type at compile time of this crate.

use diesel::sql_types::*;

/// The name of a Diesel SQL type, `Nullable` stripped (`Integer` for both
/// `Integer` and `Nullable<Integer>`).
///
/// Implemented for every SQL type Diesel ships. A column of a custom SQL
/// type used as a foreign or primary key needs one line:
///
/// ```
/// use diesel_relations::SqlTypeName;
///
/// #[derive(diesel::sql_types::SqlType)]
/// #[diesel(sqlite_type(name = "Integer"))]
/// pub struct MyType;
///
/// impl diesel_relations::SqlTypeName for MyType { const NAME: &'static str = "MyType"; }
///
/// assert_eq!(<diesel::sql_types::Nullable<MyType> as SqlTypeName>::NAME, "MyType");
/// ```
#[diagnostic::on_unimplemented(
    message = "diesel-relations cannot name the SQL type `{Self}` of a key column",
    note = "implement it: `impl diesel_relations::SqlTypeName for {Self} {{ const NAME: &'static str = \"..\"; }}`"
)]
pub trait SqlTypeName {
    /// The type's name as Diesel's schema spells it (`BigInt`, `Text`).
    const NAME: &'static str;
}

impl<T: SqlTypeName> SqlTypeName for Nullable<T> {
    const NAME: &'static str = T::NAME;
}

macro_rules! named {
    ($($ty:ty => $name:literal),* $(,)?) => {
        $(impl SqlTypeName for $ty {
            const NAME: &'static str = $name;
        })*
    };
}

named! {
    Bool => "Bool",
    TinyInt => "TinyInt",
    SmallInt => "SmallInt",
    Integer => "Integer",
    BigInt => "BigInt",
    Float => "Float",
    Double => "Double",
    Numeric => "Numeric",
    Text => "Text",
    Binary => "Binary",
    Date => "Date",
    Time => "Time",
    Timestamp => "Timestamp",
    Interval => "Interval",
    Json => "Json",
}

// Diesel has these types only with its PostgreSQL backend.
#[cfg(feature = "postgres")]
named! {
    Jsonb => "Jsonb",
    Timestamptz => "Timestamptz",
    Uuid => "Uuid",
    Oid => "Oid",
    Money => "Money",
    MacAddr => "MacAddr",
    Inet => "Inet",
    Cidr => "Cidr",
    CChar => "CChar",
}

// Diesel has these types only with its MySQL backend.
#[cfg(feature = "mysql")]
named! {
    Datetime => "Datetime",
    Unsigned<TinyInt> => "Unsigned<TinyInt>",
    Unsigned<SmallInt> => "Unsigned<SmallInt>",
    Unsigned<Integer> => "Unsigned<Integer>",
    Unsigned<BigInt> => "Unsigned<BigInt>",
}
