//! The compile-time check of a composite foreign key (`foreign_key = (a,
//! b)`) against the key it references, the target's primary key: as many
//! columns, and each column's SQL type that of the key column in the same
//! place. The derive of the source cannot see the target's key; this
//! `const fn` reads it off the target's `Model::PRIMARY_KEY`, and its
//! panic is the one error, at the attribute.

use crate::checking::pairing::{eq, report, If, Msg};
use crate::declaring::facts::KeyColumn;
use crate::declaring::registry::RowColumns;
use crate::declaring::relationship::{HasRelationship, ModelDecl, RowKey};
use core::marker::PhantomData;

/// Whether a composite foreign key `fk` fits the key of `referenced`:
/// what the generated code reads the key with picks by it ([`ReadRow`]).
pub const fn row_key_ok(referenced: ModelDecl, fk: &[KeyColumn]) -> bool {
    check_row_key("", "", referenced, fk).is_none()
}

/// Reads a composite foreign key's fields as the target's key `K` where
/// the check passed (`If<true>`), and reads nothing where it did not, so
/// that the check's message is the only error.
pub trait ReadRow<K, F> {
    fn read(fields: F) -> Option<K>;
}

impl<K, F: RowKey<K>> ReadRow<K, F> for If<true> {
    fn read(fields: F) -> Option<K> {
        fields.row_key()
    }
}

impl<K, F> ReadRow<K, F> for If<false> {
    fn read(_: F) -> Option<K> {
        None
    }
}

/// The check the derive writes for each composite foreign key of `who`
/// (`Model.relationship`): `fk` is its columns on `table` as declared
/// (name, SQL type without `Nullable`), `referenced` the model whose key
/// they reference (the target of a many-to-one, the source of a
/// collection).
#[track_caller]
pub const fn assert_row_key(who: &str, table: &str, referenced: ModelDecl, fk: &[KeyColumn]) {
    report(check_row_key(who, table, referenced, fk))
}

/// `(a, b)` of key columns.
const fn list(mut msg: Msg, columns: &[KeyColumn]) -> Msg {
    msg = msg.push("(");
    let mut i = 0;
    while i < columns.len() {
        if i > 0 {
            msg = msg.push(", ");
        }
        msg = msg.push(columns[i].name);
        i += 1;
    }
    msg.push(")")
}

/// The message for a composite foreign key `fk` on `table` of `who` that
/// does not fit `target`'s primary key, or `None`.
pub const fn check_row_key(
    who: &str,
    table: &str,
    target: ModelDecl,
    fk: &[KeyColumn],
) -> Option<Msg> {
    let key = target.primary_key;
    if key.len() != fk.len() {
        let mut msg = Msg::new().push(who).push(": foreign_key = ");
        msg = list(msg, fk);
        msg = msg.push(" names ");
        msg = msg.push(if fk.len() < key.len() {
            "fewer"
        } else {
            "more"
        });
        msg = msg
            .push(" columns than the primary key of ")
            .push(target.model);
        msg = msg.push(" (").push(target.table).push(") has, ");
        msg = list(msg, key);
        msg = msg.push(": name one column of ").push(table);
        msg = msg.push(" for each of them, in that order");
        return Some(msg);
    }
    let mut i = 0;
    while i < fk.len() {
        if !eq(fk[i].sql_type, key[i].sql_type) {
            let mut msg = Msg::new().push(who).push(": ").push(table).push(".");
            msg = msg.push(fk[i].name).push(" is ").push(fk[i].sql_type);
            msg = msg
                .push(", but it stands where ")
                .push(target.table)
                .push(".");
            msg = msg.push(key[i].name).push(" stands in the primary key of ");
            msg = msg.push(target.model).push(" ");
            msg = list(msg, key);
            msg = msg.push(", which is ").push(key[i].sql_type);
            msg =
                msg.push(": write the foreign key's columns in the order of that key, or declare ");
            msg = msg
                .push(table)
                .push(".")
                .push(fk[i].name)
                .push(" as ")
                .push(key[i].sql_type);
            return Some(msg);
        }
        i += 1;
    }
    None
}

