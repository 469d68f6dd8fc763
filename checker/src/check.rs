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
}

pub enum Kind<'a> {
    /// A collection; the foreign key is on the target's table.
    OneToMany {
        foreign_key: CollectionKey,
        /// The source's primary key field.
        key_field: &'a Ident,
        key_ty: &'a Type,
        /// `(type, expression)` of the `order_by`, if declared.
        order: Option<(TokenStream, TokenStream)>,
    },
    /// A scalar whose foreign key is a field of this model.
    ManyToOne {
        fk_field: &'a Ident,
        /// The field's type without `Option`.
        key_ty: &'a Type,
        /// Whether the field is an `Option` (the column is nullable).
        nullable: bool,
    },
}

/// Where a collection finds its foreign key column.
pub enum CollectionKey {
    /// `foreign_key = invoices::custid`
    Column(Path),
    /// `back_populates = customer`: the column of the target's scalar.
    BackPopulates(Ident),
}

pub fn check<'a>(cx: &Ctxt, model: &'a Model) -> Vec<Resolved<'a>> {
    let mut seen: Vec<&Ident> = Vec::new();
    let mut resolved = Vec::new();
    for rel in &model.relationships {
        if let Some(first) = seen.iter().find(|n| **n == &rel.name) {
            cx.error_spanned_by(
                &rel.name,
                format!(
                    "{model}.{name} is declared twice: rename one of the relationships",
                    model = model.ident,
                    name = first
                ),
            );
            continue;
        }
        seen.push(&rel.name);
        if let Some(kind) = resolve(cx, model, rel) {
            resolved.push(Resolved { rel, kind });
        }
    }
    resolved
}

fn resolve<'a>(cx: &Ctxt, model: &'a Model, rel: &'a Relationship) -> Option<Kind<'a>> {
    let who = format!("{}.{}", model.ident, rel.name);
    let target = rel.target_name();
    match rel.cardinality {
        Cardinality::Many => {
            let key_field = single_primary_key(cx, model, rel, &who)?;
            let foreign_key = match (&rel.options.foreign_key, &rel.options.back_populates) {
                (Some(path), _) if path.segments.len() >= 2 => CollectionKey::Column(path.clone()),
                (Some(path), _) => {
                    cx.error_spanned_by(
                        path,
                        format!(
                            "{who}: on a collection, foreign_key names a column of {target}'s table: \
                             write foreign_key = <table>::{col}",
                            col = path.to_token_stream()
                        ),
                    );
                    return None;
                }
                (None, Some(back)) => CollectionKey::BackPopulates(back.clone()),
                (None, None) => {
                    cx.error_spanned_by(
                        &rel.name,
                        format!(
                            "{who}: cannot tell which foreign key of {target} points at {model}: \
                             add back_populates = <the relationship on {target} that points back>, \
                             or foreign_key = <{target}'s table>::<column>",
                            model = model.ident
                        ),
                    );
                    return None;
                }
            };
            let order = rel
                .options
                .order_by
                .as_ref()
                .and_then(|o| order_by(cx, &o.0, &who));
            Some(Kind::OneToMany {
                foreign_key,
                key_field: &key_field.ident,
                key_ty: &key_field.ty,
                order,
            })
        }
        Cardinality::One | Cardinality::OptionalOne => {
            if let Some(order) = &rel.options.order_by {
                cx.error_spanned_by(
                    &order.0,
                    format!("{who}: order_by orders a collection, but {who} holds a single {target}: remove it"),
                );
            }
            let Some(fk) = &rel.options.foreign_key else {
                cx.error_spanned_by(
                    &rel.name,
                    format!(
                        "{who}: name the column of {table} that points at {target}: add foreign_key = <column> \
                         (a one-to-one declared from the side without the foreign key is not supported yet)",
                        table = model.table_name()
                    ),
                );
                return None;
            };
            let Some(fk_ident) = fk.get_ident() else {
                cx.error_spanned_by(
                    fk,
                    format!(
                        "{who}: on a scalar, foreign_key names a field of {model} (the column is on {table}): \
                         write foreign_key = {last}",
                        model = model.ident,
                        table = model.table_name(),
                        last = fk.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
                    ),
                );
                return None;
            };
            let Some(field) = model.field(fk_ident) else {
                let fields: Vec<String> =
                    model.fields.iter().map(|f| f.ident.to_string()).collect();
                let hint = did_you_mean(&fk_ident.to_string(), &fields)
                    .map(|f| format!("did you mean foreign_key = {f}? "))
                    .unwrap_or_default();
                cx.error_spanned_by(
                    fk,
                    format!(
                        "{who}: foreign_key = {fk_ident}, but {model} has no field {fk_ident}: {hint}(its fields: {})",
                        fields.join(", "),
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
                        "{who}: {table}.{fk_ident} is nullable ({model}.{fk_ident} is an Option), \
                         so {who} may be absent: declare {name}: Option<{target}>",
                        table = model.table_name(),
                        model = model.ident,
                        name = rel.name
                    ),
                );
            }
            Some(Kind::ManyToOne {
                fk_field: &field.ident,
                key_ty,
                nullable,
            })
        }
    }
}

/// The one primary key field a collection's children point at.
fn single_primary_key<'a>(
    cx: &Ctxt,
    model: &'a Model,
    rel: &Relationship,
    who: &str,
) -> Option<&'a crate::model::Field> {
    if model.primary_key.len() != 1 {
        cx.error_spanned_by(
            &rel.name,
            format!(
                "{who}: {} has a composite primary key, which collections do not support yet",
                model.ident
            ),
        );
        return None;
    }
    let pk = &model.primary_key[0];
    let field = model.field(pk);
    if field.is_none() {
        cx.error_spanned_by(
            &rel.name,
            format!(
                "{who}: the children point at {model}'s primary key {pk}, but {model} has no field {pk}: \
                 add it, or name the key with #[diesel(primary_key(..))]",
                model = model.ident
            ),
        );
    }
    field
}

/// `order_by` as (type, expression): a column, `.asc()`/`.desc()`, or a tuple.
fn order_by(cx: &Ctxt, expr: &syn::Expr, who: &str) -> Option<(TokenStream, TokenStream)> {
    use syn::Expr;
    match expr {
        Expr::Path(p) if p.qself.is_none() => {
            let path = &p.path;
            Some((quote!(#path), quote!(#path)))
        }
        Expr::MethodCall(call)
            if call.args.is_empty() && (call.method == "asc" || call.method == "desc") =>
        {
            let (inner_ty, inner) = order_by(cx, &call.receiver, who)?;
            let wrapper = if call.method == "asc" {
                quote!(Asc)
            } else {
                quote!(Desc)
            };
            let method = &call.method;
            Some((
                quote!(::diesel_relations::__private::diesel::dsl::#wrapper<#inner_ty>),
                quote!(::diesel_relations::__private::diesel::ExpressionMethods::#method(#inner)),
            ))
        }
        Expr::Paren(p) => order_by(cx, &p.expr, who),
        Expr::Tuple(t) if !t.elems.is_empty() => {
            let parts: Option<Vec<_>> = t.elems.iter().map(|e| order_by(cx, e, who)).collect();
            let (tys, exprs): (Vec<_>, Vec<_>) = parts?.into_iter().unzip();
            Some((quote!((#(#tys,)*)), quote!((#(#exprs,)*))))
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
                format!(
                    "{who}: order_by takes a column (invoices::id), column.desc(), column.asc() \
                     or a tuple of those"
                ),
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
