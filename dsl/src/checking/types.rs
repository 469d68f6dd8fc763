//! Type checks of foreign key columns, the library's half: a column whose
//! SQL type differs from the key it references (an association table's
//! column), a foreign key field whose Rust type cannot read its column, and
//! a Diesel schema that says another type or nullability than the
//! migrations. The derive embeds the facts (`RelInfo::secondary_types`,
//! `RelInfo::field`, `Evidence::columns`); these judge them at compile time,
//! in the constants of the foreign key's attribute ([`assert_key`], with
//! `pairing`'s key checks) and of `secondary` ([`assert_association`]): one
//! constant per attribute. Above `pairing`, whose checks and messages it
//! uses.
//!
//! Each judges only what it is sure of: SQL types outside
//! `SmallInt`/`Integer`/`BigInt`/`Text`, Rust types Diesel reads from
//! several SQL types, and migration types whose Diesel type depends on the
//! backend are left alone, so a valid schema never fails.
//!
//! Nothing here is a public API.

use crate::checking::pairing::{
    both, check_association, check_association_not_key, check_foreign_key, check_key_types, eq,
    report, Col, Evidence, If, Msg, RelInfo, COMPOSITE,
};
pub use crate::declaring::facts::MigrationColumn;
use crate::declaring::facts::{judged_sql_type as judged, rust_type_of, same_judged};
use crate::relationship::{ForeignKeyValue, Relationship};
use core::marker::PhantomData;

/// `ReadsAs::<String>::SQL`: the one Diesel SQL type (among those the type
/// checks judge) a Rust field type reads, or empty. A probe: a type it
/// does not know answers through [`ReadsAsFallback`], never an error.
pub struct ReadsAs<T: ?Sized>(PhantomData<T>);

/// The answer for types [`ReadsAs`] does not judge.
pub trait ReadsAsFallback {
    const SQL: &'static str = "";
}

impl<T: ?Sized> ReadsAsFallback for ReadsAs<T> {}

macro_rules! reads_as {
    ($($ty:ty => $sql:literal),* $(,)?) => {
        $(impl ReadsAs<$ty> {
            pub const SQL: &'static str = $sql;
        })*
    };
}

// Diesel reads each from that SQL type only, among the judged ones, on every
// backend (`String` also reads `Date`, `Time`, `Timestamp` on SQLite and
// `Citext` on PostgreSQL, none of them judged).
reads_as! {
    i16 => "SmallInt",
    i32 => "Integer",
    i64 => "BigInt",
    String => "Text",
}

const fn who(me: &RelInfo) -> Msg {
    Msg::new().push(me.model).push(".").push(me.name)
}

const fn push_col(m: Msg, c: &Col) -> Msg {
    m.push(c.table).push(".").push(c.column)
}

/// What the migrations have, as [`check_drift`] says it: the column by its
/// SQL names, where the message named it by the code's (`column`).
const fn push_said(m: Msg, column: &str, c: &Col) -> Msg {
    if column.is_empty() {
        m
    } else {
        push_col(m, c).push(" is ")
    }
}

/// The first message of the two, or the second.
const fn first(a: Option<Msg>, b: Option<Msg>) -> Option<Msg> {
    match a {
        Some(a) => Some(a),
        None => b,
    }
}

impl Evidence {
    /// What the migrations say of `col`, when they say anything.
    const fn column(&self, col: &Col) -> Option<MigrationColumn> {
        let (mut i, n) = (0, self.columns.len());
        while i < n {
            let c = self.columns[i];
            // Lengths first, without a call (each is a frame in rustc's
            // const evaluator).
            if c.column.len() == col.column.len()
                && c.table.len() == col.table.len()
                && crate::checking::pairing::eq_ci(c.table, col.table)
                && crate::checking::pairing::eq_ci(c.column, col.column)
            {
                return Some(c);
            }
            i += 1;
        }
        None
    }
}