/// The check the derive writes for each side of a many-to-many whose
/// association table references a composite key (`secondary = t((a, b),
/// c)`): `columns` are the association table's columns for that side as
/// declared (name, SQL type without `Nullable`), `referenced` the model
/// whose key they reference (the source, or the target).
#[track_caller]
pub const fn assert_secondary_key(
    who: &str,
    secondary: &str,
    referenced: ModelDecl,
    columns: &[KeyColumn],
) {
    report(check_secondary_key(who, secondary, referenced, columns))
}

/// The message for association table columns `columns` of `secondary`
/// that do not fit `target`'s primary key, or `None`: as many columns as
/// the key, each of its column's SQL type.
pub const fn check_secondary_key(
    who: &str,
    secondary: &str,
    target: ModelDecl,
    columns: &[KeyColumn],
) -> Option<Msg> {
    let key = target.primary_key;
    if key.len() != columns.len() {
        let mut msg = Msg::new().push(who).push(": secondary = ").push(secondary);
        msg = msg.push("(..) names ");
        msg = list(msg, columns);
        msg = msg.push(" for ").push(target.model).push(", ");
        msg = msg.push(if columns.len() < key.len() {
            "fewer"
        } else {
            "more"
        });
        msg = msg
            .push(" columns than the primary key of ")
            .push(target.model);
        msg = msg.push(" (").push(target.table).push(") has, ");
        msg = list(msg, key);
        msg = msg.push(": name one column of ").push(secondary);
        msg = msg.push(" for each of them, in that order, in parentheses where there are several");
        return Some(msg);
    }
    let mut i = 0;
    while i < columns.len() {
        if !eq(columns[i].sql_type, key[i].sql_type) {
            let mut msg = Msg::new().push(who).push(": ").push(secondary).push(".");
            msg = msg
                .push(columns[i].name)
                .push(" is ")
                .push(columns[i].sql_type);
            msg = msg
                .push(", but it stands where ")
                .push(target.table)
                .push(".");
            msg = msg.push(key[i].name).push(" stands in the primary key of ");
            msg = msg.push(target.model).push(" ");
            msg = list(msg, key);
            msg = msg.push(", which is ").push(key[i].sql_type);
            msg = msg
                .push(": write the columns of ")
                .push(secondary)
                .push(" for ");
            msg = msg
                .push(target.model)
                .push(" in the order of that key, or declare ");
            msg = msg
                .push(secondary)
                .push(".")
                .push(columns[i].name)
                .push(" as ")
                .push(key[i].sql_type);
            return Some(msg);
        }
        i += 1;
    }
    None
}

/// `RowPair::<Note, Name<..>>::COLUMNS`: the columns of `Note`'s
/// relationship of that name where it goes through a composite foreign
/// key, else `None` (no such relationship, a one-column one, or one whose
/// derive reported a mistake): the probe the `back_populates` pair check
/// of a composite collection reads its other side with.
pub struct RowPair<T, N>(PhantomData<(T, N)>);

/// [`RowPair`]'s answer where the other side has no composite columns.
pub trait RowPairFallback {
    const COLUMNS: Option<&'static [KeyColumn]> = None;
}

impl<T, N> RowPairFallback for RowPair<T, N> {}

impl<T, N> RowPair<T, N>
where
    T: HasRelationship<N>,
    T::Rel: RowColumns,
{
    pub const COLUMNS: Option<&'static [KeyColumn]> = Some(<T::Rel as RowColumns>::COLUMNS);
}

