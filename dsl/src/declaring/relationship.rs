//! The traits the derive implements, one marker type per declared relationship.
//!
//! `#[derive(Relations)]` turns every `#[relationship(...)]` into a zero-sized
//! marker type implementing [`Relationship`] and one of the declaration
//! traits ([`OneToManyDecl`], [`OneToOneDecl`], [`ManyToOneDecl`],
//! [`ManyToManyDecl`]): the columns, the ordering and the cascade, nothing
//! else. The kind traits ([`OneToMany`], [`OneToOne`], [`ManyToOne`],
//! [`ManyToMany`]) add every query, built once, generically, in
//! `crate::queries`: rustc checks a relationship's queries where a program
//! uses them, not where it is declared, so declaring a relationship costs
//! `cargo check` little (measured by `scripts/compile_cost.sh`).

use crate::declaring::facts::{Cascade, Declared, KeyColumn};
use diesel::internal::table_macro::{Identifier, InfixNode, StaticQueryFragment};
use diesel::Column;
use std::fmt::Debug;
use std::hash::Hash;

/// One association row of a many-to-many: the source's key and the
/// target's.
pub type LinkPair<R> = (<R as LinkKeyed>::SourceKey, <R as LinkKeyed>::TargetKey);

/// A model deriving `Relations`: its key, and what messages print of it.
///
/// The derive states the literal facts in one constant, [`DECL`](Self::DECL)
/// (one body for rustc to check rather than one per fact).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model: a relationship's target derives Relations",
    label = "`{Self}` has no #[derive(Relations)]",
    note = "add #[derive(Relations)] to `{Self}` (with its #[diesel(table_name = ..)]), or name a model that has it"
)]
pub trait Model: Sized + 'static {
    /// What the derive states about the model.
    const DECL: ModelDecl;
    /// The struct's name (`Customer`).
    const MODEL: &'static str = Self::DECL.model;
    /// The table's SQL name (`customers`).
    const TABLE: &'static str = Self::DECL.table;
    /// The primary key columns, by SQL name, with their Diesel SQL types.
    const PRIMARY_KEY: &'static [KeyColumn] = Self::DECL.primary_key;
    /// The Diesel table.
    type Table: diesel::Table + Default;
    /// The primary key's value (a tuple for a composite key). `Send +
    /// Sync` so that loads on async connections are `Send` futures.
    type Key: Clone + Eq + Hash + Debug + Send + Sync + 'static;
    /// How a list of [`Key`](Self::Key)s is matched against the key's
    /// columns: [`OneColumn`], or [`SeveralColumns`] for a composite key.
    type KeyForm: KeyForm;

    /// This row's primary key.
    fn primary_key(&self) -> Self::Key;
}

/// The condition "the key columns hold one of these keys", chosen by the
/// number of key columns: a model's deletes, removals and re-reads of its
/// rows name its key with it (`crate::keys` renders both forms). Chosen
/// by the derive, as a type, because one generic impl cannot tell a
/// column from a tuple of them.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::{KeyForm, SeveralColumns};
/// let conn = &mut connection();
/// // What a model keyed by (custid, id) would match its rows with.
/// let pairs = SeveralColumns::key_in((invoices::custid, invoices::id), vec![(1, 1), (2, 3)]);
/// let ids: Vec<i32> = invoices::table.filter(pairs).select(invoices::id).order_by(invoices::id).load(conn)?;
/// assert_eq!(ids, [1, 3]);
/// # Ok(())
/// # }
/// ```
pub trait KeyForm: 'static {
    /// `columns IN (keys)`.
    type In<Col, K>;
    /// Builds it.
    fn key_in<Col, K>(columns: Col, keys: Vec<K>) -> Self::In<Col, K>;
}

/// A key of one column: `column IN (keys)` (`crate::keys::KeyIn`); what
/// the derive writes for `#[diesel(primary_key(id))]` (see [`KeyForm`]).
pub struct OneColumn;

/// A composite key: `(a, b) IN (keys)` (`crate::rows::RowIn`); what the
/// derive writes for `#[diesel(primary_key(a, b))]` (see [`KeyForm`]).
pub struct SeveralColumns;

/// What `#[derive(Relations)]` states about a model ([`Model::DECL`]).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ModelDecl {
    /// `Customer`
    pub model: &'static str,
    /// The module that declares it (`app::models`).
    pub module: &'static str,
    /// A number the derive gives the model, unique in the program: the
    /// checks ask "is that side's target this model?" for every pair, and
    /// comparing two paths byte by byte in rustc's const evaluator costs far
    /// more than comparing two numbers (measured).
    pub id: u64,
    /// The table's SQL name.
    pub table: &'static str,
    /// The schema `table!` qualifies it with (`billing`), or `""`.
    pub schema: &'static str,
    pub primary_key: &'static [KeyColumn],
    /// The relationships the model declares itself (not backrefs declared
    /// onto it by other models), for the checker's "did you mean".
    pub relationships: &'static [&'static str],
    /// Each of those relationships' target model and `back_populates`, as
    /// written (`""` for none), in the same order: the pair checks read
    /// them where a pair is wrong, to leave the error to the side that is.
    pub pairs: &'static [(&'static str, &'static str)],
}