/// The Diesel schema and the migrations disagree on `col`, whose Diesel SQL
/// type is `schema_type` (`Nullable` stripped) and nullability
/// `schema_nullable` (`None`: not read). `column`: the column as the code
/// names it (`tracks::genre_id`), which the message says schema.rs has, and
/// `col` (its SQL names, `Track.GenreId`) what the migrations have; empty
/// where the derive did not write it, and the message says `col` alone.
const fn check_drift(
    me: &RelInfo,
    col: &Col,
    column: &str,
    schema_type: &str,
    schema_nullable: Option<bool>,
    ev: &Evidence,
) -> Option<Msg> {
    let Some(found) = ev.column(col) else {
        return None;
    };
    // Lengths first: two judged names differ exactly when their lengths do.
    let type_differs = !same_judged(found.sql_type, schema_type)
        && !found.sql_type.is_empty()
        && judged(found.sql_type)
        && judged(schema_type);
    let null_differs = match (found.not_null, schema_nullable) {
        (Some(not_null), Some(nullable)) => not_null == nullable,
        _ => false,
    };
    if !type_differs && !null_differs {
        return None;
    }
    let m = who(me).push(": schema.rs says ");
    let m = if column.is_empty() {
        push_col(m, col)
    } else {
        m.push(column)
    }
    .push(" is ");

    let m = if null_differs {
        let (schema, migration) = if matches!(found.not_null, Some(true)) {
            ("Nullable<", " NOT NULL")
        } else {
            ("", " NULL")
        };
        let m = m.push(schema).push(schema_type);
        let m = if schema.is_empty() { m } else { m.push(">") };
        let m = m
            .push(" but the migrations (")
            .push(ev.directory)
            .push(") say ");
        match (found.sql_type.is_empty(), column.is_empty()) {
            (true, true) => m.push("the column").push(migration),
            // `Track.GenreId is NOT NULL`
            (true, false) => push_said(m, column, col).push(migration.split_at(1).1),
            (false, _) => push_said(m, column, col)
                .push(found.sql_type)
                .push(migration),
        }
    } else {
        let m = m
            .push(schema_type)
            .push(" but the migrations (")
            .push(ev.directory)
            .push(") say ");
        push_said(m, column, col).push(found.sql_type)
    };
    Some(m.push(": run diesel print-schema, or fix the migration"))
}

/// The many-to-one's foreign key field cannot read its column: `customer_id:
/// String` over an `Integer` column.
const fn check_field(me: &RelInfo) -> Option<Msg> {
    if me.field_fits() {
        return None;
    }
    let (name, written, reads) = me.field;
    let column = me.key_types.0;
    let optional = written.len() >= 6 && {
        let b = written.as_bytes();
        b[0] == b'O' && b[1] == b'p' && b[2] == b't' && b[3] == b'i' && b[4] == b'o' && b[5] == b'n'
    };
    let m = who(me)
        .push(": the field ")
        .push(me.model)
        .push(".")
        .push(name)
        .push(" is ")
        .push(written)
        .push(", which Diesel reads from ")
        .push(reads)
        .push(", but ");
    let m = push_col(m, &me.foreign_key)
        .push(" is ")
        .push(column)
        .push(" in the Diesel schema: declare ")
        .push(name)
        .push(": ");
    let m = if optional {
        m.push("Option<").push(rust_type_of(column)).push(">")
    } else {
        m.push(rust_type_of(column))
    };
    Some(m.push(", the type of the column"))
}

/// Reads a child's foreign key field as the parent's key `K`, for a
/// collection naming its foreign key (`foreign_key = invoices::custid`):
/// `If<{ the column's SQL type is the key's }>`. When it is not, the checks
/// report it and this reads nothing, so that the field's other Rust type
/// (`i64` for an `i32` key) is no second error.
pub trait ReadKey<F: ?Sized, K> {
    fn read(field: &F) -> Option<K>;
}

impl<F: ForeignKeyValue<K> + ?Sized, K> ReadKey<F, K> for If<true> {
    fn read(field: &F) -> Option<K> {
        field.to_key()
    }
}

impl<F: ?Sized, K> ReadKey<F, K> for If<false> {
    fn read(_: &F) -> Option<K> {
        None
    }
}

/// The foreign key this side names: the Diesel schema and the migrations
/// agree on its type and nullability, then its field reads it. The first
/// that fails: a field checked against a stale schema would mislead.
/// `key_types`: `pairing::check_key_types`, judged between the two.
pub const fn check_key_column(
    me: RelInfo,
    ev: Evidence,
    column: &str,
    key_types: Option<Msg>,
) -> Option<Msg> {
    let me = &me;
    let ev = &ev;
    let nullable = if ev.complete { Some(me.nullable) } else { None };
    first(
        check_drift(me, &me.foreign_key, column, me.key_types.0, nullable, ev),
        first(key_types, check_field(me)),
    )
}

/// The foreign key this side names: its types (`check_key_column`,
/// `check_key_types`) and, where the migrations ran, that one exists and
/// references the key (`check_foreign_key`). One constant for all, as
/// they point at the same attribute (a constant is the cost of a check:
/// measured); both messages when both fail. `column`: the foreign key as
/// the code names it (`tracks::genre_id`), which the drift message says
/// schema.rs has.
#[track_caller]
pub const fn assert_key<R: Relationship>(ev: Evidence, column: &str) {
    report(key_message(R::INFO, ev, column))
}

