//! The registry: every relationship declared anywhere in the program.
//!
//! Each `#[derive(Relations)]` places one constructor, run before `main`,
//! that links its model's [`ModelInfo`] and a [`RelationshipInfo`] for
//! every relationship it generates (backrefs included) into one list, so whole-program
//! checks, `verify(conn)` and the diagram export see every model without a
//! hand-maintained list. The entries are plain data (names, tables,
//! columns), built by functions the first time the registry is read rather
//! than as statics, which rustc would evaluate at every `cargo check`.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() {
//! use diesel_relations::registry::{self, RelationshipKind};
//! let all = registry::relationships();
//! let invoices = all.iter().find(|r| r.full_name() == "Customer.invoices").unwrap();
//! assert_eq!(invoices.kind, RelationshipKind::OneToMany);
//! assert_eq!(invoices.foreign_key.unwrap().to_string(), "invoices.custid");
//! assert!(invoices.cascade.delete_orphan);
//! assert_eq!(registry::models().len(), 6);
//! # }
//! ```

use diesel::dsl::SqlTypeOf;
use std::sync::atomic::{AtomicPtr, Ordering};

pub use crate::declaring::facts::{Cascade, Declared, KeyColumn};

/// One column, as SQL names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ColumnRef {
    /// The schema `table!` qualifies the table with (`billing`), or `""`.
    pub schema: &'static str,
    /// The table's SQL name (`#[sql_name]` applied).
    pub table: &'static str,
    /// The column's SQL name.
    pub column: &'static str,
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.schema.is_empty() {
            write!(f, "{}.", self.schema)?;
        }
        write!(f, "{}.{}", self.table, self.column)
    }
}

/// The shape of a relationship, seen from the model that declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationshipKind {
    /// A collection; the foreign key is on the target's table.
    OneToMany,
    /// A scalar; the foreign key is on this model's table.
    ManyToOne,
    /// A scalar; the foreign key is on the target's table and UNIQUE.
    OneToOne,
    /// A collection through an association table.
    ManyToMany,
}

/// An association table of a many-to-many relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Secondary {
    /// The association table's SQL name.
    pub table: &'static str,
    /// Its column pointing at the declaring model's primary key.
    pub source_column: &'static str,
    /// Its column pointing at the target's primary key.
    pub target_column: &'static str,
}

/// Several columns of one table, in order: the columns of a composite
/// foreign key, or the key they reference.
///
/// ```
/// use diesel_relations::registry::{Columns, KeyColumn};
/// const KEY: &[KeyColumn] = &[
///     KeyColumn { name: "order_id", sql_type: "Integer", nullable: false },
///     KeyColumn { name: "line_no", sql_type: "Integer", nullable: false },
/// ];
/// let key = Columns { schema: "", table: "lines", columns: KEY };
/// assert_eq!(key.to_string(), "lines.(order_id, line_no)");
/// assert_eq!(key.column(1).unwrap().to_string(), "lines.line_no");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Columns {
    /// The schema `table!` qualifies the table with, or `""`.
    pub schema: &'static str,
    /// The table's SQL name.
    pub table: &'static str,
    /// The columns' SQL names and Diesel SQL types (without `Nullable`), in
    /// order.
    pub columns: &'static [KeyColumn],
}

impl Columns {
    /// The `i`-th column as a [`ColumnRef`].
    pub fn column(&self, i: usize) -> Option<ColumnRef> {
        self.columns.get(i).map(|c| ColumnRef {
            schema: self.schema,
            table: self.table,
            column: c.name,
        })
    }

    /// Every column as a [`ColumnRef`], in order.
    pub fn refs(&self) -> impl Iterator<Item = ColumnRef> + '_ {
        (0..self.columns.len()).filter_map(|i| self.column(i))
    }

    /// The columns' names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

impl std::fmt::Display for Columns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.schema.is_empty() {
            write!(f, "{}.", self.schema)?;
        }
        write!(f, "{}.({})", self.table, self.names().join(", "))
    }
}

/// A foreign key of several columns (`foreign_key = (order_id, line_no)`)
/// and the key it references, column `i` to column `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompositeKey {
    /// The foreign key's columns, in the order of the key they reference.
    pub columns: Columns,
    /// The referenced key (the other model's primary key).
    pub references: Columns,
}

/// The association table of a many-to-many with a composite key on one
/// side or both (`secondary = t((a, b), c)`): each side's columns, one or
/// several, with the key they reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompositeSecondary {
    /// The association table's SQL name.
    pub table: &'static str,
    /// Its columns referencing the declaring model's primary key.
    pub to_source: CompositeKey,
    /// Its columns referencing the target's primary key.
    pub to_target: CompositeKey,
}