/// A table's SQL name (its `#[sql_name]`, or the `table!` name), as a
/// constant, and the schema that qualifies it. Diesel keeps both in the
/// macro-internal `StaticQueryFragment`; this reads them there (Diesel 2.3;
/// `tests/relations/registry.rs` and `tests/schema_qualified` notice a
/// change).
///
/// `NAME` is the table's name without its schema (`customers` for
/// `billing.customers`): the checker matches it with the migrations, whose
/// tables it names so too. `SCHEMA` is the schema `table!` names
/// (`billing`), or `""`; statements the library writes itself qualify the
/// table with it (see [`push_table`]).
#[doc(hidden)]
pub trait SqlTableName {
    const NAME: &'static str;
    const SCHEMA: &'static str;
}

impl<T> SqlTableName for T
where
    T: StaticQueryFragment,
    T::Component: TableComponent<T>,
{
    const NAME: &'static str = <T::Component as TableComponent<T>>::NAME;
    const SCHEMA: &'static str = <T::Component as TableComponent<T>>::SCHEMA;
}

/// The component `table!` gives a table of a schema (`billing.customers`):
/// the schema, the table, and the `"."` between them.
type Qualified = InfixNode<Identifier<'static>, Identifier<'static>, &'static str>;

/// How a table's `StaticQueryFragment` component names it: `table!` writes
/// an `Identifier` for a table of the default schema and a `Qualified` for
/// one of a named schema.
#[doc(hidden)]
pub trait TableComponent<T> {
    const NAME: &'static str;
    const SCHEMA: &'static str;
}

impl<T: StaticQueryFragment<Component = Identifier<'static>>> TableComponent<T>
    for Identifier<'static>
{
    const NAME: &'static str = T::STATIC_COMPONENT.0;
    const SCHEMA: &'static str = "";
}

impl<T: StaticQueryFragment<Component = Qualified>> TableComponent<T> for Qualified {
    const NAME: &'static str = qualified(T::STATIC_COMPONENT)[1];
    const SCHEMA: &'static str = qualified(T::STATIC_COMPONENT)[0];
}

