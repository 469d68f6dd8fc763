//! The compile-time checker's half that lives in the library: what each
//! relationship tells the other side of its pair, the facts about foreign
//! keys the derive embeds, and the `const fn`s that judge them.
//!
//! `#[derive(Relations)]` generates, for every check, a free
//! `const _: () = assert_pair::<Marker>(..);` (an `assert_*` below, which
//! panics with the message of [`check_pair`] and the like).
//! Such a const is not generic, so rustc evaluates it under `cargo check`,
//! and the panic is the error the user reads, at the attribute that has the
//! mistake. The checks read the other model through [`Find`], which falls
//! back to "absent" instead of failing to compile when the other side has no
//! such relationship (an inherent associated const wins over a trait's when
//! its where clause holds, and the trait's default answers otherwise).
//!
//! Where the generated code needs a *type* from the other side (a
//! collection's foreign key column, a many-to-many's columns), it asks
//! [`Picks::Other`], chosen by an [`If`]`<{ the pair checks pass }>`: when
//! the pair is wrong, the type comes from [`Unpaired`] instead, so the only
//! error is the check's message.
//!
//! Nothing here is a public API.

use crate::relationship::{
    ForeignKeyValue, HasRelationship, ManyToManyDecl, ManyToOneDecl, Model, Relationship,
    SqlTableName,
};
use core::marker::PhantomData;
use diesel::internal::table_macro::NullableExpression;
use diesel::{Column, JoinTo, Table};

pub use crate::declaring::facts::{Col, MigrationColumn, RelInfo, Shape};

// ---------------------------------------------------------------------------
// What a relationship and a model tell the other side.

impl Col {
    pub const NONE: Col = Col {
        table: "",
        column: "",
    };

    pub const fn is_known(&self) -> bool {
        !self.table.is_empty() && !self.column.is_empty()
    }

    pub(crate) const fn same(&self, other: &Col) -> bool {
        eq_ci(self.table, other.table) && eq_ci(self.column, other.column)
    }
}

/// The [`Col`] of a Diesel column: generic, so that the generated code names
/// the column once (`ColOf::<invoices::custid>::COL`) and rustc checks the
/// body here, once, rather than in every derive.
pub struct ColOf<C>(PhantomData<C>);

impl<C: diesel::Column<Table: SqlTableName>> ColOf<C> {
    pub const COL: Col = Col {
        table: <C::Table as SqlTableName>::NAME,
        column: C::NAME,
    };
}

/// The [`Col`] of a model's primary key, as [`ColOf`]: the column its
/// `table!` declares as the key (what the queries join on), where that is
/// one column; the derive's (first) key column otherwise. Where the two
/// differ, [`assert_primary_key`] says so at the model.
pub struct KeyOf<M>(PhantomData<M>);

/// [`KeyOf`] of a model whose `table!` key is not one column.
pub trait KeyOfFallback {
    /// The derive's first key column.
    const COL: Col;
}

impl<M: Model> KeyOfFallback for KeyOf<M> {
    const COL: Col = Col {
        table: M::TABLE,
        column: M::PRIMARY_KEY[0].name,
    };
}

impl<M: Model> KeyOf<M>
where
    <M::Table as Table>::PrimaryKey: Column,
{
    pub const COL: Col = Col {
        table: M::TABLE,
        column: <<M::Table as Table>::PrimaryKey as Column>::NAME,
    };
}

impl RelInfo {
    /// Every fact unknown or absent: the derive writes what differs from it.
    pub const UNKNOWN: RelInfo = RelInfo::unresolved("", "", "", "");

    /// A relationship the derive could not resolve, for its message.
    pub const fn unresolved(
        model: &'static str,
        name: &'static str,
        target: &'static str,
        declared: &'static str,
    ) -> RelInfo {
        RelInfo {
            model,
            model_id: 0,
            name,
            name_id: 0,
            target,
            target_id: 0,
            table: "",
            target_table: "",
            declared,
            shape: Shape::OneToMany,
            back_populates: "",
            back_id: 0,
            foreign_key: Col::NONE,
            references: Col::NONE,
            referenced: false,
            key_types_match: true,
            key_types: ("", ""),
            joinable: false,
            nullable: false,
            secondary: "",
            secondary_columns: None,
            keys: (Col::NONE, Col::NONE),
            secondary_joinable: (false, false),
            poisoned: false,
            secondary_types_match: (true, true),
            secondary_types: ["", "", "", ""],
            field: ("", "", ""),
            claimed: 0,
        }
    }

    /// A relationship of a model whose derive reported a mistake: its name
    /// only, so that the other side of a pair finds it and says nothing.
    pub const fn poisoned(
        model: &'static str,
        model_id: u64,
        name: &'static str,
        name_id: u64,
    ) -> RelInfo {
        RelInfo {
            model_id,
            name_id,
            poisoned: true,
            ..RelInfo::unresolved(model, name, "", "")
        }
    }
}

/// `HasRelationship` key of a relationship declared by a `backref`: backrefs
/// are found by nothing else, so a backref that takes a name the model
/// already uses does not collide with it (the checker reports it instead).
pub struct BackrefName<const HASH: u64>;

// ---------------------------------------------------------------------------
// Probes: concrete answers in non-generic consts, never a compile error.

/// `Find::<Invoice, Name<..>>::INFO`: the relationship, or `None`.
pub struct Find<T, N>(PhantomData<(T, N)>);

pub trait FindFallback {
    const INFO: Option<RelInfo> = None;
}

impl<T, N> FindFallback for Find<T, N> {}

impl<T, N> Find<T, N>
where
    T: HasRelationship<N>,
{
    pub const INFO: Option<RelInfo> = Some(<T::Rel as Relationship>::INFO);
}

/// `Relationships::<Invoice>::NAMES`: the model's own relationship names.
pub struct Relationships<T>(PhantomData<T>);

pub trait RelationshipsFallback {
    const NAMES: &'static [&'static str] = &[];
    const ID: u64 = 0;
}

impl<T> RelationshipsFallback for Relationships<T> {}

impl<T: Model> Relationships<T> {
    pub const NAMES: &'static [&'static str] = T::DECL.relationships;
    pub const ID: u64 = T::DECL.id;
}

/// `impl Claim<Name<hash of "claim b a">> for Y {}`: the derive of a model
/// `X` whose relationship `a` leads to `Y` with `back_populates = b` writes
/// it, so that `Y.b`, whose own target lacks a relationship `a`, can tell
/// that it is `X.a`'s other side leading to the wrong model, which `X.a`'s
/// check reports ([`assert_pair`]). One name for the two (hashed by the
/// derive) and no item inside: the impl is all rustc checks (measured).
pub trait Claim<K> {}

/// `Claimed::<Y, Name<hash of "claim b a">>::CLAIMED`: whether a model
/// claims `Y.b` under the name `a` ([`Claim`]).
pub struct Claimed<T, K>(PhantomData<(T, K)>);

/// [`Claimed`]'s answer where no model claims the relationship: `false`.
pub trait ClaimedFallback {
    const CLAIMED: bool = false;
}

impl<T, K> ClaimedFallback for Claimed<T, K> {}

impl<T: Claim<K>, K> Claimed<T, K> {
    pub const CLAIMED: bool = true;
}

/// `TableOf::<Invoice>::NAME`: the model's table, or empty.
pub struct TableOf<T>(PhantomData<T>);

pub trait TableOfFallback {
    const NAME: &'static str = "";
}

impl<T> TableOfFallback for TableOf<T> {}

impl<T: Model> TableOf<T> {
    pub const NAME: &'static str = T::TABLE;
}

/// `Same::<A, B>::SAME`: whether two types are one.
pub struct Same<A, B>(PhantomData<(A, B)>);

pub trait SameFallback {
    const SAME: bool = false;
}

impl<A, B> SameFallback for Same<A, B> {}

impl<A> Same<A, A> {
    pub const SAME: bool = true;
}

/// A nullable foreign key has its key's type too (`Same::<Nullable<Integer>,
/// Integer>::SAME`): one probe rather than two.
impl<A> Same<diesel::sql_types::Nullable<A>, A> {
    pub const SAME: bool = true;
}

/// The Diesel SQL type of a column (Diesel's own alias, named here for the
/// generated code).
pub use diesel::dsl::SqlTypeOf;

/// Whether a column's Diesel SQL type is Nullable: generic, as [`ColOf`].
pub struct NullableOf<C>(PhantomData<C>);

impl<C> NullableOf<C>
where
    C: diesel::Expression<
        SqlType: diesel::sql_types::SqlType<IsNull: crate::relationship::Nullability>,
    >,
{
    pub const NULLABLE: bool = <<C::SqlType as diesel::sql_types::SqlType>::IsNull as crate::relationship::Nullability>::NULLABLE;
}

/// The Diesel SQL type of a model's primary key.
pub type KeySqlType<M> =
    <<<M as Model>::Table as Table>::PrimaryKey as diesel::Expression>::SqlType;

/// `JoinsOn::<invoices::custid, Customer>::JOINS`: whether a `joinable!`
/// joins the column's table to the model's on that column (declared in
/// either direction; `diesel print-schema` writes one for each table pair
/// linked by exactly one foreign key).
pub struct JoinsOn<F, M>(PhantomData<(F, M)>);

pub trait JoinsOnFallback {
    const JOINS: bool = false;
}

impl<F, M> JoinsOnFallback for JoinsOn<F, M> {}

impl<F, M> JoinsOn<F, M>
where
    F: Column,
    M: Model,
    NullableExpression<F>: diesel::Expression,
    <NullableExpression<F> as diesel::Expression>::SqlType: diesel::sql_types::SqlType,
    NullableExpression<<M::Table as Table>::PrimaryKey>:
        diesel::expression::AsExpression<<NullableExpression<F> as diesel::Expression>::SqlType>,
    F::Table: JoinTo<
        M::Table,
        OnClause = diesel::dsl::Eq<
            NullableExpression<F>,
            NullableExpression<<M::Table as Table>::PrimaryKey>,
        >,
    >,
{
    pub const JOINS: bool = true;
}

/// `SqlName::<Integer>::NAME`: how messages print a Diesel SQL type.
pub struct SqlName<T>(PhantomData<T>);

pub trait SqlNameFallback {
    const NAME: &'static str = "";
}

impl<T> SqlNameFallback for SqlName<T> {}

/// Diesel SQL types messages can name.
pub trait SqlTypeName {
    const NAME: &'static str;
}

impl<T: SqlTypeName> SqlName<T> {
    pub const NAME: &'static str = T::NAME;
}

macro_rules! sql_type_names {
    ($($ty:ident)*) => {
        $(impl SqlTypeName for diesel::sql_types::$ty {
            const NAME: &'static str = stringify!($ty);
        })*
    };
}