/// The check the derive writes for a collection (or one-to-one) through a
/// composite foreign key with `back_populates`: its columns on `table`,
/// `columns`, must be those of its other side `other` (`Note.order_line`),
/// `other_columns`, in the same order, since both describe one FOREIGN KEY.
///
/// `OrderLine.notes, foreign_key = (notes::line_no, notes::order_id)`
/// beside `Note.order_line, foreign_key = (order_id, line_no)` is the
/// error, whose fix is the other side's columns.
#[track_caller]
pub const fn assert_row_pair(
    who: &str,
    table: &str,
    columns: &[KeyColumn],
    other: &str,
    other_columns: Option<&[KeyColumn]>,
) {
    report(check_row_pair(who, table, columns, other, other_columns))
}

/// The message of [`assert_row_pair`], or `None`.
pub const fn check_row_pair(
    who: &str,
    table: &str,
    columns: &[KeyColumn],
    other: &str,
    other_columns: Option<&[KeyColumn]>,
) -> Option<Msg> {
    let Some(theirs) = other_columns else {
        return None;
    };
    let mut same = theirs.len() == columns.len();
    let mut i = 0;
    while same && i < columns.len() {
        same = eq(columns[i].name, theirs[i].name);
        i += 1;
    }
    if same {
        return None;
    }
    let mut msg = Msg::new().push(who).push(": foreign_key = ");
    msg = qualified(msg, table, columns);
    msg = msg
        .push(" are not the columns of its other side ")
        .push(other);
    msg = msg.push(", foreign_key = ");
    msg = list(msg, theirs);
    msg = msg.push(", in the same order, though both describe one foreign key of ");
    msg = msg.push(table).push(": write foreign_key = ");
    msg = qualified(msg, table, theirs);
    Some(msg.push(" here"))
}

/// `(table::a, table::b)` of key columns.
const fn qualified(mut msg: Msg, table: &str, columns: &[KeyColumn]) -> Msg {
    msg = msg.push("(");
    let mut i = 0;
    while i < columns.len() {
        if i > 0 {
            msg = msg.push(", ");
        }
        msg = msg.push(table).push("::").push(columns[i].name);
        i += 1;
    }
    msg.push(")")
}

/// What one side of a many-to-many through a composite key declares in
/// its `secondary = t((a, b), c)`: the association table's SQL name and
/// its columns to that side's source and to its target, as the pair check
/// of the other side reads them ([`SecondaryPair`]).
#[derive(Clone, Copy)]
pub struct SecondarySide {
    /// The association table's SQL name.
    pub table: &'static str,
    /// Its columns to the side's source, in the order of its key.
    pub to_source: &'static [KeyColumn],
    /// Its columns to the side's target, in the order of its key.
    pub to_target: &'static [KeyColumn],
    /// Whether the migrations key these columns otherwise: that side's
    /// error (`evidence::composite_checks`) is then the one error.
    pub disagrees: bool,
}

/// Whether a composite many-to-many's columns contradict the migrations'
/// FOREIGN KEYs (`false` where there are none to read): the derive
/// implements it for each marker, for [`SecondaryPair`].
pub trait SecondaryJudged {
    const DISAGREES: bool;
}

/// `SecondaryPair::<Tag, Name<..>>::SIDE`: what `Tag`'s relationship of
/// that name declares where it is a many-to-many through a composite key
/// (`secondary = t(c, (a, b))`), else `None` (no such relationship, a
/// one-column many-to-many, another kind, or one whose derive reported a
/// mistake): the probe the pair check of a composite many-to-many reads
/// its other side with.
pub struct SecondaryPair<T, N>(PhantomData<(T, N)>);

/// [`SecondaryPair`]'s answer where the other side is no composite
/// many-to-many.
pub trait SecondaryPairFallback {
    const SIDE: Option<SecondarySide> = None;
}

impl<T, N> SecondaryPairFallback for SecondaryPair<T, N> {}

impl<T, N> SecondaryPair<T, N>
where
    T: HasRelationship<N>,
    T::Rel: RowColumns + SecondaryJudged + crate::declaring::relationship::ManyToManyRowDecl,
{
    pub const SIDE: Option<SecondarySide> = Some(SecondarySide {
        table: <T::Rel as crate::declaring::relationship::ManyToManyRowDecl>::SECONDARY,
        to_source: <T::Rel as RowColumns>::COLUMNS,
        to_target: <T::Rel as RowColumns>::TARGET_COLUMNS,
        disagrees: <T::Rel as SecondaryJudged>::DISAGREES,
    });
}