/// `[schema, table]` of a qualified table's component. Diesel 2.3 keeps
/// them in private fields (`lhs`, `rhs`, and `middle`, the `"."`), which
/// no API reads as a constant; all three are a `&'static str` (an
/// `Identifier` is a struct of one), so the component is read as three of
/// them. Which one is which is told by the `"."`; the schema comes before
/// the table, as declared (`qualified_table_names_read_as_diesel_writes_them`
/// in `tests/schema_qualified` compares with Diesel's `Debug`).
const fn qualified(component: &'static Qualified) -> [&'static str; 2] {
    // SAFETY: `transmute` checks the sizes are equal (three `&str`s), so
    // the component is its three fields with no padding, each a `&'static
    // str` or a one-field struct of one (`Identifier`) of the same size:
    // every field is a valid `&'static str` whatever their order in memory.
    let parts: [&'static str; 3] =
        unsafe { core::mem::transmute::<Qualified, [&'static str; 3]>(*component) };
    match (is_dot(parts[0]), is_dot(parts[1]), is_dot(parts[2])) {
        (false, false, true) => [parts[0], parts[1]],
        (false, true, false) => [parts[0], parts[2]],
        (true, false, false) => [parts[1], parts[2]],
        _ => {
            panic!("diesel-relations: cannot read the schema of a table! in this version of Diesel")
        }
    }
}

const fn is_dot(s: &str) -> bool {
    matches!(s.as_bytes(), [b'.'])
}

/// Writes `T`'s name into a statement the library writes itself, qualified
/// by its schema where `table!` names one (`"billing"."customers"`).
#[doc(hidden)]
pub fn push_table<T: SqlTableName, DB: diesel::backend::Backend>(
    out: &mut diesel::query_builder::AstPass<'_, '_, DB>,
) -> diesel::QueryResult<()> {
    push_qualified(out, T::SCHEMA, T::NAME)
}

/// Writes `schema.table` (or `table` where `schema` is empty) as quoted
/// identifiers.
#[doc(hidden)]
pub fn push_qualified<DB: diesel::backend::Backend>(
    out: &mut diesel::query_builder::AstPass<'_, '_, DB>,
    schema: &str,
    table: &str,
) -> diesel::QueryResult<()> {
    if !schema.is_empty() {
        out.push_identifier(schema)?;
        out.push_sql(".");
    }
    out.push_identifier(table)
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

/// Reads a foreign key field as `Option<Key>`, whether the field is `Key`
/// or `Option<Key>` (a backref's derive does not see the field's type).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a foreign key field of type `{Self}` cannot hold the key `{K}` it references",
    label = "this relationship reads its foreign key field as `{K}`, found `{Self}`",
    note = "declare the field as `{K}` (or `Option<{K}>` where the column may be NULL), the Rust type of the key the column references"
)]
pub trait ForeignKeyValue<K> {
    fn to_key(&self) -> Option<K>;
}

impl<K: Clone> ForeignKeyValue<K> for K {
    fn to_key(&self) -> Option<K> {
        Some(self.clone())
    }
}

impl<K: Clone> ForeignKeyValue<K> for Option<K> {
    fn to_key(&self) -> Option<K> {
        self.clone()
    }
}

/// How many targets a relationship gives each source, at the type level:
/// [`Many`] (`Vec<T>`), [`One`] (`T`) or [`MaybeOne`] (`Option<T>`). Eager
/// loading builds its typed results with it.
pub trait Shape {
    /// The container of `U` for one source.
    type Out<U>;
    /// Whether a source must have a target (a required scalar).
    const REQUIRED: bool;
    /// Whether a source may have several targets (a collection).
    const SEVERAL: bool;
    /// Wraps one source's targets; `None` if their number does not fit the
    /// shape (callers check [`Shape::REQUIRED`] and [`Shape::SEVERAL`] first).
    fn wrap<U>(items: Vec<U>) -> Option<Self::Out<U>>;
    /// A scalar's value from what was found; `None` if the shape needs a
    /// target and there is none.
    fn from_option<U>(found: Option<U>) -> Option<Self::Out<U>>;
    /// Moves the targets out, appending them to `into`; returns how many.
    fn drain<U>(out: Self::Out<U>, into: &mut Vec<U>) -> usize;
    /// One found value, wrapped.
    fn found<U>(one: U) -> Self::Out<U>;
    /// Rebuilds a container from the next `n` items of `items`.
    fn take<U>(n: usize, items: &mut impl Iterator<Item = U>) -> Option<Self::Out<U>>;
}

/// A collection: `Vec<T>`.
pub struct Many;
/// A required scalar: `T`.
pub struct One;
/// An optional scalar: `Option<T>`.
pub struct MaybeOne;

impl Shape for Many {
    type Out<U> = Vec<U>;
    fn found<U>(one: U) -> Vec<U> {
        vec![one]
    }
    const REQUIRED: bool = false;
    const SEVERAL: bool = true;
    fn wrap<U>(items: Vec<U>) -> Option<Vec<U>> {
        Some(items)
    }
    fn from_option<U>(found: Option<U>) -> Option<Vec<U>> {
        Some(found.into_iter().collect())
    }
    fn drain<U>(out: Vec<U>, into: &mut Vec<U>) -> usize {
        let n = out.len();
        into.extend(out);
        n
    }
    fn take<U>(n: usize, items: &mut impl Iterator<Item = U>) -> Option<Vec<U>> {
        Some(items.take(n).collect())
    }
}

impl Shape for One {
    type Out<U> = U;
    fn found<U>(one: U) -> U {
        one
    }
    const REQUIRED: bool = true;
    const SEVERAL: bool = false;
    fn from_option<U>(found: Option<U>) -> Option<U> {
        found
    }
    fn drain<U>(out: U, into: &mut Vec<U>) -> usize {
        into.push(out);
        1
    }
    fn take<U>(n: usize, items: &mut impl Iterator<Item = U>) -> Option<U> {
        if n == 1 {
            items.next()
        } else {
            None
        }
    }
    fn wrap<U>(items: Vec<U>) -> Option<U> {
        let mut items = items.into_iter();
        match (items.next(), items.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
}

impl Shape for MaybeOne {
    type Out<U> = Option<U>;
    fn found<U>(one: U) -> Option<U> {
        Some(one)
    }
    const REQUIRED: bool = false;
    const SEVERAL: bool = false;
    fn from_option<U>(found: Option<U>) -> Option<Option<U>> {
        Some(found)
    }
    fn drain<U>(out: Option<U>, into: &mut Vec<U>) -> usize {
        match out {
            Some(u) => {
                into.push(u);
                1
            }
            None => 0,
        }
    }
    fn take<U>(n: usize, items: &mut impl Iterator<Item = U>) -> Option<Option<U>> {
        match n {
            0 => Some(None),
            1 => Some(items.next()),
            _ => None,
        }
    }
    fn wrap<U>(items: Vec<U>) -> Option<Option<U>> {
        let mut items = items.into_iter();
        match (items.next(), items.next()) {
            (first, None) => Some(first),
            _ => None,
        }
    }
}

/// The scalar shape over a foreign key column of a given nullability.
#[doc(hidden)]
pub trait ScalarShape {
    type Shape: Shape;
}

impl ScalarShape for diesel::sql_types::is_nullable::NotNull {
    type Shape = One;
}

impl ScalarShape for diesel::sql_types::is_nullable::IsNullable {
    type Shape = MaybeOne;
}

/// What every relationship knows about itself.
///
/// The derive states every literal fact the library reads at runtime in one
/// constant, [`DECL`](Self::DECL), and the rest is read off it: each
/// constant is a body rustc checks at every `cargo check`, and one is
/// cheaper than eight (measured). What the compile-time checks read is the
/// other one, `INFO`.
pub trait Relationship: 'static {
    /// The model the relationship is declared on.
    type Source;
    /// The model it leads to.
    type Target;
    /// What the declaration states: names, options, where it stands.
    const DECL: Declared;
    /// What the compile-time checks read of it (and of the other side of
    /// its pair); not an API.
    #[doc(hidden)]
    const INFO: crate::declaring::facts::RelInfo;
    /// The foreign key column, `table.column`, as messages print it (for a
    /// many-to-many, the association table). A constant: a collection's
    /// declaration reads it off the other side of its `back_populates`.
    const FOREIGN_KEY: &'static str = Self::DECL.foreign_key;

    /// `Model.relationship`, as messages print it.
    fn full_name() -> &'static str {
        Self::DECL.full_name()
    }

    /// The target model's name, as messages print it.
    fn target_name() -> &'static str {
        Self::DECL.target()
    }
}

/// The parent-side column a relationship joins on, and how to read its
/// value off a parent row: [`ByPrimaryKey`] (the usual case), or a UNIQUE
/// column the foreign key references instead (`references = owners::number`,
/// Django's `to_field`), whose value type may differ from the primary key's.
/// One mechanism for every kind that joins a foreign key to a parent.
pub trait ParentColumn<M>: 'static {
    /// The parent's column (a Diesel column type).
    type Column;
    /// Its value, which the children's foreign key holds.
    type Value: Clone + Eq + Hash + Debug + Send + Sync + 'static;
    /// The value of `parent`'s column.
    fn value(parent: &M) -> Self::Value;
    /// The column's SQL name, as the registry records it.
    fn column_name() -> &'static str;
}