/// Everything the program declared about one relationship.
#[derive(Debug, Clone, Copy)]
pub struct RelationshipInfo {
    /// The declaring model (`Customer`).
    pub model: &'static str,
    /// The module of the model the relationship is on (`app::models`); with
    /// `model` it tells two models of the same name apart.
    pub module: &'static str,
    /// The relationship's name (`invoices`).
    pub name: &'static str,
    /// The declaring model's table.
    pub table: &'static str,
    /// The target model (`Invoice`).
    pub target: &'static str,
    /// The target's table.
    pub target_table: &'static str,
    /// Which side of which kind of relationship this is, which decides
    /// where its foreign key lives.
    pub kind: RelationshipKind,
    /// The foreign key column (for many-to-many: none, see `secondary`;
    /// for a composite foreign key: none, see `composite`).
    pub foreign_key: Option<ColumnRef>,
    /// The column the foreign key references (a primary key); none for a
    /// composite foreign key.
    pub references: Option<ColumnRef>,
    /// The association table of a many-to-many (of one column per side;
    /// see `composite_secondary` for the others).
    pub secondary: Option<Secondary>,
    /// A foreign key of several columns (`foreign_key = (a, b)`: a
    /// many-to-one, a collection or a one-to-one through it), with the key
    /// it references; `foreign_key` and `references` are then `None`.
    pub composite: Option<CompositeKey>,
    /// A many-to-many whose association table references a composite key
    /// (`secondary = t((a, b), c)`); `secondary` is then `None`.
    pub composite_secondary: Option<CompositeSecondary>,
    /// Whether the foreign key column (of a composite key: any of them) is
    /// nullable in the Diesel schema.
    pub nullable: bool,
    /// The Diesel SQL type of the foreign key column without `Nullable`
    /// (`Integer`, see [`SqlTypeName`](crate::SqlTypeName)); for a
    /// many-to-many, of the association table's `source_column`; `""` for
    /// a composite key, whose columns carry their types. `verify`
    /// compares it with the live column's type.
    pub sql_type: &'static str,
    /// The relationship on the target this one pairs with, if declared.
    pub back_populates: Option<&'static str>,
    /// What a delete of the declaring model does to the targets.
    pub cascade: Cascade,
    /// Reads only (`viewonly`): writes nothing, so it overlaps nothing.
    pub viewonly: bool,
    /// The `order_by` as written, if any.
    pub order_by: Option<&'static str>,
    /// Where it was declared, `file:line`.
    pub declared_at: &'static str,
}

impl RelationshipInfo {
    /// `Model.name`, as messages print it.
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.model, self.name)
    }

    /// `Model.name`, or `module::Model.name` where another module of `all`
    /// declares a model of the same name: a report names each relationship
    /// once and unambiguously.
    pub fn display_name(&self, all: &[&RelationshipInfo]) -> String {
        let ambiguous = all
            .iter()
            .any(|r| r.model == self.model && r.module != self.module);
        if ambiguous {
            let module = self.module.rsplit("::").next().unwrap_or(self.module);
            format!("{module}::{}", self.full_name())
        } else {
            self.full_name()
        }
    }
}

/// A model deriving `Relations`, with or without relationships.
///
/// The diagram draws every model from these, and `verify` finds the primary
/// key a many-to-many's association table points at.
#[derive(Debug, Clone, Copy)]
pub struct ModelInfo {
    /// The struct's name (`Customer`); two modules may reuse a name.
    pub model: &'static str,
    /// The module that declares it, which tells same-named models apart.
    pub module: &'static str,
    /// The table's SQL name.
    pub table: &'static str,
    /// The primary key columns, in order.
    pub primary_key: &'static [KeyColumn],
}

/// A model's entry, read off its [`Model::DECL`](crate::Model::DECL).
fn model_info<M: crate::Model>() -> ModelInfo {
    let d = M::DECL;
    ModelInfo {
        model: d.model,
        module: d.module,
        table: d.table,
        primary_key: d.primary_key,
    }
}

/// One derive's registration, linked into [`REGISTERED`] before `main` by
/// the constructor the derive places ([`register`]).
struct Registration {
    model: fn() -> ModelInfo,
    relationships: fn() -> Vec<RelationshipInfo>,
    next: *const Registration,
}

/// The head of the registrations' list, the last one linked first.
static REGISTERED: AtomicPtr<Registration> = AtomicPtr::new(std::ptr::null_mut());

