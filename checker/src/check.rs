//! Checks one model on its own and decides each relationship's kind.
//!
//! Every problem is recorded in the context and checking goes on, so one
//! compile reports all of them. Checks that need the other model of a pair
//! are done by the generated code (see `expand`), where the compiler can see
//! both sides.

use crate::ctxt::Ctxt;
use crate::model::{single_generic_argument, Cardinality, Model, Relationship};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Ident, Path, Type};

/// A relationship that passed the local checks, with what generation needs.
pub struct Resolved<'a> {
    pub rel: &'a Relationship,
    pub kind: Kind<'a>,
    pub cascade: Cascade,
}

/// SQLAlchemy's cascade options that change what a delete does.
#[derive(Clone, Copy, Default)]
pub struct Cascade {
    pub delete: bool,
    pub delete_orphan: bool,
    pub passive_deletes: bool,
}

pub enum Kind<'a> {
    /// A collection; the foreign key is on the target's table.
    OneToMany {
        foreign_key: TargetKey,
        /// The `order_by` as an `OrderBy` type, if declared.
        order: Option<TokenStream>,
    },
    /// A scalar whose foreign key is on the target's table (UNIQUE).
    OneToOne { foreign_key: TargetKey },
    /// A scalar whose foreign key is a field of this model.
    ManyToOne {
        /// The field the key is read off.
        fk_field: &'a Ident,
        /// Its `table!` column (`#[diesel(column_name = ..)]`, or the same).
        fk_column: &'a Ident,
        /// The field's type without `Option`.
        key_ty: &'a Type,
        /// Whether the field is an `Option` (the column is nullable).
        nullable: bool,
    },
    /// A collection through an association table.
    ManyToMany {
        table: Path,
        columns: Columns,
        order: Option<TokenStream>,
    },
}

/// Where a relationship whose key is on the target finds that column.
pub enum TargetKey {
    /// `foreign_key = invoices::custid`
    Column(Path),
    /// `back_populates = customer`: the column of the target's scalar.
    BackPopulates(Ident),
    /// Neither: the one foreign key the migrations show from the target's
    /// table to this one (`foreign_keys::inferred_key`).
    Inferred,
}

/// The association table's columns of a many-to-many.
pub enum Columns {
    /// `secondary = table(to_this, to_target)`
    Explicit(Ident, Ident),
    /// Taken, reversed, from the other side of `back_populates`.
    BackPopulates(Ident),
}

pub fn check<'a>(cx: &Ctxt, model: &'a Model) -> Vec<Resolved<'a>> {
    let mut seen: Vec<&Ident> = Vec::new();
    let mut resolved = Vec::new();
    for rel in &model.relationships {
        let _scope = cx.scope(&rel.name);
        if seen.contains(&&rel.name) {
            cx.error_spanned_by(
                &rel.name,
                format!(
                    "{model}.{name} is declared twice: rename one of the relationships",
                    model = model.ident,
                    name = rel.name
                ),
            );
            continue;
        }
        seen.push(&rel.name);
        if rel.options.foreign_key_row.is_some() || rel.options.secondary_row.is_some() {
            // `foreign_key = (a, b)`, `secondary = t((a, b), c)`: judged by [`rows`].
            continue;
        }
        let who = format!("{}.{}", model.ident, rel.name);
        let cascade = cascade(cx, rel, &who);
        if let (Some(back), Some(_)) = (&rel.options.back_populates, &rel.options.backref) {
            cx.error_spanned_by(
                back,
                format!(
                    "{who}: backref and back_populates together: backref declares the other side, \
                     back_populates names one declared on {target}; keep one",
                    target = rel.target_name()
                ),
            );
        }
        if rel.options.viewonly && rel.options.secondary.is_none() {
            cx.error_spanned_by(
                &rel.name,
                format!("{who}: viewonly applies to a many-to-many through an association object's table (secondary = ..)"),
            );
        }
        if !could_be_model(&rel.target) {
            cx.error_spanned_by(
                &rel.target,
                format!(
                    "{who}: {target} is not a model: a relationship leads to a struct with \
                     #[derive(Relations)]; name one in {name}: {declared}",
                    target = rel.target.to_token_stream(),
                    name = rel.name,
                    declared = crate::model::declared(rel),
                ),
            );
            continue;
        }
        references(cx, model, rel, &who);
        if let Some(kind) = resolve(cx, model, rel, &who) {
            if !matches!(kind, Kind::OneToMany { .. } | Kind::OneToOne { .. })
                && (cascade.delete || cascade.delete_orphan)
            {
                let on = if matches!(kind, Kind::ManyToMany { .. }) {
                    "a many-to-many"
                } else {
                    "the many side of a many-to-one"
                };
                cx.error_spanned_by(
                    rel.options.cascade.as_ref().map(|c| c.to_token_stream()).unwrap_or_else(|| rel.name.to_token_stream()),
                    format!(
                        "{who}: delete and delete-orphan cascade from the \"one\" side of a one-to-many or one-to-one, \
                         not from {on}: declare the cascade on the {target} side's collection",
                        target = rel.target_name()
                    ),
                );
            }
            if rel.options.backref.is_some()
                && (rel.options.cascade.is_some() || rel.options.passive_deletes)
            {
                cx.error_spanned_by(
                    &rel.name,
                    format!(
                        "{who}: a backref gets no cascade of its own; declare the collection on {target} \
                         with back_populates and put the cascade there",
                        target = rel.target_name()
                    ),
                );
            }
            resolved.push(Resolved { rel, kind, cascade });
        }
    }
    for pk in &model.primary_key {
        if model.field_for_column(pk).is_none() {
            cx.error_spanned_by(
                &model.ident,
                format!(
                    "{model} has no field {pk}, its primary key: add it, or name the key with #[diesel(primary_key(..))]",
                    model = model.ident
                ),
            );
        }
    }
    resolved
}