/// The relationship joins on the parent's primary key.
pub struct ByPrimaryKey;

impl<M: Model> ParentColumn<M> for ByPrimaryKey {
    type Column = <M::Table as diesel::Table>::PrimaryKey;
    type Value = M::Key;
    fn value(parent: &M) -> M::Key {
        parent.primary_key()
    }
    fn column_name() -> &'static str {
        M::PRIMARY_KEY.first().map_or("", |k| k.name)
    }
}

/// The relationship joins on a UNIQUE column of the parent other than its
/// primary key, as the derive states it for `references = table::column`
/// (on the relationship's marker type).
#[doc(hidden)]
pub trait ReferencedColumn<M>: 'static {
    /// The parent's column.
    type Column: Column;
    /// The Rust type of its field.
    type Value: Clone + Eq + Hash + Debug + Send + Sync + 'static;
    /// The field's value on `parent`.
    fn value(parent: &M) -> Self::Value;
}

/// A [`ParentColumn`] over a [`ReferencedColumn`] the derive declared on
/// marker `D`.
pub struct Referenced<D>(std::marker::PhantomData<D>);

impl<M, D: ReferencedColumn<M>> ParentColumn<M> for Referenced<D> {
    type Column = D::Column;
    type Value = D::Value;
    fn value(parent: &M) -> D::Value {
        D::value(parent)
    }
    fn column_name() -> &'static str {
        <D::Column as Column>::NAME
    }
}

/// The parent key value type of a one-to-many or one-to-one declaration.
pub type ParentValue<R> =
    <<R as OneToManyDecl>::Parent as ParentColumn<<R as Relationship>::Source>>::Value;

/// What the handle of a collection or one-to-one holds: the parent key
/// value its children's foreign key holds, read off the source as its
/// declaration's [`OneToManyDecl::Parent`] says. Asks only the declaration,
/// so that the accessor costs rustc little.
pub trait ParentKeyed: Relationship<Source: Model> {
    /// The value of the source's referenced column.
    type ParentKey: Clone + Debug + Eq + Hash + Send + Sync + 'static;
    /// Reads it off `source`.
    fn parent_key(source: &Self::Source) -> Self::ParentKey;
}

impl<R: OneToManyDecl> ParentKeyed for R {
    type ParentKey = ParentValue<R>;
    fn parent_key(source: &R::Source) -> ParentValue<R> {
        <R::Parent as ParentColumn<R::Source>>::value(source)
    }
}

/// What a collection's declaration states (the derive implements it):
/// the foreign key on the target's table, the order, the cascade.
/// [`OneToMany`] builds the queries from it.
pub trait OneToManyDecl: Relationship<Source: Model, Target: Model> {
    /// The foreign key column on the target's table.
    type ForeignKey: Column + Default;
    /// The source's column the foreign key references ([`ByPrimaryKey`]
    /// unless declared with `references`).
    type Parent: ParentColumn<Self::Source>;
    /// The `order_by` of the declaration as a type ([`OrderBy`]; the
    /// target's primary key if none).
    type Order: OrderBy;
    /// The parent key a loaded child holds (`None` when its key is NULL).
    fn parent_key_of(child: &Self::Target) -> Option<ParentValue<Self>>;
}

/// What a one-to-one's declaration adds to its [`OneToManyDecl`]: whether
/// the target is required. (Not a subtrait of it: where the target is no
/// model, that is one error at the target, not a second one here.)
pub trait OneToOneDecl: Relationship {
    /// [`One`] when declared required, [`MaybeOne`] when optional.
    type Shape: Shape;
}

