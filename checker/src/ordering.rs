//! The `order_by` check: every column an `order_by` names is on the
//! target's table or, for a many-to-many, on the association table, judged
//! from the Diesel schema (`Column::Table`), so it needs no migrations and
//! runs under `cargo check` whether or not the relationship is loaded.
//!
//! Per relationship with an `order_by`, the generated code holds a constant
//! list of its columns with the probes' answers, one check per column
//! (spanned at the column), and takes from the list's verdict the order the
//! declaration loads in (the declared one, or the primary key when a column
//! is elsewhere, so that the check's message is the only error) and, for a
//! many-to-many, whether lazy loading joins the association table.

use crate::check::{Kind, Resolved};
use crate::model::Model;
use crate::shared::marker_of;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::{Expr, Ident, Path};

/// The columns an `order_by` names, in order: its forms are a column,
/// `.asc()`/`.desc()` of one, parentheses and tuples of those (anything
/// else `check::order_by` has rejected already).
fn columns(expr: &Expr) -> Vec<&Path> {
    match expr {
        Expr::Path(p) => vec![&p.path],
        Expr::MethodCall(call) => columns(&call.receiver),
        Expr::Paren(p) => columns(&p.expr),
        Expr::Tuple(t) => t.elems.iter().flat_map(columns).collect(),
        _ => Vec::new(),
    }
}

/// The name of the constant list of a relationship's `order_by` columns.
fn list_name(marker: &Ident) -> Ident {
    format_ident!("__DR_ORDER_{}", marker)
}

/// A column path as written, `albums::title`.
fn written(path: &Path) -> String {
    path.to_token_stream().to_string().replace(" :: ", "::")
}

/// The list of each relationship's `order_by` columns and the checks of
/// them, for the derive's block.
pub fn checks(model: &Model, resolved: &[Resolved]) -> TokenStream {
    let mut out = TokenStream::new();
    for r in resolved {
        let secondary = match &r.kind {
            Kind::OneToMany { order: Some(_), .. } => None,
            Kind::ManyToMany {
                order: Some(_),
                table,
                ..
            } => Some(table),
            _ => continue,
        };
        let Some(order) = &r.rel.options.order_by else {
            continue;
        };
        let marker = marker_of(&model.ident.to_string(), &r.rel.name, false);
        let list = list_name(&marker);
        // The block's constants are outside any impl: `Self` is the model.
        let target = if r.rel.target.to_token_stream().to_string() == "Self" {
            model.ident.to_token_stream()
        } else {
            r.rel.target.to_token_stream()
        };
        let cols = columns(&order.0);
        let entries = cols.iter().map(|col| {
            let text = written(col);
            let on_secondary = match secondary {
                Some(sec) => quote!(__dr_OnTable::<#col, #sec::table>::ON),
                None => quote!(false),
            };
            quote! {
                __dr_OrderColumn {
                    col: __dr_ColOf::<#col>::COL,
                    written: #text,
                    on_target: __dr_OnTable::<#col, <#target as __dr_Model>::Table>::ON,
                    on_secondary: #on_secondary,
                }
            }
        });
        out.extend(quote! {
            #[allow(non_upper_case_globals)]
            const #list: &[__dr_OrderColumn] = &[#(#entries),*];
        });
        for (at, col) in cols.iter().enumerate() {
            let (first, last) = ends(col);
            out.extend(check_over(
                first,
                last,
                &marker,
                quote!(#list, #at, __dr_KeyOf::<#target>::COL),
            ));
        }
    }
    out
}

/// The list and checks of a composite collection's `order_by` (`Model.name`
/// with marker `marker`): the columns must be on the target's table, the
/// message that of [`checks`], named by the relationship since its marker
/// carries no pair facts.
pub fn row_checks(model: &Model, rel: &crate::model::Relationship, marker: &Ident) -> TokenStream {
    let mut out = TokenStream::new();
    let Some(order) = &rel.options.order_by else {
        return out;
    };
    let list = list_name(marker);
    let target = rel.target.to_token_stream();
    let cols = columns(&order.0);
    let entries = cols.iter().map(|col| {
        let text = written(col);
        quote! {
            __dr_OrderColumn {
                col: __dr_ColOf::<#col>::COL,
                written: #text,
                on_target: __dr_OnTable::<#col, <#target as __dr_Model>::Table>::ON,
                on_secondary: false,
            }
        }
    });
    out.extend(quote! {
        #[allow(non_upper_case_globals)]
        const #list: &[__dr_OrderColumn] = &[#(#entries),*];
    });
    let (model_name, name, target_name) = (
        model.ident.to_string(),
        rel.name.to_string(),
        rel.target_name(),
    );
    for (at, col) in cols.iter().enumerate() {
        let (first, last) = ends(col);
        let assert = Ident::new("__dr_assert_row_order", first);
        let mut call = Group::new(
            Delimiter::Parenthesis,
            quote!(#model_name, #name, #target_name, #list, #at, __dr_KeyOf::<#target>::COL),
        );
        call.set_span(last);
        let call = TokenTree::Group(call);
        out.extend(quote_spanned! {first=>
            const _: () = #assert #call;
        });
    }
    out
}

/// The first and last token spans of a path, so that an error covers it.
fn ends(path: &Path) -> (Span, Span) {
    let mut tokens = path.to_token_stream().into_iter();
    let first = tokens
        .next()
        .map(|t| t.span())
        .unwrap_or_else(Span::call_site);
    let last = tokens.last().map(|t| t.span()).unwrap_or(first);
    (first, last)
}

/// `const _: () = __dr_assert_order::<Marker>(args);`, the call spanned
/// from `first` to `last` (its name at the one, its parentheses at the
/// other), where rustc reports the panic.
fn check_over(first: Span, last: Span, marker: &Ident, args: TokenStream) -> TokenStream {
    let assert = Ident::new("__dr_assert_order", first);
    let mut marker = marker.clone();
    marker.set_span(first);
    let mut call = Group::new(Delimiter::Parenthesis, args);
    call.set_span(last);
    let call = TokenTree::Group(call);
    quote_spanned! {first=>
        const _: () = #assert::<#marker> #call;
    }
}

/// The order a declaration loads in: `declared` where every column of
/// `Model.name`'s `order_by` is where it may be, else `fallback`.
pub fn checked(marker: &Ident, declared: &TokenStream, fallback: &TokenStream) -> TokenStream {
    let list = list_name(marker);
    quote! {
        <__dr_If<{ __dr_order_ok(#list) }> as __dr_CheckedOrder<#declared, #fallback>>::Order
    }
}

/// `ManyToManyDecl::Lazy`: the join where the `order_by` names a column of
/// the association table, the subquery otherwise.
pub fn lazy_form(marker: &Ident, ordered: bool) -> TokenStream {
    if !ordered {
        return quote!(__dr_ThroughSubquery);
    }
    let list = list_name(marker);
    quote! {
        <__dr_If<{ __dr_order_on_secondary(#list) }> as __dr_LoadThrough>::Form
    }
}