fn resolve<'a>(cx: &Ctxt, model: &'a Model, rel: &'a Relationship, who: &str) -> Option<Kind<'a>> {
    let target = rel.target_name();
    let order = || {
        rel.options
            .order_by
            .as_ref()
            .and_then(|o| order_by(cx, &o.0, who))
    };
    if rel.cardinality != Cardinality::Many {
        if let Some(order) = &rel.options.order_by {
            cx.error_spanned_by(
                &order.0,
                format!("{who}: order_by orders a collection, but {who} holds a single {target}: remove it"),
            );
        }
        if let Some(secondary) = &rel.options.secondary {
            cx.error_spanned_by(
                &secondary.expr,
                format!(
                    "{who}: a many-to-many holds a collection: declare {name}: Vec<{target}>",
                    name = rel.name
                ),
            );
        }
    }
    if let Some(secondary) = &rel.options.secondary {
        if rel.cardinality != Cardinality::Many {
            return None;
        }
        if let Some(fk) = &rel.options.foreign_key {
            cx.error_spanned_by(
                fk,
                format!("{who}: a many-to-many's keys are the association table's columns: name them in secondary = {}(to_this, to_target), not in foreign_key", secondary.table.to_token_stream()),
            );
        }
        let columns = match (&secondary.columns, &rel.options.back_populates) {
            (Some((a, b)), _) => Columns::Explicit(a.clone(), b.clone()),
            (None, Some(back)) => Columns::BackPopulates(back.clone()),
            (None, None) => {
                let table = secondary.table.to_token_stream();
                cx.error_spanned_by(
                    &secondary.expr,
                    format!(
                        "{who}: name the columns of {table}: secondary = {table}(<column to {model}>, <column to {target}>), \
                         or add back_populates = <the relationship on {target}> that names them",
                        model = model.ident
                    ),
                );
                return None;
            }
        };
        return Some(Kind::ManyToMany {
            table: secondary.table.clone(),
            columns,
            order: order(),
        });
    }
    match (rel.cardinality, &rel.options.foreign_key) {
        // The key is on the target: `foreign_key = table::column` or through back_populates.
        (Cardinality::Many, _) | (_, None) => {
            let foreign_key = target_key(cx, model, rel, who)?;
            if rel.cardinality == Cardinality::Many {
                Some(Kind::OneToMany {
                    foreign_key,
                    order: order(),
                })
            } else {
                Some(Kind::OneToOne { foreign_key })
            }
        }
        (_, Some(fk)) if fk.segments.len() >= 2 => {
            let foreign_key = TargetKey::Column(fk.clone());
            Some(Kind::OneToOne { foreign_key })
        }
        // The key is a field of this model: many-to-one.
        (_, Some(fk)) => {
            let fk_ident = fk.get_ident()?;
            let Some(field) = model.key_field(fk_ident) else {
                let fields: Vec<String> =
                    model.fields.iter().map(|f| f.ident.to_string()).collect();
                let hint = did_you_mean(&fk_ident.to_string(), &fields)
                    .map(|f| format!("did you mean foreign_key = {f}? "))
                    .unwrap_or_default();
                // A field renamed by `#[diesel(column_name = ..)]` is named
                // by either name: the list shows both.
                let (what, listed): (&str, Vec<String>) =
                    if model.fields.iter().any(|f| f.renamed()) {
                        let listed = model
                            .fields
                            .iter()
                            .map(|f| match f.renamed() {
                                true => format!("{} (column {})", f.ident, f.column),
                                false => f.ident.to_string(),
                            })
                            .collect();
                        ("no field or column", listed)
                    } else {
                        ("no field", fields.clone())
                    };
                cx.error_spanned_by(
                    fk,
                    format!(
                        "{who}: foreign_key = {fk_ident}, but {model} has {what} {fk_ident}: {hint}(its fields: {})",
                        listed.join(", "),
                        model = model.ident
                    ),
                );
                return None;
            };
            let (key_ty, nullable) = match single_generic_argument(&field.ty, "Option") {
                Some(inner) => (inner, true),
                None => (&field.ty, false),
            };
            if nullable && rel.cardinality == Cardinality::One {
                cx.error_spanned_by(
                    &rel.declared,
                    format!(
                        "{who}: {table}.{column} is nullable ({model}.{field} is an Option), \
                         so {who} may be absent: declare {name}: Option<{target}>",
                        table = model.table_name(),
                        column = field.column,
                        field = field.ident,
                        model = model.ident,
                        name = rel.name
                    ),
                );
            }
            Some(Kind::ManyToOne {
                fk_field: &field.ident,
                fk_column: &field.column,
                key_ty,
                nullable,
            })
        }
    }
}