/// What a scalar's declaration states (the derive implements it): the
/// foreign key on the source's table and how to read it off a row.
/// [`ManyToOne`] builds the queries from it.
pub trait ManyToOneDecl: Relationship<Target: Model> {
    /// The foreign key's value, without `Option`.
    type Key: Clone + Debug + Send + Sync + 'static;
    /// The foreign key column on the source's table.
    type ForeignKey: Column + Default;
    /// The target's column the foreign key references ([`ByPrimaryKey`]
    /// unless declared with `references`).
    type Parent: ParentColumn<Self::Target>;
    /// [`One`] for a required relationship, [`MaybeOne`] for an optional one.
    type Shape: Shape;
    /// The source's foreign key value, `None` when it is NULL.
    fn foreign_key(source: &Self::Source) -> Option<Self::Key>;
}

/// What a many-to-one through a composite foreign key states (the derive
/// implements it for `foreign_key = (a, b)`): the source's columns, in the
/// order of the target's primary key they reference, and how to read them
/// off a row. A trait of its own rather than [`ManyToOneDecl`], whose
/// foreign key is one column: a single-column declaration's code and its
/// cost to rustc stay as they are. `crate::lazy::ToOneRow` loads it.
pub trait ManyToOneRowDecl: Relationship<Source: Model, Target: Model> {
    /// The foreign key columns on the source's table, a tuple.
    type ForeignKey: Default;
    /// [`One`] for a required relationship, [`MaybeOne`] for an optional one.
    type Shape: Shape;
    /// The source's foreign key, as the target's key; `None` when any of
    /// its columns is NULL (SQL's MATCH SIMPLE: such a row references
    /// nothing).
    fn foreign_key(source: &Self::Source) -> Option<<Self::Target as Model>::Key>;
}

/// What a collection through a composite foreign key states (the derive
/// implements it for `foreign_key = (children::a, children::b)` on the
/// parent): the target's columns that reference the source's composite
/// primary key, in its order, and how to read them off a child.
/// `crate::composite::ToManyRows` loads it.
pub trait OneToManyRowDecl: Relationship<Source: Model, Target: Model> {
    /// The foreign key columns on the target's table, a tuple.
    type ForeignKey: Default;
    /// The `order_by` of the declaration as a type ([`OrderBy`]; the
    /// target's primary key, [`ByKey`], if none).
    type Order: OrderBy;
    /// The parent key a loaded child holds, `None` when a column is NULL.
    fn parent_key_of(child: &Self::Target) -> Option<<Self::Source as Model>::Key>;
}

/// What a one-to-one through a composite foreign key adds to its
/// [`OneToManyRowDecl`] (the derive implements both for a scalar on the
/// side without the key, `detail: Option<Detail>, foreign_key =
/// (details::a, details::b)`, whose columns are UNIQUE together): whether
/// the target is required. `crate::composite_one::ToOneRowReverse` loads it.
pub trait OneToOneRowDecl: OneToManyRowDecl {
    /// [`One`] when declared required, [`MaybeOne`] when optional.
    type Shape: Shape;
}

/// What a many-to-many whose association table references a composite key
/// on one side or both states (the derive implements it for `secondary =
/// table((a, b), c)`): the association table and, per side, its column
/// or tuple of columns, in the order of that side's primary key.
/// `crate::composite_m2m::ToManyRowsThrough` loads it and writes its links.
pub trait ManyToManyRowDecl: Relationship<Source: Model, Target: Model> {
    /// The association table.
    type Secondary: diesel::Table + Default;
    /// Its column (a one-column key) or tuple of columns (a composite key)
    /// referencing the source's primary key.
    type SourceColumns: Default;
    /// Its column or tuple of columns referencing the target's primary key.
    type TargetColumns: Default;
    /// The association table's SQL name, as messages print it.
    const SECONDARY: &'static str;
}

/// Reads a composite foreign key off a row's fields as the target's key
/// `K`, a tuple: each field is the key's component or an `Option` of it
/// (see [`ForeignKeyValue`]), and one NULL makes the whole key `None`.
#[doc(hidden)]
pub trait RowKey<K> {
    fn row_key(self) -> Option<K>;
}

macro_rules! row_key {
    ($(($($f:ident $k:ident $i:tt),+))*) => {$(
        impl<'a, $($f,)+ $($k,)+> RowKey<($($k,)+)> for ($(&'a $f,)+)
        where
            $($f: ForeignKeyValue<$k>,)+
        {
            fn row_key(self) -> Option<($($k,)+)> {
                Some(($(self.$i.to_key()?,)+))
            }
        }
    )*};
}

row_key!((F0 K0 0, F1 K1 1)(F0 K0 0, F1 K1 1, F2 K2 2)(F0 K0 0, F1 K1 1, F2 K2 2, F3 K3 3));

/// What a many-to-many's declaration states (the derive implements it):
/// the association table's two columns, the order, and how it is written.
/// [`ManyToMany`] builds the queries from it.
pub trait ManyToManyDecl: Relationship<Source: Model, Target: Model> {
    /// The association table's column pointing at the source.
    type SourceColumn: Column + Default;
    /// The association table's column pointing at the target.
    type TargetColumn: Column + Default;
    /// The `order_by` of the declaration as a type ([`OrderBy`]; the
    /// target's primary key if none).
    type Order: OrderBy;
    /// See [`ManyToMany::EagerOrder`], as a type: `(ByColumn<source>,
    /// Order, ByColumn<target>)`, without `Order` when none is declared.
    type EagerOrder: OrderBy;
    /// How lazy loading reaches the targets: [`ThroughSubquery`], or
    /// [`ThroughJoin`] when the `order_by` names a column of the association
    /// table, which the query must then have in its FROM.
    type Lazy;
    /// The source's column [`ManyToManyDecl::SourceColumn`] references:
    /// [`ByPrimaryKey`], or a UNIQUE column declared with `references =
    /// (source_table::column, ..)`.
    type SourceParent: ParentColumn<Self::Source>;
    /// The target's column [`ManyToManyDecl::TargetColumn`] references:
    /// [`ByPrimaryKey`], or a UNIQUE column declared with `references =
    /// (.., target_table::column)`.
    type TargetParent: ParentColumn<Self::Target>;
}