/// Links the registration of model `M` and its entries `L`: the
/// constructor a derive places in the platform's list of functions run
/// before `main` ([`register!`](crate::__register)). Generic, so that the
/// derive writes one static naming it and no body of its own.
#[doc(hidden)]
pub unsafe extern "C" fn register<M: crate::Model, L: Entries>() {
    let node = Box::leak(Box::new(Registration {
        model: model_info::<M>,
        relationships: entries::<L>,
        next: std::ptr::null(),
    }));
    let mut head = REGISTERED.load(Ordering::Acquire);
    loop {
        node.next = head;
        match REGISTERED.compare_exchange_weak(head, node, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => break,
            Err(now) => head = now,
        }
    }
}

/// Places a derive's constructor ([`register`]) where the platform runs it
/// before `main`: one `#[used]` static of a function pointer.
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($ctor:expr) => {
        #[used]
        #[cfg_attr(
            any(
                target_os = "linux",
                target_os = "android",
                target_os = "dragonfly",
                target_os = "freebsd",
                target_os = "haiku",
                target_os = "illumos",
                target_os = "netbsd",
                target_os = "nto",
                target_os = "openbsd",
                target_os = "redox",
                target_os = "vxworks",
                target_os = "none",
                target_family = "wasm",
            ),
            link_section = ".init_array"
        )]
        #[cfg_attr(
            any(target_os = "macos", target_os = "ios"),
            link_section = "__DATA,__mod_init_func,mod_init_funcs"
        )]
        #[cfg_attr(windows, link_section = ".CRT$XCU")]
        static __DR_REGISTER: unsafe extern "C" fn() = $ctor;
    };
}

/// Every registration's entries, built once.
fn registered() -> &'static (Vec<ModelInfo>, Vec<RelationshipInfo>) {
    static ALL: std::sync::OnceLock<(Vec<ModelInfo>, Vec<RelationshipInfo>)> =
        std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut models = Vec::new();
        let mut relationships = Vec::new();
        let mut next = REGISTERED.load(Ordering::Acquire).cast_const();
        // SAFETY: every node is leaked by `register` and linked once, its
        // `next` written before it was published.
        while let Some(r) = unsafe { next.as_ref() } {
            models.push((r.model)());
            relationships.extend((r.relationships)());
            next = r.next;
        }
        (models, relationships)
    })
}

/// Every relationship declared in the program, in a stable order
/// (by module, model, then name).
pub fn relationships() -> Vec<&'static RelationshipInfo> {
    let mut all: Vec<_> = registered().1.iter().collect();
    all.sort_by_key(|r| (r.module, r.model, r.name));
    all
}

/// Every model deriving `Relations` in the program, by name, then module.
pub fn models() -> Vec<&'static ModelInfo> {
    let mut all: Vec<_> = registered().0.iter().collect();
    all.sort_by_key(|m| (m.model, m.module));
    all
}

/// `table.column` of a column on `M`'s table.
fn column_of<M: crate::Model, C: diesel::Column>() -> ColumnRef {
    ColumnRef {
        schema: M::DECL.schema,
        table: M::TABLE,
        column: C::NAME,
    }
}

/// The column of `M` a relationship joins on ([`ParentColumn`]): its
/// primary key, or the UNIQUE column of its `references`.
///
/// [`ParentColumn`]: crate::relationship::ParentColumn
fn referenced_of<M: crate::Model, P: crate::relationship::ParentColumn<M>>() -> ColumnRef {
    ColumnRef {
        schema: M::DECL.schema,
        table: M::TABLE,
        column: P::column_name(),
    }
}

/// A registry entry built from the relationship's marker type: the derive
/// names the types ([`Entries`]), and nothing per relationship is a body
/// for rustc to check.
#[doc(hidden)]
pub trait Entry {
    fn info() -> RelationshipInfo;
}

/// A type-level list of [`Entry`]s, `(A, (B, ()))`.
#[doc(hidden)]
pub trait Entries {
    fn push(into: &mut Vec<RelationshipInfo>);
}

impl Entries for () {
    fn push(_: &mut Vec<RelationshipInfo>) {}
}

impl<E: Entry, Rest: Entries> Entries for (E, Rest) {
    fn push(into: &mut Vec<RelationshipInfo>) {
        into.push(E::info());
        Rest::push(into);
    }
}

/// The entries of one derive, for its registration.
fn entries<L: Entries>() -> Vec<RelationshipInfo> {
    let mut all = Vec::new();
    L::push(&mut all);
    all
}