/// The check the derive writes for a many-to-many through a composite key
/// with `back_populates` (`who`, `OrderLine.tags`, declaring `mine`): its
/// other side `other` (`Tag.lines`, declaring `theirs`) must name the same
/// association table and the same columns, each side its own first. One
/// side of the pair reports (the derive picks the one whose name sorts
/// first); `source` and `target` are the two models' keys, so that a side
/// whose columns do not fit them is left to [`assert_secondary_key`].
///
/// `OrderLine.tags, secondary = line_tags((order_id, line_no), tag_id)`
/// beside `Tag.lines, secondary = line_tags(tag_id, (line_no, order_id))`
/// is the error.
#[track_caller]
pub const fn assert_secondary_pair(
    who: &str,
    mine: SecondarySide,
    other: &str,
    theirs: Option<SecondarySide>,
    keys: (ModelDecl, ModelDecl),
) {
    report(check_secondary_pair(who, mine, other, theirs, keys))
}

/// Whether two column lists name the same columns in the same order.
const fn same_columns(a: &[KeyColumn], b: &[KeyColumn]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !eq(a[i].name, b[i].name) {
            return false;
        }
        i += 1;
    }
    true
}

/// A side's columns as `secondary = ..` writes them: `a` alone, `(a, b)`
/// where there are several.
const fn side(msg: Msg, columns: &[KeyColumn]) -> Msg {
    if columns.len() == 1 {
        msg.push(columns[0].name)
    } else {
        list(msg, columns)
    }
}

/// `secondary = t(x, y)`.
const fn secondary(msg: Msg, table: &str, first: &[KeyColumn], second: &[KeyColumn]) -> Msg {
    let mut msg = msg.push("secondary = ").push(table).push("(");
    msg = side(msg, first).push(", ");
    side(msg, second).push(")")
}

/// The message of [`assert_secondary_pair`], or `None`.
pub const fn check_secondary_pair(
    who: &str,
    mine: SecondarySide,
    other: &str,
    theirs: Option<SecondarySide>,
    keys: (ModelDecl, ModelDecl),
) -> Option<Msg> {
    let Some(theirs) = theirs else {
        return None;
    };
    // A side the migrations contradict has that error alone.
    if mine.disagrees || theirs.disagrees {
        return None;
    }
    let (source, target) = keys;
    // A side whose columns do not fit the keys has that error alone.
    if check_secondary_key("", "", source, mine.to_source).is_some()
        || check_secondary_key("", "", target, mine.to_target).is_some()
        || check_secondary_key("", "", target, theirs.to_source).is_some()
        || check_secondary_key("", "", source, theirs.to_target).is_some()
    {
        return None;
    }
    let same_table = eq(mine.table, theirs.table);
    if same_table
        && same_columns(mine.to_source, theirs.to_target)
        && same_columns(mine.to_target, theirs.to_source)
    {
        return None;
    }
    let mut msg = Msg::new().push(who).push(" has ");
    msg = secondary(msg, mine.table, mine.to_source, mine.to_target);
    msg = msg.push(" but its other side ").push(other).push(" has ");
    msg = secondary(msg, theirs.table, theirs.to_source, theirs.to_target);
    msg = msg.push(if same_table {
        ": each side names its own columns first, then the other's, so the two lists are the same columns in the same order, swapped"
    } else {
        ": the two sides of a many-to-many share one association table"
    });
    msg = msg.push("; write ");
    msg = secondary(msg, mine.table, mine.to_target, mine.to_source);
    msg = msg.push(" on ").push(other).push(", or ");
    msg = secondary(msg, theirs.table, theirs.to_target, theirs.to_source);
    Some(msg.push(" here"))
}