/// The value a many-to-many's association rows hold for the source: its
/// primary key, or the UNIQUE column its `references` names.
pub type LinkSourceKey<R> =
    <<R as ManyToManyDecl>::SourceParent as ParentColumn<<R as Relationship>::Source>>::Value;
/// The value a many-to-many's association rows hold for the target.
pub type LinkTargetKey<R> =
    <<R as ManyToManyDecl>::TargetParent as ParentColumn<<R as Relationship>::Target>>::Value;
/// The source's column a many-to-many's association rows reference.
pub type LinkSourceRef<R> =
    <<R as ManyToManyDecl>::SourceParent as ParentColumn<<R as Relationship>::Source>>::Column;
/// The target's column a many-to-many's association rows reference.
pub type LinkTargetRef<R> =
    <<R as ManyToManyDecl>::TargetParent as ParentColumn<<R as Relationship>::Target>>::Column;

/// What a many-to-many's association rows hold for each side, read off a
/// source or a target row as its declaration says ([`ManyToManyDecl::SourceParent`],
/// [`ManyToManyDecl::TargetParent`]): the primary keys, or the UNIQUE
/// columns its `references` names. Asks only the declaration, so that the
/// accessor's handle costs rustc little (as [`ParentKeyed`]).
pub trait LinkKeyed: Relationship<Source: Model, Target: Model> {
    /// The value the association rows hold for a source.
    type SourceKey: Clone + Debug + Eq + Hash + Send + Sync + 'static;
    /// The value the association rows hold for a target.
    type TargetKey: Clone + Debug + Eq + Hash + Send + Sync + 'static;
    /// Reads it off `source`.
    fn source_key(source: &Self::Source) -> Self::SourceKey;
    /// Reads it off `target`.
    fn target_key(target: &Self::Target) -> Self::TargetKey;
}

impl<R: ManyToManyDecl> LinkKeyed for R {
    type SourceKey = LinkSourceKey<R>;
    type TargetKey = LinkTargetKey<R>;
    fn source_key(source: &R::Source) -> LinkSourceKey<R> {
        <R::SourceParent as ParentColumn<R::Source>>::value(source)
    }
    fn target_key(target: &R::Target) -> LinkTargetKey<R> {
        <R::TargetParent as ParentColumn<R::Target>>::value(target)
    }
}

/// The end of a many-to-many's eager order where no `order_by` is
/// declared: the association's target column `T`, which orders the targets
/// by their key where it holds the key ([`ByPrimaryKey`]); where it holds
/// a UNIQUE column ([`Referenced`]), the target's key `O` first, so that
/// eager loading gives each source's targets in the order lazy loading
/// does.
#[doc(hidden)]
pub trait LinkOrderTail<O, T> {
    /// The order after the source column.
    type Order: OrderBy;
}

impl<O, T: OrderBy> LinkOrderTail<O, T> for ByPrimaryKey {
    type Order = T;
}

impl<D, O: OrderBy, T: OrderBy> LinkOrderTail<O, T> for Referenced<D> {
    type Order = (O, T);
}

/// One side of a many-to-many whose association column references a UNIQUE
/// column other than the primary key: the derive states that column
/// ([`ReferencedColumn`]) on `LinkEnd<marker, false>` for the source and
/// `LinkEnd<marker, true>` for the target, read through [`Referenced`].
#[doc(hidden)]
pub struct LinkEnd<D, const TARGET: bool>(std::marker::PhantomData<D>);

/// A many-to-many's lazy load as `target.pk IN (SELECT target_column FROM
/// secondary WHERE source_column = key)`: each target once.
pub struct ThroughSubquery;

/// A many-to-many's lazy load as `target JOIN secondary .. WHERE
/// source_column = key`, for an `order_by` on the association table's
/// columns: a target once per association row, of which the loader keeps the
/// first in the order.
pub struct ThroughJoin;