/// A collection's entry, or with `ONE` a one-to-one's (the key on the
/// target's table either way).
#[doc(hidden)]
pub struct OneToManyEntry<R, const ONE: bool>(core::marker::PhantomData<R>);
/// A scalar's entry (the key on its own table).
#[doc(hidden)]
pub struct ManyToOneEntry<R>(core::marker::PhantomData<R>);
/// A many-to-many's entry.
#[doc(hidden)]
pub struct ManyToManyEntry<R>(core::marker::PhantomData<R>);

/// The entry's declared part.
fn declared<R>(kind: RelationshipKind) -> RelationshipInfo
where
    R: crate::Relationship<Source: crate::Model, Target: crate::Model>,
{
    let d = R::DECL;
    RelationshipInfo {
        model: d.model(),
        module: <R::Source as crate::Model>::DECL.module,
        name: d.name(),
        table: <R::Source as crate::Model>::TABLE,
        target: d.target(),
        target_table: <R::Target as crate::Model>::TABLE,
        kind,
        foreign_key: None,
        references: None,
        secondary: None,
        composite: None,
        composite_secondary: None,
        nullable: false,
        sql_type: "",
        back_populates: d.back_populates(),
        cascade: d.cascade(),
        viewonly: d.viewonly(),
        order_by: d.order_by(),
        declared_at: d.declared_at(),
    }
}

impl<R, const ONE: bool> Entry for OneToManyEntry<R, ONE>
where
    R: crate::relationship::OneToManyDecl,
    SqlTypeOf<R::ForeignKey>:
        crate::SqlTypeName + diesel::sql_types::SqlType<IsNull: crate::relationship::Nullability>,
{
    fn info() -> RelationshipInfo {
        let kind = if ONE {
            RelationshipKind::OneToOne
        } else {
            RelationshipKind::OneToMany
        };
        RelationshipInfo {
            foreign_key: Some(column_of::<R::Target, R::ForeignKey>()),
            references: Some(referenced_of::<R::Source, R::Parent>()),
            nullable: <<SqlTypeOf<R::ForeignKey> as diesel::sql_types::SqlType>::IsNull as crate::relationship::Nullability>::NULLABLE,
            sql_type: <SqlTypeOf<R::ForeignKey> as crate::SqlTypeName>::NAME,
            ..declared::<R>(kind)
        }
    }
}

impl<R> Entry for ManyToOneEntry<R>
where
    R: crate::relationship::ManyToOneDecl<Source: crate::Model>,
    SqlTypeOf<R::ForeignKey>:
        crate::SqlTypeName + diesel::sql_types::SqlType<IsNull: crate::relationship::Nullability>,
{
    fn info() -> RelationshipInfo {
        RelationshipInfo {
            foreign_key: Some(column_of::<R::Source, R::ForeignKey>()),
            references: Some(referenced_of::<R::Target, R::Parent>()),
            nullable: <<SqlTypeOf<R::ForeignKey> as diesel::sql_types::SqlType>::IsNull as crate::relationship::Nullability>::NULLABLE,
            sql_type: <SqlTypeOf<R::ForeignKey> as crate::SqlTypeName>::NAME,
            ..declared::<R>(RelationshipKind::ManyToOne)
        }
    }
}

impl<R> Entry for ManyToManyEntry<R>
where
    R: crate::relationship::ManyToManyDecl,
    SqlTypeOf<R::SourceColumn>: crate::SqlTypeName,
    <R::SourceColumn as diesel::Column>::Table: crate::relationship::SqlTableName,
{
    fn info() -> RelationshipInfo {
        RelationshipInfo {
            secondary: Some(Secondary {
                table: <<R::SourceColumn as diesel::Column>::Table as crate::relationship::SqlTableName>::NAME,
                source_column: <R::SourceColumn as diesel::Column>::NAME,
                target_column: <R::TargetColumn as diesel::Column>::NAME,
            }),
            sql_type: <SqlTypeOf<R::SourceColumn> as crate::SqlTypeName>::NAME,
            ..declared::<R>(RelationshipKind::ManyToMany)
        }
    }
}

/// The columns of a relationship through a composite key, which the derive
/// states for its registry entry: the foreign key's columns (of a
/// many-to-many: the association table's columns to the source) and, for
/// a many-to-many, the columns to the target.
#[doc(hidden)]
pub trait RowColumns {
    /// The foreign key's columns, in the order of the key they reference.
    const COLUMNS: &'static [KeyColumn];
    /// A many-to-many's columns to its target; empty otherwise.
    const TARGET_COLUMNS: &'static [KeyColumn] = &[];
    /// Whether any of `COLUMNS` is nullable in the Diesel schema.
    const NULLABLE: bool;
}