sql_type_names!(Bool TinyInt SmallInt Integer BigInt Float Double Numeric Text Binary Date Interval Time Timestamp);

impl<T: SqlTypeName> SqlTypeName for diesel::sql_types::Nullable<T> {
    const NAME: &'static str = T::NAME;
}

/// What [`SqlName`] calls the SQL type of a composite key (a tuple), for
/// [`check_key_types`] to tell a foreign key of one column referencing it.
pub const COMPOSITE: &str = "(several columns)";

macro_rules! composite_names {
    ($(($($t:ident),+))*) => {
        $(impl<$($t),+> SqlTypeName for ($($t,)+) {
            const NAME: &'static str = COMPOSITE;
        })*
    };
}

composite_names!((A, B)(A, B, C)(A, B, C, D));

#[cfg(feature = "postgres")]
sql_type_names!(Uuid Timestamptz Jsonb Json Money Oid Inet Cidr MacAddr);

#[cfg(feature = "mysql")]
sql_type_names!(Datetime);

#[cfg(feature = "mysql")]
impl<T: SqlTypeName> SqlTypeName for diesel::sql_types::Unsigned<T> {
    const NAME: &'static str = "Unsigned";
}

// ---------------------------------------------------------------------------
// Types for the generated code when a pair is wrong.

/// `If<{ cond }>`: picks a type by a constant the checks computed.
pub struct If<const B: bool>;

/// The model a relationship's facts about its target `M` are read off:
/// `If<{ M derives Relations }>` picks `M`, or, where it does not, the
/// source `S` (a model: it derives), so that the facts type-check and
/// rustc's "`M` is not a model" at the target is the one error.
pub trait AsModel<M, S> {
    type Model;
}

impl<M, S> AsModel<M, S> for If<true> {
    type Model = M;
}

impl<M, S> AsModel<M, S> for If<false> {
    type Model = S;
}

/// A scalar's `Parent` (the target's key it joins on), as [`AsModel`]
/// picks: [`ByPrimaryKey`](crate::relationship::ByPrimaryKey) where the
/// target derives `Relations`, [`NoParent`] where it does not.
pub trait ParentPick {
    type Parent;
}

impl ParentPick for If<true> {
    type Parent = crate::relationship::ByPrimaryKey;
}

impl ParentPick for If<false> {
    type Parent = NoParent;
}

/// The `Parent` of a scalar whose target derives no `Relations`: asks
/// nothing of the target ([`ParentPick`]). Never used by a program that
/// compiles.
pub struct NoParent;

impl<O, T: crate::relationship::OrderBy> crate::relationship::LinkOrderTail<O, T> for NoParent {
    type Order = T;
}

impl<M: 'static> crate::relationship::ParentColumn<M> for NoParent {
    type Column = ();
    type Value = ();
    fn value(_: &M) {}
    fn column_name() -> &'static str {
        ""
    }
}

/// The other side of a relationship's `back_populates`, for the generated
/// types that come from there, as the pair checks answer (computed once).
pub trait Picks {
    /// `<Pick<{ pick_of::<Marker>(..) }> as OtherScalar<..>>::Rel` (or
    /// `OtherCollection`): the other side's marker when the pair passes, an
    /// [`Unpaired`] stand-in when it does not.
    type Other;
}

/// `Pick<{ pick_of::<Marker>(..) }>`: the answer of [`pick_of`] as a type,
/// [`PAIRED`], [`UNPAIRED`] or [`NOT_A_MODEL`].
pub struct Pick<const P: u8>;

/// [`pick_of`]: the pair passes, the generated types come from the other side.
pub const PAIRED: u8 = 1;
/// [`pick_of`]: the pair is wrong, they come from [`Unpaired`].
pub const UNPAIRED: u8 = 0;
/// [`pick_of`]: the target derives no `Relations`, so nothing of it is
/// read: they come from [`NotAModel`], which asks nothing of the target,
/// and rustc's "is not a model" at the target is the one error.
pub const NOT_A_MODEL: u8 = 2;
/// `<M as Picks>::Other`, by one name: the generated code says it in each
/// type it takes from the other side, and a path of one segment is fewer
/// tokens for the derive to send and rustc to parse and resolve.
pub type Other<M> = <M as Picks>::Other;

/// The scalar holding the foreign key on the other side of a collection's
/// `back_populates` (`T` is the target, `N` the name, `S` this model).
pub trait OtherScalar<T, N, S: Model> {
    type Rel: ManyToOneDecl<Source = T, Target = S>;
}

impl<T, N, S: Model> OtherScalar<T, N, S> for Pick<PAIRED>
where
    T: HasRelationship<N>,
    T::Rel: ManyToOneDecl<Source = T, Target = S>,
{
    type Rel = T::Rel;
}

impl<T: Model, N, S: Model> OtherScalar<T, N, S> for Pick<UNPAIRED>
where
    T::KeyForm: KeyColumn<<T::Table as Table>::PrimaryKey>,
{
    type Rel = Unpaired<T, S>;
}

impl<T: 'static, N, S: Model> OtherScalar<T, N, S> for Pick<NOT_A_MODEL>
where
    S::KeyForm: KeyColumn<<S::Table as Table>::PrimaryKey>,
{
    type Rel = NotAModel<T, S>;
}

/// The many-to-many on the other side of a many-to-many's `back_populates`
/// (its columns are all the generated code reads of it).
pub trait OtherCollection<T, N, S: Model> {
    type Rel: ManyToManyDecl<Target = S>;
}

impl<T: Model, N, S: Model> OtherCollection<T, N, S> for Pick<PAIRED>
where
    T: HasRelationship<N>,
    T::Rel: ManyToManyDecl<Source = T, Target = S>,
{
    type Rel = T::Rel;
}

impl<T: Model, N, S: Model> OtherCollection<T, N, S> for Pick<UNPAIRED>
where
    S::KeyForm: KeyColumn<<S::Table as Table>::PrimaryKey>,
{
    type Rel = Unpaired<T, S>;
}

impl<T, N, S: Model> OtherCollection<T, N, S> for Pick<NOT_A_MODEL>
where
    S::KeyForm: KeyColumn<<S::Table as Table>::PrimaryKey>,
{
    type Rel = Unpaired<S, S>;
}

/// A column of a model's primary key, one column or several: the column a
/// stand-in ([`Unpaired`], [`NotAModel`]) names where the real side would
/// name its foreign key, so that a model keyed by several columns has a
/// stand-in too. By the model's [`KeyForm`](crate::KeyForm), since rustc
/// cannot tell a column from a tuple of columns in two impls of one trait.
pub trait KeyColumn<PrimaryKey> {
    /// The key's column (its first, for a composite key).
    type Column: Column + Default;
}

impl<C: Column + Default> KeyColumn<C> for crate::relationship::OneColumn {
    type Column = C;
}

impl<A: Column + Default, B> KeyColumn<(A, B)> for crate::relationship::SeveralColumns {
    type Column = A;
}

impl<A: Column + Default, B, C> KeyColumn<(A, B, C)> for crate::relationship::SeveralColumns {
    type Column = A;
}

impl<A: Column + Default, B, C, D> KeyColumn<(A, B, C, D)> for crate::relationship::SeveralColumns {
    type Column = A;
}

/// The stand-in column of model `M` ([`KeyColumn`]).
pub type StandIn<M> =
    <<M as Model>::KeyForm as KeyColumn<<<M as Model>::Table as Table>::PrimaryKey>>::Column;

/// A stand-in for the other side of a pair the checker rejected: it
/// type-checks wherever the real one would, so the checker's message is
/// the only error. Never used by a program that compiles.
pub struct Unpaired<T, S>(PhantomData<(T, S)>);

impl<T: 'static, S: 'static> Relationship for Unpaired<T, S> {
    type Source = T;
    type Target = S;
    const INFO: RelInfo = RelInfo::UNKNOWN;
    const DECL: crate::registry::Declared = crate::registry::Declared {
        text: "",
        foreign_key: "",
        flags: crate::registry::Declared::PASSIVE_DELETES | crate::registry::Declared::VIEWONLY,
    };
}

impl<T: Model, S: Model> ManyToOneDecl for Unpaired<T, S>
where
    T::KeyForm: KeyColumn<<T::Table as Table>::PrimaryKey>,
{
    type Key = S::Key;
    type ForeignKey = StandIn<T>;
    type Parent = crate::relationship::ByPrimaryKey;
    type Shape = crate::relationship::One;
    fn foreign_key(_: &T) -> Option<S::Key> {
        None
    }
}

impl<T: Model, S: Model> ManyToManyDecl for Unpaired<T, S>
where
    S::KeyForm: KeyColumn<<S::Table as Table>::PrimaryKey>,
{
    type SourceColumn = StandIn<S>;
    type TargetColumn = StandIn<S>;
    type Order = crate::relationship::ByKey<S::Table>;
    type EagerOrder = crate::relationship::ByKey<S::Table>;
    type Lazy = crate::relationship::ThroughSubquery;
    type SourceParent = crate::relationship::ByPrimaryKey;
    type TargetParent = crate::relationship::ByPrimaryKey;
}

/// The stand-in scalar on the other side of a collection whose target `T`
/// derives no `Relations`: [`Unpaired`] without asking `T` to be a model
/// (its key column is this model's), so that rustc's "`T` is not a model"
/// at the target is the only error, not one more per use of the other side.
pub struct NotAModel<T, S>(PhantomData<(T, S)>);

impl<T: 'static, S: 'static> Relationship for NotAModel<T, S> {
    type Source = T;
    type Target = S;
    const INFO: RelInfo = RelInfo::UNKNOWN;
    const DECL: crate::registry::Declared = <Unpaired<T, S> as Relationship>::DECL;
}

impl<T: 'static, S: Model> ManyToOneDecl for NotAModel<T, S>
where
    S::KeyForm: KeyColumn<<S::Table as Table>::PrimaryKey>,
{
    type Key = S::Key;
    type ForeignKey = StandIn<S>;
    type Parent = crate::relationship::ByPrimaryKey;
    type Shape = crate::relationship::One;
    fn foreign_key(_: &T) -> Option<S::Key> {
        None
    }
}

// ---------------------------------------------------------------------------
// Evidence from the migrations, embedded by the derive.

/// A foreign key constraint, by SQL names.
#[derive(Clone, Copy)]
pub struct ForeignKey {
    pub table: &'static str,
    pub column: &'static str,
    pub references: &'static str,
    pub referenced_column: &'static str,
}