/// `references = table::column`: where it may stand. It names the parent's
/// column where the foreign key is named (a scalar's `foreign_key = field`,
/// a collection's or one-to-one's `foreign_key = table::column`); the side
/// of a pair that takes the key from the other takes it from there too.
fn references(cx: &Ctxt, model: &Model, rel: &Relationship, who: &str) {
    link_references(cx, model, rel, who);
    let Some(path) = &rel.options.references else {
        return;
    };
    if rel.inferred_references.is_some() {
        return;
    }
    let target = rel.target_name();
    let text = path.to_token_stream().to_string().replace(" :: ", "::");
    if rel.options.secondary.is_some() {
        cx.error_spanned_by(
            path,
            format!(
                "{who}: references = {text}: a many-to-many names the columns both association columns reference, in the order of secondary's: references = (<table of {model}>::<column>, <table of {target}>::<column>)",
                model = model.ident
            ),
        );
        return;
    }
    if path.segments.len() < 2 {
        cx.error_spanned_by(
            path,
            format!("{who}: references takes the parent's column as <table>::<column>, references = <table of the parent>::{text}"),
        );
        return;
    }
    let Some(fk) = &rel.options.foreign_key else {
        let side = match &rel.options.back_populates {
            Some(back) => {
                format!("{target}.{back}, the side of the pair that names the foreign key")
            }
            None => "the side that names the foreign key".to_owned(),
        };
        cx.error_spanned_by(
            path,
            format!("{who}: references = {text} goes with foreign_key: declare it on {side}"),
        );
        return;
    };
    // A collection or one-to-one joins on a column of this model: its field
    // gives the key's type.
    if fk.segments.len() >= 2 {
        let column = &path.segments.last().expect("two segments").ident;
        if model.field(column).is_none() {
            cx.error_spanned_by(
                path,
                format!(
                    "{who}: references = {text}, but {model} has no field {column}: the referenced column is one of {model}'s own",
                    model = model.ident
                ),
            );
        }
    }
}

