//! The facts the derive writes down about each declaration, as constants
//! of these types: [`Declared`] (`Relationship::DECL`, read at run time by
//! messages and the registry) with the [`Cascade`] it states, the
//! [`KeyColumn`]s of `Model::DECL`, and [`RelInfo`] (`Relationship::INFO`,
//! read at compile time by the checks) with its [`Shape`] and [`Col`]s, and
//! [`MigrationColumn`] (what the migrations say of a foreign key column).
//!
//! Plain data, below `relationship`, whose traits hold them, and below their
//! readers: `registry` and `checking::pairing` re-export them at their old
//! paths, and `checking::pairing` holds `RelInfo`'s and `Col`'s constants
//! and every judgement of them but [`RelInfo::field_fits`], which both
//! `checking::pairing` and `checking::types` read.

/// What happens to the targets when the source is deleted or a target is
/// removed from the collection (SQLAlchemy's `cascade`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Cascade {
    /// `delete` (or `all`): deleting the source deletes its targets.
    pub delete: bool,
    /// `delete-orphan`: a target removed from the collection is deleted.
    pub delete_orphan: bool,
    /// `passive_deletes`: the database's ON DELETE CASCADE does it.
    pub passive_deletes: bool,
}

/// A column of a model's key (or of a composite foreign key), with its
/// Diesel SQL type and whether the Diesel schema makes it `Nullable`, as
/// `verify` compares them with the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyColumn {
    /// The column's SQL name.
    pub name: &'static str,
    /// Its Diesel SQL type without `Nullable` (`Integer`).
    pub sql_type: &'static str,
    /// Whether the Diesel schema declares it `Nullable<..>` (a primary
    /// key's never is).
    pub nullable: bool,
}

/// What a declaration states, in the one constant the derive writes per
/// relationship ([`Relationship::DECL`](crate::Relationship::DECL)). The
/// registry entry reads the rest (tables, columns, types) off the marker's
/// traits, in the [`Entry`] functions below, the first time the registry is
/// read.
///
/// The names are one string, read apart when a message or the registry
/// needs them: every field of a constant is an expression rustc checks at
/// every `cargo check`, and eleven fields cost three times what three do
/// (measured).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Declared {
    /// Each part ended by a NUL: `Model.name`, the target model,
    /// `back_populates`, `order_by` (empty when not declared), then
    /// `file:line`. (The module is the model's, in its `ModelDecl`.)
    pub text: &'static str,
    /// The foreign key, `table.column` (a many-to-many: its association
    /// table), as messages print it. A collection that takes its key from
    /// the other side of `back_populates` reads it there.
    pub foreign_key: &'static str,
    /// [`Declared::DELETE`], [`Declared::DELETE_ORPHAN`],
    /// [`Declared::PASSIVE_DELETES`], [`Declared::VIEWONLY`].
    pub flags: u8,
}

impl Declared {
    pub const DELETE: u8 = 1;
    pub const DELETE_ORPHAN: u8 = 2;
    pub const PASSIVE_DELETES: u8 = 4;
    pub const VIEWONLY: u8 = 8;