/// What the migrations say about the schema, as SQLite saw it after
/// applying every `up.sql` in order.
#[derive(Clone, Copy)]
pub struct Evidence {
    /// The migrations directory, as messages print it.
    pub directory: &'static str,
    /// Every migration ran: a table or foreign key that is not here does not
    /// exist. When one failed (SQL SQLite does not speak), the facts only
    /// prove what they contain.
    pub complete: bool,
    /// The tables' names, each followed by a NUL (one literal in the
    /// generated code rather than a list).
    pub tables: &'static str,
    pub foreign_keys: &'static [ForeignKey],
    /// Columns that are UNIQUE on their own (a single-column unique index,
    /// UNIQUE constraint or primary key).
    pub unique: &'static [Col],
    /// What the migrations say of the foreign key columns this model's
    /// relationships name: their types, mapped to Diesel's, and NULL or NOT
    /// NULL (see `checking::types`).
    pub columns: &'static [MigrationColumn],
}

impl Evidence {
    /// No migrations were found: nothing is known.
    pub const NONE: Evidence = Evidence {
        directory: "",
        complete: false,
        tables: "",
        foreign_keys: &[],
        unique: &[],
        columns: &[],
    };

    /// Whether the migrations are complete and created `table`, so that
    /// what they lack about it does not exist.
    pub(crate) const fn knows(&self, table: &str) -> bool {
        if !self.complete {
            return false;
        }
        let (mut names, table) = (self.tables.as_bytes(), table.as_bytes());
        // Each name ends at a NUL; only one of the table's length is compared.
        let mut i = 0;
        while i < names.len() {
            if names[i] == 0 {
                let (name, rest) = names.split_at(i);
                if eq_ci_bytes(name, table) {
                    return true;
                }
                names = rest.split_at(1).1;
                i = 0;
            } else {
                i += 1;
            }
        }
        false
    }

    pub(crate) const fn foreign_key_on(&self, column: &Col) -> Option<ForeignKey> {
        let (mut i, n) = (0, self.foreign_keys.len());
        while i < n {
            let fk = self.foreign_keys[i];
            if eq_ci(fk.table, column.table) && eq_ci(fk.column, column.column) {
                return Some(fk);
            }
            i += 1;
        }
        None
    }

    /// The foreign key columns of `from` that reference `to`, comma-separated,
    /// and how many there are.
    const fn foreign_keys_between(&self, from: &str, to: &str) -> (Msg, usize) {
        let mut list = Msg::new();
        let mut n = 0;
        let (mut i, len) = (0, self.foreign_keys.len());
        while i < len {
            let fk = self.foreign_keys[i];
            if eq_ci(fk.table, from) && eq_ci(fk.references, to) {
                if n > 0 {
                    list = list.push(", ");
                }
                list = list.push(fk.column);
                n += 1;
            }
            i += 1;
        }
        (list, n)
    }

    const fn first_foreign_key_between(&self, from: &str, to: &str) -> &'static str {
        let (mut i, n) = (0, self.foreign_keys.len());
        while i < n {
            let fk = self.foreign_keys[i];
            if eq_ci(fk.table, from) && eq_ci(fk.references, to) {
                return fk.column;
            }
            i += 1;
        }
        ""
    }

    const fn is_unique(&self, column: &Col) -> bool {
        let (mut i, n) = (0, self.unique.len());
        while i < n {
            if self.unique[i].same(column) {
                return true;
            }
            i += 1;
        }
        false
    }
}

// ---------------------------------------------------------------------------
// The checks. Each returns the message of the mistake, or `None`.
//
// They take the facts (`RelInfo`, `Evidence`) by value: when the generated
// checks called them, a borrowed constant (`&<M as Pairing>::INFO`) made
// rustc promote the borrow to a constant of its own at every use (0.18 G
// instructions on the 40-model crate); the `assert_*` below call them now.