/// A many-to-many's `references = (source::column, target::column)`: on a
/// `secondary` that names its columns, the first path on this model's
/// table and a field of it.
fn link_references(cx: &Ctxt, model: &Model, rel: &Relationship, who: &str) {
    let Some(refs) = &rel.options.link_references else {
        return;
    };
    let text = refs
        .expr
        .to_token_stream()
        .to_string()
        .replace(" :: ", "::");
    let target = rel.target_name();
    let Some(secondary) = &rel.options.secondary else {
        cx.error_spanned_by(
            &refs.expr,
            format!("{who}: references = {text} names two columns, which only a many-to-many's association columns reference: declare references = <table of {target}>::<column> with foreign_key"),
        );
        return;
    };
    if secondary.columns.is_none() {
        let table = secondary.table.to_token_stream();
        cx.error_spanned_by(
            &refs.expr,
            format!("{who}: references = {text} goes with the association columns: name them, secondary = {table}(<column to {model}>, <column to {target}>), or declare references on the side of the pair that names them", model = model.ident),
        );
        return;
    }
    let n = refs.source.segments.len();
    let table = refs.source.segments[n - 2].ident.to_string();
    let column = &refs.source.segments[n - 1].ident;
    let own = model.table_name();
    if table != own {
        cx.error_spanned_by(
            &refs.source,
            format!("{who}: references = {text}: its first column is the one of {model}'s table the association's first column references: references = ({own}::<column>, ..)", model = model.ident),
        );
    } else if model.field(column).is_none() {
        cx.error_spanned_by(
            &refs.source,
            format!("{who}: references = {text}, but {model} has no field {column}: the first column is one of {model}'s own", model = model.ident),
        );
    }
}

/// The target's column a collection or one-to-one finds its rows by.
fn target_key(cx: &Ctxt, model: &Model, rel: &Relationship, who: &str) -> Option<TargetKey> {
    let target = rel.target_name();
    match (&rel.options.foreign_key, &rel.options.back_populates) {
        (Some(path), _) if path.segments.len() >= 2 => Some(TargetKey::Column(path.clone())),
        (Some(path), _) => {
            cx.error_spanned_by(
                path,
                format!(
                    "{who}: the foreign key of a collection is on {target}'s table: write foreign_key = <table>::{col}",
                    col = path.to_token_stream()
                ),
            );
            None
        }
        (None, Some(back)) => Some(TargetKey::BackPopulates(back.clone())),
        // Which of the target's foreign keys? The migrations may tell:
        // `pairing::unnamed` reports it with what they show.
        (None, None) if crate::model::inferable(rel) => Some(TargetKey::Inferred),
        (None, None) if crate::model::unnamed(rel) => None,
        (None, None) => {
            let (what, example) = if rel.cardinality == Cardinality::Many {
                ("cannot tell which foreign key of", "")
            } else {
                (
                    "a scalar without foreign_key is the one-to-one side without the key; cannot tell which foreign key of",
                    " (or, if the key is a field of this model, foreign_key = <field>)",
                )
            };
            cx.error_spanned_by(
                &rel.name,
                format!(
                    "{who}: {what} {target} points at {model}: add back_populates = <the relationship on {target} that points back>, \
                     or foreign_key = <{target}'s table>::<column>{example}",
                    model = model.ident
                ),
            );
            None
        }
    }
}

/// Parses SQLAlchemy's cascade string.
fn cascade(cx: &Ctxt, rel: &Relationship, who: &str) -> Cascade {
    let mut cascade = Cascade {
        passive_deletes: rel.options.passive_deletes,
        ..Cascade::default()
    };
    let Some(text) = &rel.options.cascade else {
        return cascade;
    };
    for part in text
        .value()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part {
            "all" | "delete" => cascade.delete = true,
            "delete-orphan" => cascade.delete_orphan = true,
            // Session bookkeeping in SQLAlchemy; nothing to do without a session.
            "save-update" | "merge" | "refresh-expire" | "expunge" => {}
            other => cx.error_spanned_by(
                text,
                format!(
                    "{who}: unknown cascade `{other}`: expected a comma-separated list of all, delete, delete-orphan, \
                     save-update, merge, refresh-expire, expunge"
                ),
            ),
        }
    }
    if cascade.delete_orphan && !cascade.delete {
        cx.error_spanned_by(
            text,
            format!(
                "{who}: delete-orphan needs delete too: write cascade = \"all, delete-orphan\""
            ),
        );
    }
    cascade
}