    /// The `i`th part of [`text`](Self::text).
    fn part(&self, i: usize) -> &'static str {
        let text: &'static str = self.text;
        text.split('\0').nth(i).unwrap_or("")
    }

    /// `Model.name`, as messages print it.
    pub fn full_name(&self) -> &'static str {
        self.part(0)
    }

    /// The declaring model.
    pub fn model(&self) -> &'static str {
        let full: &'static str = self.full_name();
        full.split_once('.').map_or(full, |(model, _)| model)
    }

    /// The relationship's name.
    pub fn name(&self) -> &'static str {
        let full: &'static str = self.full_name();
        full.split_once('.').map_or("", |(_, name)| name)
    }

    /// The target model.
    pub fn target(&self) -> &'static str {
        self.part(1)
    }

    /// The relationship on the target this one pairs with, if declared.
    pub fn back_populates(&self) -> Option<&'static str> {
        Some(self.part(2)).filter(|s| !s.is_empty())
    }

    /// The `order_by` as written, if any.
    pub fn order_by(&self) -> Option<&'static str> {
        Some(self.part(3)).filter(|s| !s.is_empty())
    }

    /// Where it was declared, `file:line`.
    pub fn declared_at(&self) -> &'static str {
        self.part(4)
    }

    /// The cascade options.
    pub const fn cascade(&self) -> Cascade {
        Cascade {
            delete: self.flags & Self::DELETE != 0,
            delete_orphan: self.flags & Self::DELETE_ORPHAN != 0,
            passive_deletes: self.flags & Self::PASSIVE_DELETES != 0,
        }
    }

    /// `viewonly`: reads only.
    pub const fn viewonly(&self) -> bool {
        self.flags & Self::VIEWONLY != 0
    }
}

/// The shape of a relationship, decided by the derive.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A scalar whose foreign key is on its own table.
    ManyToOne,
    /// A collection whose foreign key is on the target's table.
    OneToMany,
    /// A scalar whose foreign key is on the target's table.
    OneToOne,
    /// A collection through an association table.
    ManyToMany,
}

/// A column by its SQL names; empty when unknown.
#[derive(Clone, Copy)]
pub struct Col {
    /// The table's SQL name.
    pub table: &'static str,
    /// The column's SQL name.
    pub column: &'static str,
}