/// A collection on the parent: `invoices: Vec<Invoice>`.
///
/// The foreign key lives on the target's table and points at the source's
/// primary key. A one-to-one seen from the side without the foreign key is
/// the same shape with at most one child (see [`OneToOne`]).
pub trait OneToMany:
    Relationship<Source: Model, Target: Model> + ParentKeyed<ParentKey = <Self as OneToMany>::Key>
{
    /// The parent key value the children's foreign key holds: the source's
    /// primary key, or the column it references ([`OneToManyDecl::Parent`]).
    type Key: Clone + Debug + Eq + Hash + Send + Sync + 'static;
    /// The foreign key column on the target's table.
    type ForeignKey: Column + Default;
    /// The target rows whose foreign key equals a key, unordered, so that
    /// `.count()` and other aggregates work on every backend.
    type Query;
    /// The `order_by` of the declaration (the target's primary key if none).
    type Order: diesel::Expression;
    /// `fk.eq(key)`: what a child row is given to belong to the parent.
    type Assign;
    /// `SELECT pk FROM target WHERE fk IN (keys)`.
    type ChildKeys;
    /// `UPDATE target SET fk = NULL WHERE fk IN (keys)`.
    type Nullify;
    /// `UPDATE target SET fk = NULL WHERE pk = child AND fk = key`.
    type Release;
    /// `SELECT COUNT(*) FROM target WHERE fk = key AND pk = child`.
    type IsMember;
    /// `SELECT .. FROM target WHERE fk IN (keys)`, for loading many parents'
    /// children in one query.
    type QueryMany;
    /// Whether the foreign key column admits NULL.
    const NULLABLE: bool;
    /// What deleting the parent, or removing a child, does to the children.
    const CASCADE: Cascade;

    /// The key the children of `source` hold (its referenced column).
    fn key(source: &Self::Source) -> Self::Key;
    /// `SELECT .. FROM target WHERE fk = key`.
    fn query(key: Self::Key) -> Self::Query;
    /// The ordering expression.
    fn order() -> Self::Order;
    /// `fk.eq(key)`, for inserting children.
    fn assign(key: Self::Key) -> Self::Assign;
    /// See [`OneToMany::ChildKeys`].
    fn child_keys(keys: Vec<Self::Key>) -> Self::ChildKeys;
    /// See [`OneToMany::Nullify`].
    fn nullify(keys: Vec<Self::Key>) -> Self::Nullify;
    /// See [`OneToMany::Release`].
    fn release(key: Self::Key, child: <Self::Target as Model>::Key) -> Self::Release;
    /// See [`OneToMany::IsMember`].
    fn is_member(key: Self::Key, child: <Self::Target as Model>::Key) -> Self::IsMember;
    /// See [`OneToMany::QueryMany`].
    fn query_many(keys: Vec<Self::Key>) -> Self::QueryMany;
    /// The parent key a loaded child holds (`None` when its key is NULL).
    fn parent_key_of(child: &Self::Target) -> Option<Self::Key>;
}

/// A scalar on the side without the foreign key: `favourite: Option<Favourite>`
/// (SQLAlchemy's `uselist=False`). The foreign key on the target is UNIQUE.
pub trait OneToOne: OneToMany {
    /// `Target` when declared required, `Option<Target>` when optional.
    type Output;
    /// [`One`] when declared required, [`MaybeOne`] when optional.
    type Shape: Shape;
    /// Wraps a found target.
    fn found(target: Self::Target) -> Self::Output;
    /// The value when no target exists: `Some(None)` where optional, `None`
    /// where required (which is then an error).
    fn absent() -> Option<Self::Output>;
}

/// A scalar on the child: `customer: Customer` or `customer: Option<Customer>`.
///
/// The foreign key lives on the source's own table.
pub trait ManyToOne: ManyToOneDecl {
    /// The target's referenced column name, as messages print it.
    const TARGET_KEY: &'static str;
    /// `Target` for a required relationship, `Option<Target>` for an optional one.
    type Output;
    /// Wraps a found target.
    fn found(target: Self::Target) -> Self::Output;
    /// The value for a NULL foreign key: `Some(None)` where optional, `None`
    /// where required (which is then an error).
    fn null() -> Option<Self::Output>;
    /// The target row with a given primary key.
    type Query;
    /// `SELECT .. FROM target WHERE pk IN (keys)`, for many sources at once.
    type QueryMany;

    /// See [`ManyToOne::QueryMany`].
    fn query_many(keys: Vec<Self::Key>) -> Self::QueryMany;
    /// `SELECT .. FROM target WHERE pk = key`.
    fn query(key: Self::Key) -> Self::Query;
}

/// A collection through an association table (`secondary`):
/// `authors: Vec<Author>` over `authors_books(book_id, author_id)`.
pub trait ManyToMany: LinkKeyed {
    /// The source's column the association rows reference, and how its
    /// value is read ([`ManyToManyDecl::SourceParent`]).
    type SourceLink: ParentColumn<Self::Source, Value = Self::SourceKey, Column: Default>;
    /// The target's column the association rows reference
    /// ([`ManyToManyDecl::TargetParent`]).
    type TargetLink: ParentColumn<Self::Target, Value = Self::TargetKey, Column: Default>;
    /// The association table's column pointing at the source.
    type SourceColumn: Column + Default;
    /// The association table's column pointing at the target.
    type TargetColumn: Column + Default;
    /// The targets linked to a source key, unordered.
    type Query;
    /// The `order_by` of the declaration (the target's primary key if none).
    type Order: diesel::Expression;
    /// `SELECT target_column FROM secondary WHERE source_column = key`.
    type Linked;
    /// `DELETE FROM secondary WHERE source_column IN (keys)`.
    type UnlinkSources;
    /// `SELECT .. FROM target JOIN secondary ON .. WHERE source_column IN
    /// (keys)`: many sources' targets in one query (the caller selects the
    /// source column with each target).
    type QueryMany;
    /// The association table's SQL name, as messages print it.
    const SECONDARY: &'static str;
    /// Whether the relationship only reads (an association object's table,
    /// whose rows carry columns of their own): its link rows are written
    /// through the association object's model instead.
    const VIEWONLY: bool;
    /// `passive_deletes`: the database removes the association rows itself.
    const PASSIVE_DELETES: bool;