/// `order_by` as an `OrderBy` type (`ByColumn<invoices::id>`,
/// `Descending<..>`, tuples of those): a column, `.asc()`/`.desc()`, or a
/// tuple. The library builds the expression from the type, so the
/// declaration needs no function body.
fn order_by(cx: &Ctxt, expr: &syn::Expr, who: &str) -> Option<TokenStream> {
    use syn::Expr;
    match expr {
        Expr::Path(p) if p.qself.is_none() => {
            let path = &p.path;
            Some(quote!(__dr_ByColumn<#path>))
        }
        Expr::MethodCall(call)
            if call.args.is_empty() && (call.method == "asc" || call.method == "desc") =>
        {
            let inner = order_by(cx, &call.receiver, who)?;
            Some(if call.method == "asc" {
                quote!(__dr_Ascending<#inner>)
            } else {
                quote!(__dr_Descending<#inner>)
            })
        }
        Expr::Paren(p) => order_by(cx, &p.expr, who),
        Expr::Tuple(t) if !t.elems.is_empty() => {
            let parts: Option<Vec<_>> = t.elems.iter().map(|e| order_by(cx, e, who)).collect();
            let parts = parts?;
            Some(quote!((#(#parts,)*)))
        }
        Expr::Lit(lit) => {
            cx.error_spanned_by(
                lit,
                format!("{who}: order_by takes a column path, not a literal: write order_by = <table>::<column>"),
            );
            None
        }
        other => {
            cx.error_spanned_by(
                other,
                format!("{who}: order_by takes a column (invoices::id), column.desc(), column.asc() or a tuple of those"),
            );
            None
        }
    }
}

/// The closest of `candidates` to a misspelled `name`, if one is close.
pub fn did_you_mean<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

/// Whether `ty` may name a model: a path without generic arguments (the
/// derive takes no generic models) that is not one of the standard types.
fn could_be_model(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let std = [
        "String", "str", "bool", "char", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
        "u32", "u64", "u128", "usize", "f32", "f64", "Vec", "Option", "Box", "Rc", "Arc",
    ];
    last.arguments.is_empty() && !std.iter().any(|s| last.ident == s)
}

/// A relationship through a composite foreign key (`foreign_key = (a,
/// b)`) that passed the local checks.
pub struct RowResolved<'a> {
    pub rel: &'a Relationship,
    pub kind: RowKind<'a>,
    /// The `foreign_key = (..)` as written, where its checks point.
    pub expr: &'a syn::Expr,
    /// A collection's or one-to-one's cascade (the default elsewhere).
    pub cascade: Cascade,
    /// A collection's `order_by` as an `OrderBy` type, if declared.
    pub order: Option<TokenStream>,
}

/// Which side of the composite foreign key the relationship is.
pub enum RowKind<'a> {
    /// A scalar whose key is this model's fields, in the declared order.
    ManyToOne(Vec<&'a crate::model::Field>),
    /// A collection whose key is the target's columns (`table::column`),
    /// referencing this model's composite primary key.
    OneToMany(&'a [Path]),
    /// A scalar on the side without the key (a one-to-one): the target's
    /// columns, UNIQUE together, referencing this model's composite key.
    OneToOne(&'a [Path]),
    /// A many-to-many: the association table and its columns to this
    /// model and to the target, each side one column or several.
    ManyToMany(&'a crate::model::RowSecondary),
}

/// The model's relationships through a composite foreign key. What the
/// derive alone can judge is judged here: the columns' form and number (2
/// to 4), the fields exist, the shape (a nullable field makes a scalar
/// optional). What needs the target (arity, types) is a check in the
/// generated code.
pub fn rows<'a>(cx: &Ctxt, model: &'a Model) -> Vec<RowResolved<'a>> {
    let mut out = Vec::new();
    for rel in &model.relationships {
        let _scope = cx.scope(&rel.name);
        if let Some(secondary) = &rel.options.secondary_row {
            if let Some(row) = row_secondary(cx, model, rel, secondary) {
                out.push(row);
            }
            continue;
        }
        let Some(row) = &rel.options.foreign_key_row else {
            continue;
        };
        let who = format!("{}.{}", model.ident, rel.name);
        let target = rel.target_name();
        let text = |p: &Path| p.to_token_stream().to_string().replace(" :: ", "::");
        let written = row.columns.iter().map(text).collect::<Vec<_>>().join(", ");
        // A collection (`Vec<T>`) takes a cascade and an order; a
        // one-to-one from the side without the key (a scalar naming the
        // target's columns) a cascade, as with one column; the many-to-one
        // neither yet.
        let collection = rel.cardinality == Cardinality::Many;
        let keyless_scalar = !collection && row.columns.iter().all(|p| p.segments.len() >= 2);
        let cascaded = collection || keyless_scalar;
        let unsupported = [
            ("backref", rel.options.backref.is_some()),
            ("references", rel.options.references.is_some()),
            ("secondary", rel.options.secondary.is_some()),
            ("order_by", !cascaded && rel.options.order_by.is_some()),
            ("cascade", !cascaded && rel.options.cascade.is_some()),
            ("passive_deletes", !cascaded && rel.options.passive_deletes),
        ];
        if let Some((option, _)) = unsupported.iter().find(|(_, on)| *on) {
            let message = if matches!(*option, "order_by" | "cascade" | "passive_deletes") {
                format!("{who}: {option} on a many-to-one with a composite foreign key (foreign_key = ({written})) is not built yet (its other side, a collection or one-to-one on {target}, takes it): remove {option}")
            } else {
                format!("{who}: {option} with a composite foreign key (foreign_key = ({written})) is not built yet: remove {option}")
            };
            cx.error_spanned_by(&row.expr, message);
            continue;
        }
        // A one-to-one holds one row: nothing to order, as with one column.
        if let (true, Some(order)) = (keyless_scalar, &rel.options.order_by) {
            cx.error_spanned_by(
                &order.0,
                format!("{who}: order_by orders a collection, but {who} holds a single {target}: remove it"),
            );
            continue;
        }
        let cascade = if cascaded {
            cascade(cx, rel, &who)
        } else {
            Cascade::default()
        };
        let order = match (&rel.options.order_by, collection) {
            (Some(order), true) => match order_by(cx, &order.0, &who) {
                Some(ty) => Some(ty),
                None => continue,
            },
            _ => None,
        };
        if !(2..=4).contains(&row.columns.len()) {
            cx.error_spanned_by(
                &row.expr,
                format!(
                    "{who}: foreign_key = ({written}) has {} column(s): a composite foreign key has 2 to 4; write one column as foreign_key = {}",
                    row.columns.len(),
                    row.columns.first().map_or("<field>".to_string(), text)
                ),
            );
            continue;
        }
        // A scalar naming the target's columns: the keyless side of a
        // one-to-one.
        if keyless_scalar {
            out.push(RowResolved {
                rel,
                kind: RowKind::OneToOne(&row.columns),
                expr: &row.expr,
                cascade,
                order,
            });
            continue;
        }
        if rel.cardinality == Cardinality::Many {
            if let Some(bad) = row.columns.iter().find(|p| p.segments.len() < 2) {
                cx.error_spanned_by(
                    bad,
                    format!(
                        "{who}: a collection's composite foreign key is on {target}'s table: write foreign_key = (<table of {target}>::{}, ..)",
                        text(bad)
                    ),
                );
                continue;
            }
            out.push(RowResolved {
                rel,
                kind: RowKind::OneToMany(&row.columns),
                expr: &row.expr,
                cascade,
                order,
            });
            continue;
        }
        let mut fields = Vec::new();
        for column in &row.columns {
            let field = column.get_ident().and_then(|c| model.key_field(c));
            match field {
                Some(field) => fields.push(field),
                None => {
                    let names: Vec<String> =
                        model.fields.iter().map(|f| f.ident.to_string()).collect();
                    cx.error_spanned_by(
                        column,
                        format!(
                            "{who}: foreign_key = ({written}) names {}, but {model} has no field of that name (its fields: {}): a scalar's composite foreign key is this model's fields",
                            text(column),
                            names.join(", "),
                            model = model.ident
                        ),
                    );
                }
            }
        }
        if fields.len() != row.columns.len() {
            continue;
        }
        let nullable: Vec<&crate::model::Field> = fields
            .iter()
            .copied()
            .filter(|f| single_generic_argument(&f.ty, "Option").is_some())
            .collect();
        if let (Some(field), Cardinality::One) = (nullable.first(), rel.cardinality) {
            cx.error_spanned_by(
                &rel.declared,
                format!(
                    "{who}: {table}.{column} is nullable ({model}.{field} is an Option), so {who} may be absent: declare {name}: Option<{target}>",
                    table = model.table_name(),
                    column = field.column,
                    field = field.ident,
                    model = model.ident,
                    name = rel.name
                ),
            );
            continue;
        }
        out.push(RowResolved {
            rel,
            kind: RowKind::ManyToOne(fields),
            expr: &row.expr,
            cascade,
            order,
        });
    }
    out
}

/// A many-to-many through an association table whose columns reference a
/// composite key (`secondary = t((a, b), c)`): what the derive alone can
/// judge (a collection, the options it takes, 1 to 4 columns a side, one
/// side at least of several). Arity and types against each side's key are
/// checks in the generated code.
fn row_secondary<'a>(
    cx: &Ctxt,
    model: &'a Model,
    rel: &'a Relationship,
    secondary: &'a crate::model::RowSecondary,
) -> Option<RowResolved<'a>> {
    let who = format!("{}.{}", model.ident, rel.name);
    let target = rel.target_name();
    let table = secondary
        .table
        .to_token_stream()
        .to_string()
        .replace(' ', "");
    let list = |cs: &[Ident]| {
        let names: Vec<String> = cs.iter().map(Ident::to_string).collect();
        match names.as_slice() {
            [one] => one.clone(),
            _ => format!("({})", names.join(", ")),
        }
    };
    let written = format!(
        "secondary = {table}({}, {})",
        list(&secondary.to_source),
        list(&secondary.to_target)
    );
    if rel.cardinality != Cardinality::Many {
        cx.error_spanned_by(
            &secondary.expr,
            format!(
                "{who}: a many-to-many holds a collection: declare {name}: Vec<{target}>",
                name = rel.name
            ),
        );
        return None;
    }
    let unsupported = [
        (
            "foreign_key",
            rel.options.foreign_key.is_some() || rel.options.foreign_key_row.is_some(),
        ),
        ("backref", rel.options.backref.is_some()),
        ("references", rel.options.references.is_some()),
        ("order_by", rel.options.order_by.is_some()),
        ("cascade", rel.options.cascade.is_some()),
        ("viewonly", rel.options.viewonly),
    ];
    if let Some((option, _)) = unsupported.iter().find(|(_, on)| *on) {
        let message = if *option == "foreign_key" {
            format!("{who}: a many-to-many's keys are the association table's columns, named in {written}: remove foreign_key")
        } else {
            format!("{who}: {option} with a composite key in secondary ({written}) is not built yet: remove {option}")
        };
        cx.error_spanned_by(&secondary.expr, message);
        return None;
    }
    for side in [&secondary.to_source, &secondary.to_target] {
        if !(1..=4).contains(&side.len()) {
            cx.error_spanned_by(
                &secondary.expr,
                format!(
                    "{who}: {written} names {} column(s) for one side: a side is one column, or 2 to 4 in parentheses for a composite key",
                    side.len()
                ),
            );
            return None;
        }
    }
    if secondary.to_source.len() == 1 && secondary.to_target.len() == 1 {
        cx.error_spanned_by(
            &secondary.expr,
            format!(
                "{who}: {written} parenthesises a single column: write secondary = {table}({}, {})",
                secondary.to_source[0], secondary.to_target[0]
            ),
        );
        return None;
    }
    Some(RowResolved {
        rel,
        kind: RowKind::ManyToMany(secondary),
        expr: &secondary.expr,
        cascade: Cascade::default(),
        order: None,
    })
}