/// What one relationship tells the other side of its pair.
#[derive(Clone, Copy)]
pub struct RelInfo {
    /// `Invoice`
    pub model: &'static str,
    /// The model's `ModelDecl::id`, which tells apart two models of the same
    /// name.
    pub model_id: u64,
    /// `customer`
    pub name: &'static str,
    /// `name` hashed by the derive (FNV-1a, as in `Name<hash>`); the pair
    /// checks compare these rather than the names.
    pub name_id: u64,
    /// `Customer`
    pub target: &'static str,
    /// The target model's `ModelDecl::id`.
    pub target_id: u64,
    /// The SQL names of the model's and the target's tables.
    pub table: &'static str,
    /// The target's table, as `table`.
    pub target_table: &'static str,
    /// The declared type as messages print it: `Vec<Customer>`.
    pub declared: &'static str,
    /// Which kind of relationship it is.
    pub shape: Shape,
    /// The relationship's `back_populates`, or empty.
    pub back_populates: &'static str,
    /// Its hash, as `name_id` (0 when empty).
    pub back_id: u64,
    /// The foreign key column when this side names it, else [`Col::NONE`].
    pub foreign_key: Col,
    /// The key it references: the primary key of the model it leads to, or
    /// the column declared with `references`.
    pub references: Col,
    /// Whether `references` names that column (else it is the primary key).
    pub referenced: bool,
    /// Whether the foreign key's SQL type is the referenced key's.
    pub key_types_match: bool,
    /// The SQL types of the two, as messages print them (empty when Diesel's
    /// type has no name here).
    pub key_types: (&'static str, &'static str),
    /// Whether a `joinable!` joins the two tables on the foreign key.
    pub joinable: bool,
    /// Whether the Diesel schema says the foreign key is Nullable.
    pub nullable: bool,
    /// The association table of a many-to-many, or empty.
    pub secondary: &'static str,
    /// Its columns to this model and to the target, when this side names them.
    pub secondary_columns: Option<(Col, Col)>,
    /// The primary keys of this model and of the target (many-to-many).
    pub keys: (Col, Col),
    /// Whether a `joinable!` joins the association table to each side on
    /// its column.
    pub secondary_joinable: (bool, bool),
    /// The derive of its model reported a mistake of its own and wrote only
    /// the names (`RelInfo::poisoned`): the checks of the other side stay
    /// silent, so that mistake is the one error.
    pub poisoned: bool,
    /// Whether each association column's SQL type is the key's it
    /// references (many-to-many, this side naming the columns).
    pub secondary_types_match: (bool, bool),
    /// The SQL type names of the association column to this model, of
    /// this model's key, of the column to the target and of the target's
    /// key, as `key_types` (empty when unnamed).
    pub secondary_types: [&'static str; 4],
    /// The many-to-one's foreign key field: its name, its Rust type as
    /// written (`String`) and the Diesel SQL type that type reads (`Text`;
    /// empty when not judged: a type Diesel reads from several SQL types,
    /// or a model whose `check_for_backend` has Diesel check it).
    pub field: (&'static str, &'static str, &'static str),
    /// The `back_populates` of another relationship of this model, of the
    /// same target, that names a relationship of the target this one does
    /// not point back at (hash, 0 when none): where this one is in no
    /// pair of its own (no `back_populates`, or a self-referential pair
    /// that is mutual), that one's check reports the other side, and the
    /// other side's check, which would blame this one, stays silent.
    pub claimed: u64,
}

/// What the migrations say of one foreign key column: its type, mapped to
/// the Diesel SQL type `diesel print-schema` would write, and whether it
/// may be NULL (`Evidence::columns`, judged by `checking::types`).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct MigrationColumn {
    /// The table's SQL name.
    pub table: &'static str,
    /// The column's SQL name.
    pub column: &'static str,
    /// `Integer` for `INT`, `SERIAL`, `int4`; empty where the mapping is not
    /// certain for every backend.
    pub sql_type: &'static str,
    /// `Some(true)` for NOT NULL, `Some(false)` for a column that may be
    /// NULL, `None` where that is not certain (a column of a table-level
    /// primary key, whose nullability depends on the backend).
    pub not_null: Option<bool>,
}

impl RelInfo {
    /// Whether the many-to-one's foreign key field reads its column, or is
    /// not judged ([`RelInfo::field`]): a collection pairing with it takes
    /// its key type only then (`checking::pairing::pairs`), so that a wrong
    /// field is one error.
    pub const fn field_fits(&self) -> bool {
        let (_, _, reads) = self.field;
        let column = self.key_types.0;
        // Two judged names are one exactly when their lengths are
        // ([`judged_sql_type`]): the common case compares two lengths, no
        // bytes (each step is costly in rustc's const evaluator, measured).
        reads.is_empty()
            || reads.len() == column.len()
            || !judged_sql_type(reads)
            || !judged_sql_type(column)
    }
}

/// The SQL types the type checks compare: those a foreign key has in
/// practice, each read by one Rust type (`i16`, `i32`, `i64`, `String`).
/// Their names have four lengths, one each, so two judged names are the
/// same name exactly when they are as long ([`same_judged`]).
pub const fn judged_sql_type(sql: &str) -> bool {
    let sql = sql.as_bytes();
    match sql.len() {
        8 => same(sql, b"SmallInt"),
        7 => same(sql, b"Integer"),
        6 => same(sql, b"BigInt"),
        4 => same(sql, b"Text"),
        _ => false,
    }
}

/// Whether two names [`judged_sql_type`] accepts are one: their lengths
/// tell them apart.
pub(crate) const fn same_judged(a: &str, b: &str) -> bool {
    a.len() == b.len()
}

// The judged names' lengths differ, one each (what `same_judged` relies on).
const _: () = assert!(
    "SmallInt".len() == 8 && "Integer".len() == 7 && "BigInt".len() == 6 && "Text".len() == 4
);

/// The Rust type Diesel reads a judged SQL type into.
pub const fn rust_type_of(sql: &str) -> &'static str {
    let sql = sql.as_bytes();
    if same(sql, b"SmallInt") {
        "i16"
    } else if same(sql, b"Integer") {
        "i32"
    } else if same(sql, b"BigInt") {
        "i64"
    } else {
        "String"
    }
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