/// [`assert_key`]'s message, if any.
const fn key_message(me: RelInfo, ev: Evidence, column: &str) -> Option<Msg> {
    // A target that derives no `Relations` is rustc's error at it; its
    // facts here are stand-ins (`pairing::AsModel`), not to be judged.
    if me.target_id == 0 {
        return None;
    }
    // A key that references another column of the target's table is not
    // judged against the primary key's type: that message would ask to
    // change a column the user means to join on.
    // The scan of the migrations' keys only where the types differ.
    let key_types = if me.key_types_match || references_other_column(&me, &ev) {
        None
    } else {
        check_key_types(me)
    };
    both(
        check_key_column(me, ev, column, key_types),
        check_foreign_key(me, ev),
    )
}

/// Whether the migrations were read but could not judge `R`'s foreign key
/// either way ([`check_foreign_key`]): no `joinable!` proves it, they hold no
/// foreign key on the column, and they do not fully know both tables (one
/// is not created by them, or a statement they skipped touched it). The
/// derive then uses [`Judged::foreign_key_not_judged`] at the attribute,
/// which warns. Not where [`assert_key`] reports a mistake of the key (a
/// key of one column to a composite key, of another type): that error
/// judged it, and a warning that it was not would contradict it.
///
/// [`Judged::foreign_key_not_judged`]: crate::pairing::Judged
pub const fn key_unjudged<R: Relationship>(ev: Evidence) -> bool {
    let me = R::INFO;
    let (fk, parent) = (me.foreign_key, me.references);
    if !ev.complete || me.joinable || !fk.is_known() || ev.foreign_key_on(&fk).is_some() {
        return false;
    }
    !(ev.knows(fk.table) && ev.knows(parent.table)) && key_message(me, ev, "").is_none()
}

/// [`assert_key`] of a collection or one-to-one naming its key on the
/// other side of a pair: where that side (`other`) is a scalar that names
/// the same column and points back, its own `assert_key` judges the
/// column, so one mistake is one error.
#[track_caller]
pub const fn assert_key_of<R: Relationship>(ev: Evidence, other: Option<RelInfo>, column: &str) {
    let me = R::INFO;
    if let Some(other) = other {
        if !other.poisoned
            && other.back_id == me.name_id
            && other.target_id == me.model_id
            && matches!(other.shape, crate::pairing::Shape::ManyToOne)
            && other.foreign_key.same(&me.foreign_key)
        {
            return;
        }
    }
    assert_key::<R>(ev, column)
}

/// Whether the migrations' foreign key on this side's column references
/// the right table but another column than the one the relationship joins
/// on.
const fn references_other_column(me: &RelInfo, ev: &Evidence) -> bool {
    match ev.foreign_key_on(&me.foreign_key) {
        Some(found) => {
            crate::pairing::eq_ci(found.references, me.references.table)
                && !found.referenced_column.is_empty()
                && !crate::pairing::eq_ci(found.referenced_column, me.references.column)
        }
        None => false,
    }
}

/// Whether `me` and `other`, a mutual many-to-many pair, go through two
/// association tables or name its columns two ways: the pair check's one
/// error (`check_shapes`), as which side is wrong is for the user to say;
/// what the migrations say of `me`'s columns waits until the two agree.
const fn disagrees(me: &RelInfo, other: &RelInfo) -> bool {
    let mutual = other.back_id == me.name_id
        && other.target_id == me.model_id
        && !other.poisoned
        && matches!(other.shape, crate::pairing::Shape::ManyToMany);
    if !mutual {
        return false;
    }
    if !crate::pairing::eq_ci(me.secondary, other.secondary) {
        return true;
    }
    match (me.secondary_columns, other.secondary_columns) {
        (Some((a, b)), Some((c, d))) => !(a.same(&d) && b.same(&c)),
        _ => false,
    }
}

/// The association table's columns to each side: their SQL types
/// (`check_association_types`; `other`, the other side of
/// `back_populates`) and foreign keys (`check_association`), in one
/// constant as [`assert_key`].
#[track_caller]
pub const fn assert_association<R: Relationship>(
    ev: Evidence,
    other: Option<RelInfo>,
    columns: (&str, &str),
) {
    if let Some(other) = other {
        if disagrees(&R::INFO, &other) {
            return;
        }
    }
    // A column referencing another column than the key is the one error:
    // the type checks would compare it with the key and ask for a change
    // of type that would not help.
    // When both sides of `back_populates` name the columns, the one whose
    // `Model.name` sorts first reports.
    let reports = match other {
        Some(other) => other.secondary_columns.is_none() || sorts_first(&R::INFO, &other),
        None => true,
    };
    if reports {
        let unsupported = first(
            check_association_not_key(R::INFO, false, ev),
            check_association_not_key(R::INFO, true, ev),
        );
        if unsupported.is_some() {
            return report(unsupported);
        }
    }
    report(both(
        check_association_types(R::INFO, ev, other, columns),
        both(
            check_association(R::INFO, false, ev),
            check_association(R::INFO, true, ev),
        ),
    ))
}