    /// See [`ManyToMany::Query`].
    fn query(key: Self::SourceKey) -> Self::Query;
    /// The ordering expression.
    fn order() -> Self::Order;
    /// The query lazy loading orders and loads: [`ManyToMany::Query`], or,
    /// where the `order_by` names a column of the association table, the
    /// targets joined with their association rows (see [`ThroughJoin`]).
    type Loaded;
    /// Whether [`ManyToMany::Loaded`] is the join, which returns a target
    /// once per association row: the loaders keep the first.
    const JOINED: bool;
    /// See [`ManyToMany::Loaded`].
    fn loaded(key: Self::SourceKey) -> Self::Loaded;
    /// See [`ManyToMany::Linked`].
    fn linked(key: Self::SourceKey) -> Self::Linked;
    /// See [`ManyToMany::UnlinkSources`].
    fn unlink_sources(keys: Vec<Self::SourceKey>) -> Self::UnlinkSources;
    /// See [`ManyToMany::QueryMany`].
    fn query_many(keys: Vec<Self::SourceKey>) -> Self::QueryMany;
    /// `SELECT source_column, target_column FROM secondary WHERE
    /// source_column IN (keys)`: the links of many sources.
    type LinkedMany;
    /// `ORDER BY` for loading many sources' targets: the source column, the
    /// relationship's `order_by` if declared, the target column. The
    /// association table's columns keep a target's repeated links together
    /// and let its indexes deliver the rows in order.
    type EagerOrder: diesel::Expression;
    /// See [`ManyToMany::EagerOrder`].
    fn eager_order() -> Self::EagerOrder;
    /// See [`ManyToMany::LinkedMany`].
    fn linked_many(keys: Vec<Self::SourceKey>) -> Self::LinkedMany;
}

/// Finds a model's relationship by name, across modules.
///
/// `N` is [`Name`] of a hash of the relationship's name: the derive of one
/// model reaches the other side of a `back_populates` pair through it,
/// wherever that model is defined. A relationship declared by a `backref`
/// is keyed apart (`checks::BackrefName`), so that a backref taking a name
/// the model declares itself is the checker's message, not a conflict.
pub trait HasRelationship<N> {
    /// The marker type of the relationship.
    type Rel: Relationship;
}

/// A relationship name at the type level (FNV-1a hash of the name).
#[doc(hidden)]
pub struct Name<const HASH: u64>;

/// An `order_by` as a type: the derive names it (`ByColumn<invoices::id>`,
/// `Descending<ByColumn<..>>`, tuples of those, `ByKey<table>` when none is
/// declared) and the library builds the expression, so a declaration needs
/// no function body of its own for rustc to check.
pub trait OrderBy {
    /// The Diesel ordering expression.
    type Expr;
    /// Builds it.
    fn expr() -> Self::Expr;
}

/// Orders by a table's primary key: a collection with no `order_by`.
pub struct ByKey<T>(std::marker::PhantomData<T>);

impl<T: diesel::Table + Default> OrderBy for ByKey<T> {
    type Expr = T::PrimaryKey;
    fn expr() -> T::PrimaryKey {
        T::default().primary_key()
    }
}

/// `order_by = table::column`.
pub struct ByColumn<C>(std::marker::PhantomData<C>);

impl<C: Column + Default> OrderBy for ByColumn<C> {
    type Expr = C;
    fn expr() -> C {
        C::default()
    }
}

/// `order_by = <order>.asc()`.
pub struct Ascending<O>(std::marker::PhantomData<O>);

impl<O> OrderBy for Ascending<O>
where
    O: OrderBy<Expr: diesel::ExpressionMethods>,
{
    type Expr = diesel::dsl::Asc<O::Expr>;
    fn expr() -> Self::Expr {
        diesel::ExpressionMethods::asc(O::expr())
    }
}

/// `order_by = <order>.desc()`.
pub struct Descending<O>(std::marker::PhantomData<O>);

impl<O> OrderBy for Descending<O>
where
    O: OrderBy<Expr: diesel::ExpressionMethods>,
{
    type Expr = diesel::dsl::Desc<O::Expr>;
    fn expr() -> Self::Expr {
        diesel::ExpressionMethods::desc(O::expr())
    }
}

macro_rules! order_by_tuples {
    ($(($($o:ident),+))*) => {
        $(impl<$($o: OrderBy),+> OrderBy for ($($o,)+) {
            type Expr = ($($o::Expr,)+);
            fn expr() -> Self::Expr {
                ($($o::expr(),)+)
            }
        })*
    };
}

order_by_tuples!((A)(A, B)(A, B, C)(A, B, C, D)(A, B, C, D, E)(
    A, B, C, D, E, F
));