/// Whether a column is `Nullable` in the Diesel schema, for
/// [`RowColumns::NULLABLE`].
#[doc(hidden)]
pub trait NullableColumn {
    const NULLABLE: bool;
}

impl<C> NullableColumn for C
where
    C: diesel::Expression,
    C::SqlType: diesel::sql_types::SqlType<IsNull: crate::relationship::Nullability>,
{
    const NULLABLE: bool = <<C::SqlType as diesel::sql_types::SqlType>::IsNull as crate::relationship::Nullability>::NULLABLE;
}

/// A composite many-to-one's entry (`foreign_key = (a, b)`).
#[doc(hidden)]
pub struct ManyToOneRowEntry<R>(core::marker::PhantomData<R>);
/// A composite collection's entry, or with `ONE` a one-to-one's.
#[doc(hidden)]
pub struct OneToManyRowEntry<R, const ONE: bool>(core::marker::PhantomData<R>);
/// The entry of a many-to-many through a composite key.
#[doc(hidden)]
pub struct ManyToManyRowEntry<R>(core::marker::PhantomData<R>);

/// `columns` on `M`'s table.
fn columns_of<M: crate::Model>(columns: &'static [KeyColumn]) -> Columns {
    Columns {
        schema: M::DECL.schema,
        table: M::TABLE,
        columns,
    }
}

impl<R> Entry for ManyToOneRowEntry<R>
where
    R: crate::relationship::ManyToOneRowDecl + RowColumns,
{
    fn info() -> RelationshipInfo {
        RelationshipInfo {
            composite: Some(CompositeKey {
                columns: columns_of::<R::Source>(R::COLUMNS),
                references: columns_of::<R::Target>(<R::Target as crate::Model>::PRIMARY_KEY),
            }),
            nullable: R::NULLABLE,
            ..declared::<R>(RelationshipKind::ManyToOne)
        }
    }
}

impl<R, const ONE: bool> Entry for OneToManyRowEntry<R, ONE>
where
    R: crate::relationship::OneToManyRowDecl + RowColumns,
{
    fn info() -> RelationshipInfo {
        let kind = if ONE {
            RelationshipKind::OneToOne
        } else {
            RelationshipKind::OneToMany
        };
        RelationshipInfo {
            composite: Some(CompositeKey {
                columns: columns_of::<R::Target>(R::COLUMNS),
                references: columns_of::<R::Source>(<R::Source as crate::Model>::PRIMARY_KEY),
            }),
            nullable: R::NULLABLE,
            ..declared::<R>(kind)
        }
    }
}

impl<R> Entry for ManyToManyRowEntry<R>
where
    R: crate::relationship::ManyToManyRowDecl + RowColumns,
{
    fn info() -> RelationshipInfo {
        let on_secondary = |columns| Columns {
            schema: "",
            table: R::SECONDARY,
            columns,
        };
        RelationshipInfo {
            composite_secondary: Some(CompositeSecondary {
                table: R::SECONDARY,
                to_source: CompositeKey {
                    columns: on_secondary(R::COLUMNS),
                    references: columns_of::<R::Source>(<R::Source as crate::Model>::PRIMARY_KEY),
                },
                to_target: CompositeKey {
                    columns: on_secondary(R::TARGET_COLUMNS),
                    references: columns_of::<R::Target>(<R::Target as crate::Model>::PRIMARY_KEY),
                },
            }),
            ..declared::<R>(RelationshipKind::ManyToMany)
        }
    }
}

/// The collections (and one-to-ones) other models declared onto `model`
/// with `backref`: `Team.players` for `Player.team .. backref = players`.
/// `model`'s own derive cannot see them, so a delete of its rows finds
/// them here (see `writing::cascade`). Leaves out any whose foreign key one
/// of `model`'s own relationships already answers for.
pub(crate) fn declared_onto(
    model: &crate::relationship::ModelDecl,
) -> Vec<&'static RelationshipInfo> {
    let on_model =
        |r: &&'static RelationshipInfo| r.model == model.model && r.module == model.module;
    let all = &registered().1;
    let own_keys: Vec<ColumnRef> = all
        .iter()
        .filter(on_model)
        .filter(|r| model.relationships.contains(&r.name))
        .filter_map(|r| r.foreign_key)
        .collect();
    all.iter()
        .filter(on_model)
        .filter(|r| {
            matches!(
                r.kind,
                RelationshipKind::OneToMany | RelationshipKind::OneToOne
            )
        })
        .filter(|r| !model.relationships.contains(&r.name))
        .filter(|r| r.foreign_key.is_some_and(|fk| !own_keys.contains(&fk)))
        .collect()
}