/// A many-to-many's association columns, each against the key it
/// references: the Diesel schema and the migrations agree on its type, and
/// that type is the key's.
/// `other`: the other side of `back_populates`; when it names the columns
/// too, the one whose `Model.name` sorts first reports, so that one mistake
/// is one error. `columns`: the association columns to this side and to the
/// target as the code names them (`posts_tags::tag_id`), for the drift
/// message.
pub const fn check_association_types(
    me: RelInfo,
    ev: Evidence,
    other: Option<RelInfo>,
    columns: (&str, &str),
) -> Option<Msg> {
    let me = &me;
    let ev = &ev;
    let Some((to_this, to_target)) = me.secondary_columns else {
        return None;
    };
    // A target that derives no `Relations`: see `check_association`.
    if me.target_id == 0 {
        return None;
    }
    if let Some(other) = other {
        if other.secondary_columns.is_some() && !sorts_first(me, &other) {
            return None;
        }
    }
    let [this_type, this_key, target_type, target_key] = me.secondary_types;
    // One column for a side keyed by several: the composite form is the
    // fix, not a change of the column's type.
    if eq(this_key, COMPOSITE) || eq(target_key, COMPOSITE) {
        return one_column_for_composite(
            me,
            (&to_this, &to_target),
            eq(target_key, COMPOSITE),
            other,
        );
    }
    first(
        first(
            check_drift(me, &to_this, columns.0, this_type, None, ev),
            check_drift(me, &to_target, columns.1, target_type, None, ev),
        ),
        first(
            association_key(
                me,
                &to_this,
                &me.keys.0,
                me.model,
                (this_type, this_key),
                me.secondary_types_match.0,
            ),
            association_key(
                me,
                &to_target,
                &me.keys.1,
                me.target,
                (target_type, target_key),
                me.secondary_types_match.1,
            ),
        ),
    )
}

/// A one-column many-to-many (`secondary = line_tags(tag_id, order_id)`)
/// one of whose sides is keyed by several columns (`OrderLine`, keyed by
/// `(order_id, line_no)`): the message names the side, its other side
/// where there is one (`OrderLine.tags`, a composite many-to-many), and
/// the composite form to write.
const fn one_column_for_composite(
    me: &RelInfo,
    (to_this, to_target): (&Col, &Col),
    target_is_composite: bool,
    other: Option<RelInfo>,
) -> Option<Msg> {
    let (column, model) = if target_is_composite {
        (to_target, me.target)
    } else {
        (to_this, me.model)
    };
    let mut m = who(me).push(": secondary = ").push(to_this.table).push("(");
    m = m
        .push(to_this.column)
        .push(", ")
        .push(to_target.column)
        .push(") names one column, ");
    m = push_col(m, column).push(", for ").push(model);
    m = m.push(", whose primary key has several");
    if let Some(other) = other {
        m = m
            .push(" (beside its other side ")
            .push(other.model)
            .push(".")
            .push(other.name);
        m = m.push(")");
    }
    m = m
        .push(": name a column of ")
        .push(to_this.table)
        .push(" for each column of the primary key of ");
    m = m
        .push(model)
        .push(", in parentheses in the order of that key, secondary = ");
    m = m.push(to_this.table).push("(");
    m = if target_is_composite {
        m.push(to_this.column).push(", (..))")
    } else {
        m.push("(..), ").push(to_target.column).push(")")
    };
    Some(m)
}

/// Whether `a`'s `Model.name` sorts before `b`'s (bytewise).
const fn sorts_first(a: &RelInfo, b: &RelInfo) -> bool {
    match compare(a.model, b.model) {
        0 => compare(a.name, b.name) <= 0,
        c => c < 0,
    }
}

/// -1, 0 or 1 as `a` sorts before, with or after `b`.
const fn compare(a: &str, b: &str) -> i32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] { -1 } else { 1 };
        }
        i += 1;
    }
    if a.len() < b.len() {
        -1
    } else if a.len() > b.len() {
        1
    } else {
        0
    }
}

/// An association column whose SQL type is not its key's.
const fn association_key(
    me: &RelInfo,
    column: &Col,
    key: &Col,
    key_model: &str,
    (column_type, key_type): (&str, &str),
    same: bool,
) -> Option<Msg> {
    if same {
        return None;
    }
    let m = push_col(who(me).push(": "), column);
    Some(if !column_type.is_empty() && !key_type.is_empty() {
        let m = push_col(m.push(" is ").push(column_type).push(" but "), key)
            .push(" (")
            .push(key_model)
            .push(") is ")
            .push(key_type)
            .push(": make ");
        push_col(m, column)
            .push(" ")
            .push(key_type)
            .push(" (in the migration and in the Diesel schema), as the key it references")
    } else {
        push_col(m.push(" and "), key).push(
            " have different SQL types in the Diesel schema: an association column has the type of the key it references",
        )
    })
}