/// `back_populates = back` on `me`, whose target has `other` under that
/// name (`None`: no such relationship) and declares `names`.
pub const fn check_pair(
    me: RelInfo,
    other: Option<RelInfo>,
    names: &[&'static str],
) -> Option<Msg> {
    let me = &me;
    let back = me.back_populates;
    let Some(other) = other else {
        let m = who(me)
            .push(": back_populates = ")
            .push(back)
            .push(", but ")
            .push(me.target)
            .push(" has no relationship named ")
            .push(back);
        let m = match did_you_mean(back, names) {
            Some(best) => m
                .push(": did you mean back_populates = ")
                .push(best)
                .push("?"),
            None if names.is_empty() => m
                .push(": declare it on ")
                .push(me.target)
                .push(", #[relationship(")
                .push(back)
                .push(": ")
                .push_declared_back(me)
                .push(", back_populates = ")
                .push(me.name)
                .push(")]"),
            None => m
                .push(" (its relationships: ")
                .push_list(names)
                .push("): name one of them, or declare ")
                .push(back)
                .push(" on ")
                .push(me.target),
        };
        return Some(m);
    };
    // Its derive reported its own mistake: that is the one error.
    if other.poisoned {
        return None;
    }
    if me.name_id == other.name_id && me.model_id == other.model_id {
        return Some(
            who(me)
                .push(": back_populates = ")
                .push(back)
                .push(" names ")
                .push(me.model)
                .push(".")
                .push(me.name)
                .push(" itself: name the relationship of the other side (for a self-referential pair, the one whose foreign key is the other end)"),
        );
    }
    if other.target_id != me.model_id {
        // Two models of one name (in two modules) print alike: say so.
        let same_name = eq(other.target, me.model);
        return Some(
            who(&other)
                .push(" targets ")
                .push(other.target)
                .push(if same_name {
                    " of another module, not this "
                } else {
                    ", not "
                })
                .push(me.model)
                .push(": ")
                .push(me.model)
                .push(".")
                .push(me.name)
                .push(" back_populates = ")
                .push(back)
                .push(" needs it to point back at ")
                .push(me.model)
                .push("; fix one of the two declarations"),
        );
    }
    if other.back_id != me.name_id {
        let m = who(me)
            .push(" and ")
            .push(other.model)
            .push(".")
            .push(other.name)
            .push(" are not mutual: ");
        let m = if other.back_populates.is_empty() {
            m.push(other.model)
                .push(".")
                .push(other.name)
                .push(" has no back_populates: add back_populates = ")
                .push(me.name)
                .push(" to it")
        } else {
            m.push(other.model)
                .push(".")
                .push(other.name)
                .push(" back_populates ")
                .push(other.back_populates)
                .push(": make it back_populates = ")
                .push(me.name)
                .push(", or point ")
                .push(me.model)
                .push(".")
                .push(me.name)
                .push(" at the relationship that points back")
        };
        return Some(m);
    }
    check_shapes(me, &other)
}

/// Whether the pair of `me` and `other` (found and mutual) pairs a
/// collection with a scalar, a one-to-one's two sides, or two many-to-many
/// sides over one association table.
const fn check_shapes(me: &RelInfo, other: &RelInfo) -> Option<Msg> {
    use Shape::*;
    match (me.shape, other.shape) {
        (OneToMany, ManyToOne)
        | (ManyToOne, OneToMany)
        | (OneToOne, ManyToOne)
        | (ManyToOne, OneToOne) => {
            let (a, b) = (me.foreign_key, other.foreign_key);
            if a.is_known() && b.is_known() && !a.same(&b) {
                return Some(
                    who(me)
                        .push(" and ")
                        .push_who(other)
                        .push(" name different foreign keys (")
                        .push_col(&a)
                        .push(", ")
                        .push_col(&b)
                        .push("): the two sides of a pair share one; name it on the scalar, ")
                        .push_who(if matches!(me.shape, ManyToOne) {
                            me
                        } else {
                            other
                        }),
                );
            }
            None
        }
        // A collection, or the side of a one-to-one without the key: the
        // other side holds the foreign key.
        (OneToMany | OneToOne, _) => Some(
            Msg::new()
                .push(me.declared)
                .push(" on ")
                .push_who(me)
                .push(" needs ")
                .push_who(other)
                .push(" to be ")
                .push(me.model)
                .push(" or Option<")
                .push(me.model)
                .push(">, found ")
                .push_found(other)
                .push(": declare ")
                .push(other.name)
                .push(": ")
                .push(me.model)
                .push(", foreign_key = <the column of ")
                .push(me.target_table)
                .push(" that references ")
                .push(me.table)
                .push(if matches!(me.shape, OneToOne) {
                    ">, the side of a one-to-one that holds the key"
                } else {
                    ">, the scalar that holds the collection's foreign key"
                }),
        ),
        (ManyToOne, ManyToOne) => Some(
            who(me)
                .push(" and ")
                .push_who(other)
                .push(" are both scalars holding a foreign key (")
                .push_col(&me.foreign_key)
                .push(", ")
                .push_col(&other.foreign_key)
                .push("): declare ")
                .push_who(other)
                .push(" as Vec<")
                .push(me.model)
                .push("> (one-to-many) or Option<")
                .push(me.model)
                .push("> (one-to-one), without foreign_key"),
        ),
        (ManyToOne, ManyToMany) => Some(
            Msg::new()
                .push(me.declared)
                .push(" on ")
                .push_who(me)
                .push(" needs ")
                .push_who(other)
                .push(" to be Vec<")
                .push(me.model)
                .push("> (or Option<")
                .push(me.model)
                .push("> for a one-to-one) over the foreign key ")
                .push_col(&me.foreign_key)
                .push(", found ")
                .push_found(other)
                .push(": remove its secondary, or pair it with a many-to-many of ")
                .push(me.model),
        ),
        (ManyToMany, ManyToMany) => {
            if !eq_ci(me.secondary, other.secondary) {
                return Some(
                    who(me)
                        .push(" goes through ")
                        .push(me.secondary)
                        .push(" but ")
                        .push_who(other)
                        .push(" through ")
                        .push(other.secondary)
                        .push(": the two sides of a many-to-many share one association table"),
                );
            }
            match (me.secondary_columns, other.secondary_columns) {
                (None, None) => Some(
                    who(me)
                        .push(" and ")
                        .push_who(other)
                        .push(" both take the columns of ")
                        .push(me.secondary)
                        .push(" from the other side: name them on one, secondary = ")
                        .push(me.secondary)
                        .push("(<column to ")
                        .push(me.model)
                        .push(">, <column to ")
                        .push(me.target)
                        .push(">)"),
                ),
                (Some((a, b)), Some((c, d))) if !(a.same(&d) && b.same(&c)) => Some(
                    who(me)
                        .push(" names ")
                        .push(me.secondary)
                        .push("(")
                        .push(a.column)
                        .push(", ")
                        .push(b.column)
                        .push(") but ")
                        .push_who(other)
                        .push(" names ")
                        .push(other.secondary)
                        .push("(")
                        .push(c.column)
                        .push(", ")
                        .push(d.column)
                        .push("): each side names its own column first, so one list is the other reversed; name them on one side only"),
                ),
                _ => None,
            }
        }
        (ManyToMany, _) => Some(
            Msg::new()
                .push(me.declared)
                .push(" through ")
                .push(me.secondary)
                .push(" on ")
                .push_who(me)
                .push(" needs ")
                .push_who(other)
                .push(" to be Vec<")
                .push(me.model)
                .push("> through ")
                .push(me.secondary)
                .push(" too, found ")
                .push_found(other)
                .push(": declare ")
                .push(other.name)
                .push(": Vec<")
                .push(me.model)
                .push(">, secondary = ")
                .push(me.secondary),
        ),
    }
}

/// Whether the generated code may take types from `other`: the pair checks
/// pass and the other side holds what `me` reads off it.
pub const fn pairs(me: RelInfo, other: Option<RelInfo>, names: &[&'static str]) -> bool {
    let me = &me;
    let Some(found) = other else { return false };
    if found.poisoned || check_pair(*me, other, names).is_some() {
        return false;
    }
    match me.shape {
        Shape::OneToMany | Shape::OneToOne => {
            matches!(found.shape, Shape::ManyToOne) && found.key_types_match && found.field_fits()
        }
        Shape::ManyToMany => {
            matches!(found.shape, Shape::ManyToMany) && found.secondary_columns.is_some()
        }
        Shape::ManyToOne => true,
    }
}

/// A backref named `name` onto `target`, which already declares `taken`.
pub const fn check_backref(me: RelInfo, name: &str, taken: Option<RelInfo>) -> Option<Msg> {
    let me = &me;
    // A poisoned one: its derive reported this (or another) mistake.
    let Some(taken) = taken else { return None };
    if taken.poisoned {
        return None;
    }
    Some(
        who(me)
            .push(": backref = ")
            .push(name)
            .push(", but ")
            .push(me.target)
            .push(" already has a relationship named ")
            .push(name)
            .push(" (")
            .push(taken.declared)
            .push("): choose another name, or drop the backref and declare back_populates = ")
            .push(name)
            .push(" here and back_populates = ")
            .push(me.name)
            .push(" on ")
            .push(me.target)
            .push(".")
            .push(name),
    )
}

/// The foreign key `fk` from the declaring or the target side (`me`) to
/// `parent`'s primary key `parent_key`: proven by a `joinable!` on that
/// column or by a FOREIGN KEY in the migrations; an error only where
/// complete migrations created both tables and lack it.
pub const fn check_foreign_key(me: RelInfo, ev: Evidence) -> Option<Msg> {
    let me = &me;
    let ev = &ev;
    let (fk, parent) = (me.foreign_key, me.references);
    if me.joinable || !fk.is_known() {
        return None;
    }
    // The common case first, without scanning the list of tables (this
    // runs in rustc's const evaluator for every relationship).
    let found = ev.foreign_key_on(&fk);
    if let Some(found) = found {
        if eq_ci(found.references, parent.table)
            && (found.referenced_column.is_empty() || eq_ci(found.referenced_column, parent.column))
        {
            return check_referenced_unique(me, ev);
        }
    }
    if !ev.knows(fk.table) || !ev.knows(parent.table) {
        return None;
    }
    if let Some(found) = found {
        if !eq_ci(found.references, parent.table) {
            return Some(
                who(me)
                    .push(": ")
                    .push_col(&fk)
                    .push(" references ")
                    .push(found.references)
                    .push(" in ")
                    .push(ev.directory)
                    .push(", not ")
                    .push(parent.table)
                    .push(", the table of ")
                    .push(if matches!(me.shape, Shape::ManyToOne) {
                        me.target
                    } else {
                        me.model
                    })
                    .push(if matches!(me.shape, Shape::ManyToOne) {
                        ": target the model of "
                    } else {
                        ""
                    })
                    .push(if matches!(me.shape, Shape::ManyToOne) {
                        found.references
                    } else {
                        ""
                    })
                    .push(if matches!(me.shape, Shape::ManyToOne) {
                        ", name a column of "
                    } else {
                        ": name a column of "
                    })
                    .push(fk.table)
                    .push(" that references ")
                    .push(parent.table)
                    .push(", or correct the FOREIGN KEY in a migration"),
            );
        }
        if !found.referenced_column.is_empty() && !eq_ci(found.referenced_column, parent.column) {
            return Some(check_referenced_column(me, ev, found));
        }
        return None;
    }
    let (list, n) = ev.foreign_keys_between(fk.table, parent.table);
    if n > 0 {
        return Some(
            who(me)
                .push(": ")
                .push_col(&fk)
                .push(" is not a foreign key to ")
                .push(parent.table)
                .push(" in ")
                .push(ev.directory)
                .push(" (")
                .push(fk.table)
                .push(if n == 1 {
                    "'s foreign key to "
                } else {
                    "'s foreign keys to "
                })
                .push(parent.table)
                .push(": ")
                .push(list.as_str())
                .push("): name one of them in foreign_key, or add FOREIGN KEY (")
                .push(fk.column)
                .push(") REFERENCES ")
                .push(parent.table)
                .push(" (")
                .push(parent.column)
                .push(") in a migration"),
        );
    }
    let (child_model, parent_model) = if matches!(me.shape, Shape::ManyToOne) {
        (me.model, me.target)
    } else {
        (me.target, me.model)
    };
    Some(
        who(me)
            .push(": no foreign key from ")
            .push(fk.table)
            .push(" (")
            .push(child_model)
            .push(") to ")
            .push(parent.table)
            .push(" (")
            .push(parent_model)
            .push(") in ")
            .push(ev.directory)
            .push(": add FOREIGN KEY (")
            .push(fk.column)
            .push(") REFERENCES ")
            .push(parent.table)
            .push(" (")
            .push(parent.column)
            .push(") in a migration"),
    )
}

/// The foreign key references another column of the right table than the
/// one the relationship joins on (the primary key, or its `references`):
/// where that column is UNIQUE, the fix is to join on it (`references =
/// table::column`); where it is not, no relationship can join on it.
const fn check_referenced_column(me: &RelInfo, ev: &Evidence, found: ForeignKey) -> Msg {
    let fk = me.foreign_key;
    let parent = me.references;
    let referenced = Col {
        table: found.references,
        column: found.referenced_column,
    };
    let m = who(me)
        .push(": ")
        .push_col(&fk)
        .push(" references ")
        .push_col(&referenced)
        .push(" in ")
        .push(ev.directory)
        .push(", but the relationship joins on ")
        .push(if me.referenced {
            "references = "
        } else {
            "the primary key "
        })
        .push_col(&parent);
    if ev.is_unique(&referenced) {
        m.push(": ")
            .push_col(&referenced)
            .push(" is UNIQUE, so declare references = ")
            .push(found.references)
            .push("::")
            .push(found.referenced_column)
            .push(" to join on it, or make the foreign key reference ")
            .push(parent.table)
            .push(" (")
            .push(parent.column)
            .push(") in a migration")
    } else {
        m.push(": ")
            .push_col(&referenced)
            .push(" is not UNIQUE, so no relationship can join on it; make the foreign key reference ")
            .push(parent.table)
            .push(" (")
            .push(parent.column)
            .push(") in a migration")
    }
}

/// A relationship declared with `references = table::column` joins on
/// that column: the migrations must show it UNIQUE (a UNIQUE constraint or
/// index on it alone, or the primary key), or parents would share a key.
const fn check_referenced_unique(me: &RelInfo, ev: &Evidence) -> Option<Msg> {
    let parent = me.references;
    if !me.referenced || ev.is_unique(&parent) || !ev.knows(parent.table) {
        return None;
    }
    Some(
        who(me)
            .push(": references = ")
            .push(parent.table)
            .push("::")
            .push(parent.column)
            .push(", but ")
            .push_col(&parent)
            .push(" is not UNIQUE in ")
            .push(ev.directory)
            .push(", so several ")
            .push(if matches!(me.shape, Shape::ManyToOne) {
                me.target
            } else {
                me.model
            })
            .push(" rows may share a key: add UNIQUE (")
            .push(parent.column)
            .push(") to ")
            .push(parent.table)
            .push(" in a migration, or reference its primary key"),
    )
}

/// The association table `column` of a many-to-many must reference `side`,
/// the table of this model or (`to_target`) of the target.
pub const fn check_association(me: RelInfo, to_target: bool, ev: Evidence) -> Option<Msg> {
    let me = &me;
    let ev = &ev;
    let Some((to_this, to_other)) = me.secondary_columns else {
        return None;
    };
    // A target that derives no `Relations` is rustc's error at it; its key
    // here is a stand-in (`AsModel`), not to be judged against.
    if me.target_id == 0 {
        return None;
    }
    let (column, side, side_model, joinable) = if to_target {
        (to_other, me.keys.1, me.target, me.secondary_joinable.1)
    } else {
        (to_this, me.keys.0, me.model, me.secondary_joinable.0)
    };
    if joinable {
        return None;
    }
    let found = ev.foreign_key_on(&column);
    if let Some(found) = found {
        if eq_ci(found.references, side.table) {
            return None;
        }
    }
    if !ev.knows(column.table) || !ev.knows(side.table) {
        return None;
    }
    if let Some(found) = found {
        let (list, n) = ev.foreign_keys_between(column.table, side.table);
        let m = who(me)
            .push(": ")
            .push_col(&column)
            .push(" references ")
            .push(found.references)
            .push(", not ")
            .push(side.table)
            .push(" (")
            .push(side_model)
            .push(")");
        return Some(if n > 0 {
            m.push(": name the column of ")
                .push(column.table)
                .push(" that references ")
                .push(side.table)
                .push(" (")
                .push(list.as_str())
                .push(") in secondary = ")
                .push(column.table)
                .push("(..)")
        } else {
            m.push(": ")
                .push(column.table)
                .push(" has no foreign key to ")
                .push(side.table)
                .push("; make ")
                .push_col(&column)
                .push(" reference ")
                .push(side.table)
                .push(" (")
                .push(side.column)
                .push(") in a migration")
        });
    }
    let (list, n) = ev.foreign_keys_between(column.table, side.table);
    let m = who(me)
        .push(": ")
        .push(column.table)
        .push(" has no foreign key to ")
        .push(side.table)
        .push(" (")
        .push(side_model)
        .push(")");
    Some(if n > 0 {
        m.push(" on ")
            .push(column.column)
            .push(" (its foreign keys to ")
            .push(side.table)
            .push(": ")
            .push(list.as_str())
            .push("): name that column in secondary = ")
            .push(column.table)
            .push("(..)")
    } else {
        m.push(": add FOREIGN KEY (")
            .push(column.column)
            .push(") REFERENCES ")
            .push(side.table)
            .push(" (")
            .push(side.column)
            .push(") in a migration")
    })
}

/// A many-to-many's association column against the column it joins on
/// (`me.keys`: the primary key of its side, or the column `references =
/// (..)` names). Where the migrations' FOREIGN KEY on the column references
/// another column of that table: a UNIQUE one is what `references` is for
/// (the message spells the declaration); one that is not UNIQUE no
/// relationship can join on. Where the column joined on is not UNIQUE in
/// the migrations (a `references` naming such a column), several rows
/// would share a key.
pub const fn check_association_not_key(me: RelInfo, to_target: bool, ev: Evidence) -> Option<Msg> {
    let me = &me;
    let ev = &ev;
    let Some((to_this, to_other)) = me.secondary_columns else {
        return None;
    };
    if me.target_id == 0 {
        return None;
    }
    let (column, side, side_model) = if to_target {
        (to_other, me.keys.1, me.target)
    } else {
        (to_this, me.keys.0, me.model)
    };
    if me.referenced && side.is_known() && ev.knows(side.table) && !ev.is_unique(&side) {
        return Some(
            who(me)
                .push(": ")
                .push_col(&column)
                .push(" joins on ")
                .push_col(&side)
                .push(", which is not UNIQUE in ")
                .push(ev.directory)
                .push(", so several ")
                .push(side_model)
                .push(" rows may share a key: add UNIQUE (")
                .push(side.column)
                .push(") to ")
                .push(side.table)
                .push(" in a migration, or reference its primary key"),
        );
    }
    let Some(found) = ev.foreign_key_on(&column) else {
        return None;
    };
    if !eq_ci(found.references, side.table)
        || found.referenced_column.is_empty()
        || side.column.is_empty()
        || eq_ci(found.referenced_column, side.column)
    {
        return None;
    }
    let referenced = Col {
        table: found.references,
        column: found.referenced_column,
    };
    let msg = who(me)
        .push(": ")
        .push_col(&column)
        .push(" references ")
        .push_col(&referenced)
        .push(" in ")
        .push(ev.directory)
        .push(", not ")
        .push_col(&side)
        .push(", which ")
        .push(me.name)
        .push(" joins on");
    if !ev.is_unique(&referenced) {
        return Some(
            msg.push(": ")
                .push_col(&referenced)
                .push(" is not UNIQUE, so no relationship can join on it; make ")
                .push_col(&column)
                .push(" reference ")
                .push(side.table)
                .push(" (")
                .push(side.column)
                .push(") in a migration"),
        );
    }
    // The declaration that joins on it: both sides' columns, this one's
    // replaced.
    let (source, target) = if to_target {
        (me.keys.0, referenced)
    } else {
        (referenced, me.keys.1)
    };
    Some(
        msg.push(": ")
            .push_col(&referenced)
            .push(" is UNIQUE, so declare references = (")
            .push(source.table)
            .push("::")
            .push(source.column)
            .push(", ")
            .push(target.table)
            .push("::")
            .push(target.column)
            .push(") beside secondary to join on it, or make ")
            .push_col(&column)
            .push(" reference ")
            .push(side.table)
            .push(" (")
            .push(side.column)
            .push(") in a migration"),
    )
}

/// A one-to-one's foreign key must be UNIQUE, or the "one" may be many.
pub const fn check_unique(me: RelInfo, fk: Col, ev: Evidence) -> Option<Msg> {
    let me = &me;
    let ev = &ev;
    if !fk.is_known() || ev.is_unique(&fk) || !ev.knows(fk.table) {
        return None;
    }
    Some(
        Msg::new()
            .push_col(&fk)
            .push(" must be UNIQUE for a one-to-one: ")
            .push_who(me)
            .push(" is a single ")
            .push(me.target)
            .push(", so add UNIQUE to ")
            .push_col(&fk)
            .push(" in a migration, or declare ")
            .push(me.name)
            .push(": Vec<")
            .push(me.target)
            .push(">"),
    )
}

/// A required scalar over a column the Diesel schema says is nullable.
pub const fn check_required(me: RelInfo) -> Option<Msg> {
    let me = &me;
    if !me.nullable {
        return None;
    }
    let fk = me.foreign_key;
    Some(
        who(me)
            .push(": ")
            .push_col(&fk)
            .push(" is Nullable in the Diesel schema, so ")
            .push_who(me)
            .push(" may be absent: declare ")
            .push(me.name)
            .push(": Option<")
            .push(me.target)
            .push("> (and the field ")
            .push(fk.column)
            .push(" as an Option), or make the column NOT NULL in a migration"),
    )
}

/// The foreign key column and the key it references must have one SQL type.
pub const fn check_key_types(me: RelInfo) -> Option<Msg> {
    let me = &me;
    if me.key_types_match {
        return None;
    }
    let (fk, key) = (me.foreign_key, me.references);
    let (fk_type, key_type) = me.key_types;
    let m = who(me).push(": ").push_col(&fk);
    let key_model = if matches!(me.shape, Shape::ManyToOne) {
        me.target
    } else {
        me.model
    };
    if eq(key_type, COMPOSITE) {
        return Some(
            m.push(" is one column, but the primary key of ")
                .push(key_model)
                .push(" (")
                .push(key.table)
                .push(") has several, which one column cannot reference: reference a UNIQUE column of ")
                .push(key.table)
                .push(" with references = <table>::<column>, or relate to ")
                .push(key_model)
                .push(" through a model it has a many-to-one to"),
        );
    }
    Some(if !fk_type.is_empty() && !key_type.is_empty() {
        m.push(" is ")
            .push(fk_type)
            .push(" but ")
            .push_col(&key)
            .push(" (")
            .push(key_model)
            .push(") is ")
            .push(key_type)
            .push(": make ")
            .push_col(&fk)
            .push(" ")
            .push(key_type)
            .push(" (in the migration and in the Diesel schema), as the key it references")
    } else {
        m.push(" and ")
            .push_col(&key)
            .push(" have different SQL types in the Diesel schema: a foreign key has the type of the key it references")
    })
}

/// A collection with neither `foreign_key` nor `back_populates`: says which
/// foreign keys the evidence shows from the target's table to this one.
pub const fn check_unnamed(me: RelInfo, child_table: &str, parent: Col, ev: Evidence) -> Msg {
    let me = &me;
    let ev = &ev;
    let (list, n) = ev.foreign_keys_between(child_table, parent.table);
    let m = who(me).push(": ");
    if n >= 2 {
        return m
            .push(child_table)
            .push(" has ")
            .push_count(n)
            .push(" foreign keys to ")
            .push(parent.table)
            .push(" (")
            .push(list.as_str())
            .push("): name one with foreign_key = ")
            .push(child_table)
            .push("::")
            .push(ev.first_foreign_key_between(child_table, parent.table))
            .push(", or back_populates = <the relationship of ")
            .push(me.target)
            .push(" that holds it>");
    }
    if n == 1 {
        let known = ev.first_foreign_key_between(child_table, parent.table);
        return m
            .push("name its foreign key: foreign_key = ")
            .push(child_table)
            .push("::")
            .push(known)
            .push(" (the foreign key from ")
            .push(child_table)
            .push(" to ")
            .push(parent.table)
            .push("), or back_populates = <the relationship of ")
            .push(me.target)
            .push(" that holds it>");
    }
    if ev.knows(child_table) && ev.knows(parent.table) {
        return m
            .push("no foreign key from ")
            .push(child_table)
            .push(" to ")
            .push(parent.table)
            .push(" in ")
            .push(ev.directory)
            .push(": add FOREIGN KEY (<column>) REFERENCES ")
            .push(parent.table)
            .push(" (")
            .push(parent.column)
            .push(") in a migration, and name it with foreign_key = ")
            .push(child_table)
            .push("::<column>");
    }
    let m = m
        .push("cannot tell which foreign key of ")
        .push(me.target)
        .push(" points at ")
        .push(me.model)
        .push(": add back_populates = <the relationship on ")
        .push(me.target)
        .push(" that points back>, or foreign_key = ");
    if child_table.is_empty() {
        m.push("<").push(me.target).push("'s table>::<column>")
    } else {
        m.push(child_table).push("::<column>")
    }
}

// ---------------------------------------------------------------------------
// The generated checks call these: `const _: () = assert_pair::<Marker>(..);`.
// Generic over the marker, they leave rustc one path to resolve per check
// where `report(check_pair(<Marker as Relationship>::INFO, ..))` left three
// (measured: a quarter of a check's cost). `#[track_caller]`, as `report`:
// the error points at the generated constant, not in here.

/// `back_populates`: see [`check_pair`]. `claimed`: whether a model's
/// relationship of the name `R` back_populates leads to `R`'s model and
/// names `R` ([`Claimed`]); where `R`'s target lacks that relationship, the
/// claimant is another model than the target.
#[track_caller]
pub const fn assert_pair<R: Relationship<Source: Model>>(
    other: Option<RelInfo>,
    names: &[&'static str],
    claimed: bool,
) {
    let me = R::INFO;
    // A target that derives no `Relations` is the trait error at it
    // (`Model` is not implemented), which says what to do.
    if me.target_id == 0 {
        return;
    }
    // The target lacks the relationship `R` names, and another model has
    // it, pointing back at `R`: `R` leads to the wrong model, and that
    // model's check says so ("R targets T, not X"), the one error.
    if other.is_none() && claimed {
        return;
    }
    let message = check_pair(me, other, names);
    // Only where the pair is wrong: a pair that passes costs no more.
    if let (Some(_), Some(other)) = (&message, &other) {
        let decl = <R::Source as Model>::DECL;
        let own = decl.relationships;
        if reported_by(&me, other)
            || reported_elsewhere(&me, other, own)
            || reported_by_sibling(&me, other, own, decl.pairs)
        {
            return;
        }
    }
    report(message)
}

/// `back_populates` where the migrations were read: see [`check_pair`],
/// silent where they show the scalar's key (this side's, or the other
/// side's when it leads to another model) referencing another table than
/// its target's: the target is in doubt, and the key's check
/// (`assert_key`) is the one error.
#[track_caller]
pub const fn assert_pair_keyed<R: Relationship<Source: Model>>(
    other: Option<RelInfo>,
    names: &[&'static str],
    claimed: bool,
    ev: Evidence,
) {
    let me = R::INFO;
    if matches!(me.shape, Shape::ManyToOne) && references_another_table(&me, &ev) {
        return;
    }
    if let Some(other) = &other {
        if other.target_id != me.model_id
            && matches!(other.shape, Shape::ManyToOne)
            && references_another_table(other, &ev)
        {
            return;
        }
    }
    assert_pair::<R>(other, names, claimed)
}

/// Whether [`check_foreign_key`] reports `me`'s key referencing another
/// table than the one it joins on.
const fn references_another_table(me: &RelInfo, ev: &Evidence) -> bool {
    let (fk, parent) = (me.foreign_key, me.references);
    if me.joinable || !fk.is_known() {
        return false;
    }
    match ev.foreign_key_on(&fk) {
        Some(found) => {
            !eq_ci(found.references, parent.table) && ev.knows(fk.table) && ev.knows(parent.table)
        }
        None => false,
    }
}

/// Whether a wrong pair of `me` and `other` is reported by `other`'s check,
/// not `me`'s: when the two name each other (mutual, each targeting the
/// other's model), whatever is wrong with the pair (`check_shapes`) is
/// found from both sides alike, and the side whose `Model.name` sorts first
/// reports it, once.
const fn reported_by(me: &RelInfo, other: &RelInfo) -> bool {
    let mutual = other.back_id == me.name_id
        && me.back_id == other.name_id
        && other.target_id == me.model_id
        && me.target_id == other.model_id;
    let itself = me.name_id == other.name_id && me.model_id == other.model_id;
    mutual && !itself && !other.poisoned && sorts_before(other, me)
}

/// Whether a wrong pair of `me` and `other` is another check's error, so
/// that `me`'s says nothing: `other` leads to `me`'s model without naming
/// `me`, and either names a relationship that model lacks (`own`, its
/// names: `other`'s own check says so, "did you mean"), or a relationship
/// of `other`'s model claims `me` while `other` is in no pair of its own
/// (`RelInfo::claimed`: that one's check says `me` does not point back at
/// it).
const fn reported_elsewhere(me: &RelInfo, other: &RelInfo, own: &[&str]) -> bool {
    if other.back_id == me.name_id && other.target_id == me.model_id {
        return false;
    }
    // (Where `other` leads to another model, that is the message: its own
    // check cannot see that `me` claims it.)
    if other.target_id != me.model_id {
        return false;
    }
    if !other.back_populates.is_empty() && !has_name(own, other.back_populates) {
        return true;
    }
    other.claimed != 0 && other.claimed == me.name_id
}

/// Whether a wrong pair of `me` and `other` is `other`'s own check's
/// error: `other` leads to `me`'s model and names another relationship of
/// it (one of `own`, whose targets and `back_populates` are `pairs`), which
/// leads to another model or is the partner of another relationship.
/// `other` is the side that is wrong, and its check says so at its
/// attribute; `me`'s "not mutual" would be a second error for one mistake.
/// A sibling without a `back_populates` leaves the error to `me` ("make it
/// back_populates = me"), as does a model that is its own target, which
/// one derive sees whole (`RelInfo::claimed` chose there).
const fn reported_by_sibling(
    me: &RelInfo,
    other: &RelInfo,
    own: &[&str],
    pairs: &[(&str, &str)],
) -> bool {
    if other.target_id != me.model_id
        || other.model_id == me.model_id
        || other.back_id == me.name_id
        || other.poisoned
        || (other.claimed != 0 && other.claimed == me.name_id)
    {
        return false;
    }
    let mut i = 0;
    while i < own.len() && i < pairs.len() {
        if eq(own[i], other.back_populates) {
            let (target, back) = pairs[i];
            return !eq(target, other.model) || (!back.is_empty() && !eq(back, other.name));
        }
        i += 1;
    }
    false
}

/// Whether `names` holds `name`.
const fn has_name(names: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < names.len() {
        if eq(names[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

/// `a`'s `Model.name` before `b`'s, bytewise (the model, then the name).
const fn sorts_before(a: &RelInfo, b: &RelInfo) -> bool {
    match compare(a.model, b.model) {
        0 => compare(a.name, b.name) < 0,
        order => order < 0,
    }
}

/// -1, 0 or 1 as `a` sorts before, with or after `b`, bytewise.
const fn compare(a: &str, b: &str) -> i32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] { -1 } else { 1 };
        }
        i += 1;
    }
    if a.len() == b.len() {
        0
    } else if a.len() < b.len() {
        -1
    } else {
        1
    }
}

/// Whether the pair passes: see [`pairs`].
pub const fn pairs_of<R: Relationship>(other: Option<RelInfo>, names: &[&'static str]) -> bool {
    pairs(R::INFO, other, names)
}

/// Where `Picks` takes the other side from: [`PAIRED`] where the pair passes
/// ([`pairs`]), [`NOT_A_MODEL`] where the target derives no `Relations`
/// (its id is 0), [`UNPAIRED`] otherwise.
pub const fn pick_of<R: Relationship>(other: Option<RelInfo>, names: &[&'static str]) -> u8 {
    if R::INFO.target_id == 0 {
        NOT_A_MODEL
    } else if pairs(R::INFO, other, names) {
        PAIRED
    } else {
        UNPAIRED
    }
}

/// `backref`: see [`check_backref`].
#[track_caller]
pub const fn assert_backref<R: Relationship>(name: &str, taken: Option<RelInfo>) {
    report(check_backref(R::INFO, name, taken))
}

/// See [`check_required`].
#[track_caller]
pub const fn assert_required<R: Relationship>() {
    report(check_required(R::INFO))
}

/// A one-to-one that names its key: see [`check_unique`].
#[track_caller]
pub const fn assert_unique<R: Relationship>(ev: Evidence) {
    report(check_unique(R::INFO, R::INFO.foreign_key, ev))
}

/// A one-to-one whose key the other side names (`other`): see
/// [`check_unique`].
#[track_caller]
pub const fn assert_unique_of<R: Relationship>(other: Option<RelInfo>, ev: Evidence) {
    // A wrong pair is its own error (`check_pair`): the key it would read
    // off the other side is no key of this one's.
    let fk = match other {
        Some(other) if !other.poisoned && check_pair(R::INFO, Some(other), &[]).is_none() => {
            other.foreign_key
        }
        _ => Col::NONE,
    };
    report(check_unique(R::INFO, fk, ev))
}

/// `Judged::<{ key_unjudged::<R>(ev) }>::foreign_key_not_judged()`
/// ([`key_unjudged`](crate::checking::types::key_unjudged)): a
/// warning (stable Rust's only way for a derive to emit one is the use of a
/// deprecated item) where the checker had no evidence about a foreign key.
pub struct Judged<const UNJUDGED: bool>;

impl Judged<true> {
    /// Warns: see [`key_unjudged`](crate::checking::types::key_unjudged).
    #[deprecated(
        note = "diesel-relations could not check this foreign key: no joinable! proves it, and the migrations hold no FOREIGN KEY on the column while they do not fully know its tables (a table they do not create, or one a statement they skipped touched); run `DIESEL_RELATIONS_REPORT=1 cargo check` to see what the checker read"
    )]
    pub const fn foreign_key_not_judged() {}
}

impl Judged<false> {
    /// Judged: nothing to say.
    pub const fn foreign_key_not_judged() {}
}

/// Both messages, a line each, or the one there is.
pub const fn both(first: Option<Msg>, second: Option<Msg>) -> Option<Msg> {
    match (first, second) {
        (Some(first), Some(second)) => Some(first.push("\n").push(second.as_str())),
        (Some(message), None) | (None, Some(message)) => Some(message),
        (None, None) => None,
    }
}

/// Fails the constant evaluating it with `message`, if any: the error is
/// reported where the generated `const _: () = report(..);` stands, the
/// attribute with the mistake (`#[track_caller]`).
#[track_caller]
pub const fn report(message: Option<Msg>) {
    if let Some(message) = message {
        panic!("{}", message.as_str())
    }
}

// ---------------------------------------------------------------------------
// Messages, built at compile time.

/// A message built in a `const fn`: up to 1024 bytes of UTF-8.
#[derive(Clone, Copy)]
pub struct Msg {
    buf: [u8; Msg::CAPACITY],
    len: usize,
}

impl Msg {
    const CAPACITY: usize = 1024;

    pub const fn new() -> Msg {
        Msg {
            buf: [0; Msg::CAPACITY],
            len: 0,
        }
    }

    /// Appends `s`; what does not fit is cut at a character boundary.
    pub const fn push(mut self, s: &str) -> Msg {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.len == Msg::CAPACITY {
                // Step back to a character boundary.
                while self.len > 0 && (self.buf[self.len - 1] & 0xC0) == 0x80 {
                    self.len -= 1;
                }
                if self.len > 0 && self.buf[self.len - 1] >= 0xC0 {
                    self.len -= 1;
                }
                return self;
            }
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn push_who(self, r: &RelInfo) -> Msg {
        self.push(r.model).push(".").push(r.name)
    }

    /// `other`'s declared type and what makes it the wrong shape.
    const fn push_found(self, other: &RelInfo) -> Msg {
        let m = self.push(other.declared);
        match other.shape {
            Shape::ManyToOne => m
                .push(" holding the foreign key ")
                .push_col(&other.foreign_key),
            Shape::OneToOne => m.push(" without foreign_key (the keyless side of a one-to-one)"),
            Shape::OneToMany => m.push(" (a one-to-many)"),
            Shape::ManyToMany => m.push(" through ").push(other.secondary),
        }
    }

    const fn push_col(self, c: &Col) -> Msg {
        self.push(c.table).push(".").push(c.column)
    }

    const fn push_list(mut self, names: &[&str]) -> Msg {
        let mut i = 0;
        while i < names.len() {
            if i > 0 {
                self = self.push(", ");
            }
            self = self.push(names[i]);
            i += 1;
        }
        self
    }

    const fn push_count(self, n: usize) -> Msg {
        let mut digits = [0u8; 20];
        let mut len = 0;
        let mut n = n;
        loop {
            digits[digits.len() - 1 - len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let (_, tail) = digits.split_at(digits.len() - len);
        match core::str::from_utf8(tail) {
            Ok(s) => self.push(s),
            Err(_) => self,
        }
    }

    /// What `back_populates` on `me` needs the other side to be declared as.
    const fn push_declared_back(self, me: &RelInfo) -> Msg {
        match me.shape {
            Shape::OneToMany | Shape::OneToOne => self.push(me.model),
            Shape::ManyToOne => self.push("Vec<").push(me.model).push(">"),
            Shape::ManyToMany => self
                .push("Vec<")
                .push(me.model)
                .push(">, secondary = ")
                .push(me.secondary),
        }
    }

    pub const fn as_str(&self) -> &str {
        let (text, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(text) {
            Ok(s) => s,
            Err(_) => "diesel-relations: a checker message was not UTF-8",
        }
    }
}

impl Default for Msg {
    fn default() -> Self {
        Msg::new()
    }
}

/// `Model.relationship`
const fn who(r: &RelInfo) -> Msg {
    Msg::new().push_who(r)
}

// The comparisons below run in rustc's const evaluator, once per check of
// every relationship, where each call is a stack frame and each statement
// costs: no helper calls per byte (`eq_ignore_ascii_case`), lengths read once.

pub const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let mut i = 0;
    while i < n {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// SQL names compare as SQLite compares them: ASCII case-insensitively.
pub const fn eq_ci(a: &str, b: &str) -> bool {
    eq_ci_bytes(a.as_bytes(), b.as_bytes())
}

/// [`eq_ci`] of bytes.
const fn eq_ci_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let mut i = 0;
    while i < n {
        let (x, y) = (a[i], b[i]);
        if x != y {
            let x = if x >= b'A' && x <= b'Z' { x + 32 } else { x };
            let y = if y >= b'A' && y <= b'Z' { y + 32 } else { y };
            if x != y {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// The candidate closest to a misspelled `name`, if one is within a third
/// of its length in edits.
const fn did_you_mean(name: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let mut best: Option<&'static str> = None;
    let mut best_distance = usize::MAX;
    let mut i = 0;
    while i < candidates.len() {
        let d = edit_distance(name, candidates[i]);
        if d < best_distance {
            best_distance = d;
            best = Some(candidates[i]);
        }
        i += 1;
    }
    if best_distance <= name.len().div_ceil(3) {
        best
    } else {
        None
    }
}

/// Levenshtein distance; `usize::MAX` for names over 63 bytes.
const fn edit_distance(a: &str, b: &str) -> usize {
    const MAX: usize = 64;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() >= MAX || b.len() >= MAX {
        return usize::MAX;
    }
    let mut prev = [0usize; MAX];
    let mut cur = [0usize; MAX];
    let mut j = 0;
    while j <= b.len() {
        prev[j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        cur[0] = i;
        let mut j = 1;
        while j <= b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            let mut d = prev[j] + 1;
            if cur[j - 1] + 1 < d {
                d = cur[j - 1] + 1;
            }
            if prev[j - 1] + cost < d {
                d = prev[j - 1] + cost;
            }
            cur[j] = d;
            j += 1;
        }
        prev = cur;
        i += 1;
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------
// Foreign keys named on another table than the target's, model keys that
// are not their table's, and foreign keys inferred from the migrations.

/// `KeyOnTable::<invoices::custid, Invoice>::ON`: whether the column is on
/// the model's table (a collection's or one-to-one's foreign key must be on
/// the target's).
pub struct KeyOnTable<F, T>(PhantomData<(F, T)>);

/// [`KeyOnTable`]'s answer where the column is not on the table: `false`.
pub trait KeyOnTableFallback {
    const ON: bool = false;
}

impl<F, T> KeyOnTableFallback for KeyOnTable<F, T> {}

impl<F, T> KeyOnTable<F, T>
where
    T: Model,
    F: Column<Table = <T as Model>::Table>,
{
    pub const ON: bool = true;
}

/// The `Col` of a foreign key that is on the target's table (`on`), else
/// [`Col::NONE`]: the checks of a key on another table would judge a column
/// the relationship cannot use, so only [`assert_key_table`] speaks.
pub const fn col_if(on: bool, col: Col) -> Col {
    if on {
        col
    } else {
        Col::NONE
    }
}

/// The loaded row a collection or one-to-one reads its foreign key off:
/// the target itself when the key is on its table (`ON`), a stand-in of the
/// derive's with a field of the key's name otherwise, so that a key on
/// another table is the checker's one message rather than "no field".
pub struct RowOf<'a, T, S, const ON: bool>(&'a T, PhantomData<S>);

impl<'a, T, S, const ON: bool> RowOf<'a, T, S, ON> {
    /// The row, read through `Deref` as the target or the stand-in.
    pub fn of(row: &'a T) -> Self {
        RowOf(row, PhantomData)
    }
}

impl<T, S> core::ops::Deref for RowOf<'_, T, S, true> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0
    }
}

impl<T, S> core::ops::Deref for RowOf<'_, T, S, false> {
    type Target = S;
    fn deref(&self) -> &S {
        unreachable!("diesel-relations: a foreign key on another table does not compile")
    }
}

/// A field a model maps to a column of another name with
/// `#[diesel(column_name = ..)]` (`Charge.account_id` over `charges::acct`),
/// by its column `C`: the derive of the model writes one for each such field,
/// so that a collection naming `foreign_key = charges::acct` on another
/// model, whose derive sees no field of `Charge`, reads the right one.
///
/// A foreign key field of the migrations that keeps its column's name gets
/// one too, for its type only: `RENAMED` false and no `field` (rows read it
/// by its name), so it costs rustc no function to check.
pub trait FieldOf<C> {
    /// The field's type.
    type Field;
    /// The field's name and its type as written, for messages.
    const FIELD: (&'static str, &'static str);
    /// Whether the field has another name than the column (`field` reads it).
    const RENAMED: bool = false;
    /// The field of `row`; read only where `RENAMED` (see [`ReadRenamed`]).
    fn field(_row: &Self) -> &Self::Field {
        unreachable!("diesel-relations: a field of its column's name is read by that name")
    }
}

/// `FieldFits::<Invoice, invoices::custid, i32>::FITS`: whether the model's
/// field of the column ([`FieldOf`]) can hold the key `K` it references;
/// `false` where it cannot, or where the model writes no `FieldOf` for the
/// column (then [`Renamed`] says so, and the field is not judged).
pub struct FieldFits<T, C, K>(PhantomData<(T, C, K)>);

/// [`FieldFits`]' answer where the field cannot hold the key: `false`.
pub trait FieldFitsFallback {
    const FITS: bool = false;
}

impl<T, C, K> FieldFitsFallback for FieldFits<T, C, K> {}

impl<T: FieldOf<C>, C, K> FieldFits<T, C, K>
where
    T::Field: ForeignKeyValue<K>,
{
    pub const FITS: bool = true;
}

/// A UNIQUE column of a model's table, other than its primary key, that a
/// foreign key of the migrations references, by its name (`Name<hash of
/// "unique clubs.code">`): the derive of the model writes it, so that the
/// relationship holding that foreign key joins on it without naming it in
/// `references`.
#[diagnostic::on_unimplemented(
    message = "the migrations show a foreign key to a UNIQUE column of `{Self}`'s table, but `{Self}` has no field of that column",
    note = "name the column the foreign key references with references = <table>::<column>"
)]
pub trait UniqueKey<N> {
    /// The column.
    type Column;
    /// The Rust type of the model's field of the column.
    type Field;
    /// The field: what a many-to-one to the model reads off a parent row
    /// (its derive does not see the parent's fields, whose names
    /// `#[sql_name]` may set apart from the migrations').
    fn field(row: &Self) -> &Self::Field;
}

/// The column of [`UniqueKey`].
pub type UniqueOf<T, N> = <T as UniqueKey<N>>::Column;

/// `Renamed::<Charge, charges::acct>::RENAMED`: whether the model maps a
/// field of another name to the column ([`FieldOf`]).
pub struct Renamed<T, C>(PhantomData<(T, C)>);

/// [`Renamed`]'s answer where the model has no such field: `false` (its
/// field, if any, has the column's name).
pub trait RenamedFallback {
    const RENAMED: bool = false;
    const KNOWN: bool = false;
    const FIELD: (&'static str, &'static str) = ("", "");
}

impl<T, C> RenamedFallback for Renamed<T, C> {}

/// `KNOWN`: the model tells the field's type ([`FieldOf`]), renamed or not.
impl<T: FieldOf<C>, C> Renamed<T, C> {
    pub const RENAMED: bool = T::RENAMED;
    pub const KNOWN: bool = true;
    pub const FIELD: (&'static str, &'static str) = T::FIELD;
}

/// Reads a child's renamed foreign key field ([`FieldOf`]) as the parent's
/// key `K`: `If<{ renamed and of the key's type }>`, nothing otherwise (the
/// field is then read by the column's name, or the checks report the type).
pub trait ReadRenamed<T, C, K> {
    fn read(row: &T) -> Option<K>;
}

impl<T: FieldOf<C>, C, K> ReadRenamed<T, C, K> for If<true>
where
    T::Field: ForeignKeyValue<K>,
{
    fn read(row: &T) -> Option<K> {
        T::field(row).to_key()
    }
}

impl<T, C, K> ReadRenamed<T, C, K> for If<false> {
    fn read(_: &T) -> Option<K> {
        None
    }
}

/// A collection's or one-to-one's `foreign_key = table::column` must be a
/// column of the target's table: `on` is [`KeyOnTable`]'s answer, `fk` the
/// column named.
/// Where it is, `field` is the target's field of the column (name and type
/// as written, [`Renamed::FIELD`]) and `fits` whether it can hold `key`, the
/// Rust type of the key it references ([`FieldFits`]): one that cannot is
/// the message of [`check_key_field`].
#[track_caller]
pub const fn assert_key_table<R: Relationship>(
    on: bool,
    fk: Col,
    ev: Evidence,
    fits: bool,
    field: (&str, &str),
    key: &str,
) {
    report(match check_key_table(R::INFO, on, fk, ev) {
        None if on && !fits => check_key_field(R::INFO, field, key),
        message => message,
    })
}

/// A collection's or one-to-one's foreign key field on the target (`field`,
/// its name and type) that cannot hold `key`, the Rust type of the key the
/// column references. Silent where the column's SQL type is not the key's:
/// that is [`check_key_types`]' message, whose fix changes the column.
pub const fn check_key_field(me: RelInfo, field: (&str, &str), key: &str) -> Option<Msg> {
    let me = &me;
    if !me.key_types_match || field.0.is_empty() {
        return None;
    }
    let (fk, referenced) = (me.foreign_key, me.references);
    Some(
        who(me)
            .push(": the field ")
            .push(me.target)
            .push(".")
            .push(field.0)
            .push(" is ")
            .push(field.1)
            .push(", which cannot hold the key ")
            .push_col(&fk)
            .push(" references (")
            .push_col(&referenced)
            .push(", ")
            .push(key)
            .push(" in ")
            .push(me.model)
            .push("): declare ")
            .push(field.0)
            .push(": ")
            .push(if me.nullable { "Option<" } else { "" })
            .push(key)
            .push(if me.nullable { ">" } else { "" })
            .push(" on ")
            .push(me.target)
            .push(", as ")
            .push_col(&fk)
            .push(if me.nullable {
                " is Nullable in the Diesel schema"
            } else {
                " reads it"
            }),
    )
}

/// See [`assert_key_table`].
pub const fn check_key_table(me: RelInfo, on: bool, fk: Col, ev: Evidence) -> Option<Msg> {
    // A target that is not a model has no table: its own error (rustc's,
    // worded by `Model`'s on_unimplemented) is the one to read.
    if on || me.target_table.is_empty() {
        return None;
    }
    let me = &me;
    let (target_table, table) = (me.target_table, me.table);
    let m = who(me)
        .push(": foreign_key = ")
        .push(fk.table)
        .push("::")
        .push(fk.column)
        .push(" is a column of ")
        .push(fk.table)
        .push(", but the foreign key of ")
        .push(me.declared)
        .push(" is on ")
        .push(target_table)
        .push(", ")
        .push(me.target)
        .push("'s table: ");
    if matches!(me.shape, Shape::OneToOne) && eq_ci(fk.table, table) {
        return Some(
            m.push("name a column of ")
                .push(target_table)
                .push(" that references ")
                .push(table)
                .push(", or, if the key is on ")
                .push(table)
                .push(", this side holds it: write foreign_key = ")
                .push(fk.column)
                .push(" (a field of ")
                .push(me.model)
                .push(")"),
        );
    }
    let (list, n) = ev.foreign_keys_between(target_table, table);
    Some(if n == 1 {
        m.push("write foreign_key = ")
            .push(target_table)
            .push("::")
            .push(list.as_str())
            .push(" (the foreign key from ")
            .push(target_table)
            .push(" to ")
            .push(table)
            .push(" in ")
            .push(ev.directory)
            .push(")")
    } else if n > 1 {
        m.push("name one of ")
            .push(target_table)
            .push("'s foreign keys to ")
            .push(table)
            .push(" (")
            .push(list.as_str())
            .push("): foreign_key = ")
            .push(target_table)
            .push("::<column>")
    } else {
        m.push("write foreign_key = ")
            .push(target_table)
            .push("::<the column that references ")
            .push(table)
            .push(">")
    })
}

/// `KeyNames::<<regions::table as Table>::PrimaryKey>::NAMES`: the SQL
/// name of a `table!`'s primary key when it is one column, else empty.
pub struct KeyNames<K>(PhantomData<K>);

/// [`KeyNames`]' answer for a key of several columns: none.
pub trait KeyNamesFallback {
    const NAMES: &'static [&'static str] = &[];
}

impl<K> KeyNamesFallback for KeyNames<K> {}

impl<K: Column> KeyNames<K> {
    pub const NAMES: &'static [&'static str] = &[K::NAME];
}

/// A model's key as the derive takes it (`#[diesel(primary_key(..))]`, or
/// `id` without one) must be the key its `table!` declares: the queries
/// join on the `table!`'s and read the derive's off the rows, so two that
/// differ load the rows of another key. `same`: whether the two columns are
/// one; `table_key`: the `table!`'s ([`KeyNames`]).
/// The names the message prints are `M`'s [`ModelDecl`](crate::relationship::ModelDecl)'s,
/// read only where the keys differ: the derive writes no strings for a
/// check that passes.
#[track_caller]
pub const fn assert_primary_key<M: Model>(declared: bool, same: bool, table_key: &[&str]) {
    if same {
        return;
    }
    let decl = M::DECL;
    let key = match decl.primary_key {
        [key] => key.name,
        _ => "",
    };
    report(check_primary_key(
        decl.model, declared, key, decl.table, same, table_key,
    ))
}

/// See [`assert_primary_key`].
pub const fn check_primary_key(
    model: &str,
    declared: bool,
    key: &str,
    table: &str,
    same: bool,
    table_key: &[&str],
) -> Option<Msg> {
    if same {
        return None;
    }
    let m = Msg::new().push(model);
    let m = if declared {
        m.push(": #[diesel(primary_key(").push(key).push("))], but")
    } else {
        m.push(" has no #[diesel(primary_key(..))], so the derive takes ")
            .push(key)
            .push(" as its key, but")
    };
    let m = m.push(" the table! of ").push(table).push(" declares ");
    Some(if let [column] = table_key {
        m.push(column)
            .push(": relationships to and from ")
            .push(model)
            .push(" would match ")
            .push(table)
            .push(".")
            .push(key)
            .push(" values against ")
            .push(table)
            .push(".")
            .push(column)
            .push(" and load the rows of another key; ")
            .push(if declared { "write" } else { "add" })
            .push(" #[diesel(primary_key(")
            .push(column)
            .push("))] on ")
            .push(model)
    } else {
        // `KeyNames` names a key of one column only.
        m.push("a key of several columns: relationships to and from ")
            .push(model)
            .push(" would match its rows by ")
            .push(key)
            .push(" alone and load the rows of other keys; ")
            .push(if declared { "list" } else { "add" })
            .push(" every column of the table!'s key, in its order, in #[diesel(primary_key(..))] on ")
            .push(model)
    })
}

/// The one foreign key from a model's table to the table hashed in `N`
/// (`Name<fnv1a(table)>`), as the migrations show it: the derive of the
/// model on the referencing side writes it where its table has exactly one
/// foreign key to that table and the model a field of the column's name,
/// and a collection that names no key takes it from there ([`InferredKey`]).
pub trait KeyTo<N> {
    /// The foreign key column.
    type Column: Column + Default;
    /// `table.column`, as messages print it.
    const NAME: &'static str;
    /// The table and column as the migrations name them: the derive found
    /// them by loose names where `#[sql_name]` renames them (`"Album"`,
    /// `"ArtistId"` for `albums::artist_id`), and [`Inferred`] takes the
    /// key only where they are `Column`'s SQL names.
    const SQL: (&'static str, &'static str);
    /// The model's field holding it.
    type Field;
    /// The key a row holds (`None` when NULL).
    fn key_of<K>(row: &Self) -> Option<K>
    where
        Self::Field: ForeignKeyValue<K>;
}

/// [`KeyTo`] stated by naming the model's many-to-one over the column
/// (`Rel`), where it has one: the column, its name and how to read it are
/// that relationship's ([`ManyToOneDecl`]), so the derive writes one line
/// where a [`KeyTo`] impl is four items for rustc to check.
pub trait KeyVia<N> {
    /// The many-to-one whose foreign key is the one key to the table
    /// (bounded where [`KeyTo`] reads it, not here: a target that derives
    /// no `Relations` is then one error, at the target).
    type Rel;
    /// [`KeyTo::SQL`]: the names the derive found in the migrations.
    const SQL: (&'static str, &'static str);
}

impl<T, N> KeyTo<N> for T
where
    T: KeyVia<N>,
    T::Rel: ManyToOneDecl<Source = T>,
{
    type Column = <T::Rel as ManyToOneDecl>::ForeignKey;
    const NAME: &'static str = <T::Rel as Relationship>::DECL.foreign_key;
    const SQL: (&'static str, &'static str) = <T as KeyVia<N>>::SQL;
    // The field's type without `Option`: it reads a key `K` exactly where
    // the field (`K` or `Option<K>`) does.
    type Field = <T::Rel as ManyToOneDecl>::Key;
    fn key_of<K>(row: &Self) -> Option<K>
    where
        Self::Field: ForeignKeyValue<K>,
    {
        <T::Rel as ManyToOneDecl>::foreign_key(row).and_then(|key| key.to_key())
    }
}

/// `Inferred::<Invoice, Name<..>, Customer>::FOUND`: whether `Invoice` has
/// the one foreign key to `Customer`'s table ([`KeyTo`]), of `Customer`'s key type.
pub struct Inferred<T, N, S>(PhantomData<(T, N, S)>);

/// [`Inferred`]'s answer where the target has no such key: `false`.
pub trait InferredFallback {
    const FOUND: bool = false;
}

impl<T, N, S> InferredFallback for Inferred<T, N, S> {}

impl<T, N, S> Inferred<T, N, S>
where
    S: Model,
    T: KeyTo<N>,
    <T as KeyTo<N>>::Field: ForeignKeyValue<S::Key>,
    <<T as KeyTo<N>>::Column as Column>::Table: SqlTableName,
{
    pub const FOUND: bool = {
        let (table, column) = <T as KeyTo<N>>::SQL;
        eq_ci(
            table,
            <<<T as KeyTo<N>>::Column as Column>::Table as SqlTableName>::NAME,
        ) && eq_ci(column, <<T as KeyTo<N>>::Column as Column>::NAME)
    };
}

/// The type-level name ([`KeyTo`]'s `N`) of a table by its SQL name:
/// FNV-1a of `table <name in ASCII lower case>`, as the derive of the model
/// holding the key hashes the migrations' name of the referenced table.
pub const fn table_key(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let (prefix, name) = (b"table ", name.as_bytes());
    let mut i = 0;
    while i < prefix.len() + name.len() {
        let mut b = if i < prefix.len() {
            prefix[i]
        } else {
            name[i - prefix.len()]
        };
        if b.is_ascii_uppercase() {
            b += 32;
        }
        hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The foreign key a collection of `S` that names none takes: the one of
/// [`KeyTo`] when [`Inferred`] found it (`If<true>`), a stand-in otherwise
/// (the checker then reports, [`assert_inferred`]).
pub trait InferredKey<T, N, S: Model> {
    /// The foreign key column on `T`'s table.
    type Column: Column + Default;
    /// `table.column`, as messages print it.
    const NAME: &'static str;
    /// The parent key a loaded child holds.
    fn key_of(row: &T) -> Option<S::Key>;
}

impl<T, N, S: Model> InferredKey<T, N, S> for If<true>
where
    T: KeyTo<N>,
    <T as KeyTo<N>>::Field: ForeignKeyValue<S::Key>,
{
    type Column = <T as KeyTo<N>>::Column;
    const NAME: &'static str = <T as KeyTo<N>>::NAME;
    fn key_of(row: &T) -> Option<S::Key> {
        <T as KeyTo<N>>::key_of(row)
    }
}

impl<T: Model, N, S: Model> InferredKey<T, N, S> for If<false>
where
    <T::Table as Table>::PrimaryKey: Column + Default,
{
    type Column = <T::Table as Table>::PrimaryKey;
    const NAME: &'static str = "";
    fn key_of(_: &T) -> Option<S::Key> {
        None
    }
}

/// A collection naming neither its foreign key nor the other side: fine
/// where its key was inferred (`found`, [`Inferred`]), else the message of
/// [`check_unnamed`].
#[track_caller]
pub const fn assert_inferred(
    found: bool,
    me: RelInfo,
    child_table: &str,
    parent: Col,
    ev: Evidence,
) {
    if !found {
        report(Some(check_unnamed(me, child_table, parent, ev)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_concatenate_and_count() {
        let m = Msg::new().push("a").push("β").push_count(0).push_count(42);
        assert_eq!(m.as_str(), "aβ042");
    }

    #[test]
    fn long_messages_are_cut_at_a_character() {
        let mut m = Msg::new();
        for _ in 0..600 {
            m = m.push("é");
        }
        assert!(m.as_str().len() <= 1024);
        assert!(m.as_str().chars().all(|c| c == 'é'));
    }

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(
            did_you_mean("custmer", &["customer", "lines"]),
            Some("customer")
        );
        assert_eq!(did_you_mean("orders", &["customer", "lines"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
