//! Helpers every stage shares, below them all: the names the generated
//! code gives things (`fnv1a`, `model_id`, `name_type`, `marker_of`), and
//! the check constant (`check_at`) with the probes its arguments read
//! (`primary_key`, `other_of`), where a declaration stands (`location`),
//! and the backref names claimed in this compilation (`claim_backref`).
//! Uses no other module of the crate.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, Type};

/// The type-level name `Name<hash>` other derives find a relationship by.
pub fn name_type(name: &Ident) -> TokenStream {
    name_type_of(&name.to_string())
}

/// [`name_type`] of a name already printed.
pub fn name_type_of(name: &str) -> TokenStream {
    let hash = Literal::u64_unsuffixed(fnv1a(name));
    quote!(__dr_Name<#hash>)
}

/// A model's identity for the checks (`ModelDecl::id`): its name, the
/// crate's, and the number of the derive in this compilation, hashed. The
/// path would say it, but hashing it in rustc's const evaluator cost 1.4 M
/// instructions per model (measured); this costs nothing there. Unique in
/// one compilation by the count, across crates by the crate's name (cargo
/// sets `CARGO_CRATE_NAME`); were two ever to collide, a pair with the other
/// model would pass the checker and fail as a type error instead.
pub(crate) fn model_id(name: &str) -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static DERIVES: AtomicU64 = AtomicU64::new(0);
    let n = DERIVES.fetch_add(1, Ordering::Relaxed);
    let krate = std::env::var("CARGO_CRATE_NAME").unwrap_or_default();
    fnv1a(&format!("{krate}::{name}#{n}"))
}

/// `file:line` of `span` (the file as rustc was given it, as `file!()`).
/// Only ever called inside the derive, where the compiler's spans exist.
pub(crate) fn location(span: proc_macro2::Span) -> String {
    let span = span.unwrap();
    format!("{}:{}", span.file(), span.line())
}

/// Claims the relationship `name` that a backref of `by` (`Model.rel`,
/// declared at `at`) declares onto `target` (its path as written), for this
/// compilation: the claim already standing (`Model.rel`, `file:line`), when
/// another declaration made it first. Two backrefs of one name onto one
/// model would be two accessors of one name (E0592) and conflicting impls;
/// derives run one after another in one process (as [`model_id`] counts
/// them), so the second is told here, and generates none. A claim made
/// again by the same declaration (a re-expansion) is no conflict. The
/// pair claims of `pairing::claim` are kept here too (`name` is then
/// `rel claim back`), for the same reason: one impl per claim.
pub(crate) fn claim_backref(
    target: &str,
    name: &str,
    by: &str,
    at: &str,
) -> Option<(String, String)> {
    use std::sync::Mutex;
    static CLAIMS: Mutex<Vec<(String, String, String)>> = Mutex::new(Vec::new());
    let krate = std::env::var("CARGO_CRATE_NAME").unwrap_or_default();
    let key = format!("{krate}\0{target}\0{name}");
    let mut claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
    match claims.iter().find(|(k, ..)| *k == key) {
        Some((_, first, first_at)) if first != by => Some((first.clone(), first_at.clone())),
        Some(_) => None,
        None => {
            claims.push((key, by.to_string(), at.to_string()));
            None
        }
    }
}

/// FNV-1a, 64 bits: stable across compilations and crates.
pub(crate) fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The marker type of `Model.name`.
fn marker(model: &str, name: &Ident) -> Ident {
    format_ident!("__Relation_{}_{}", model, name)
}

/// The marker type of `Model.name`, declared on the model or by a backref.
pub(crate) fn marker_of(model: &str, name: &Ident, backref: bool) -> Ident {
    if backref {
        format_ident!("__Backref_{}_{}", model, name)
    } else {
        marker(model, name)
    }
}

/// `target` as the model its facts are read off: the target itself where
/// it derives `Relations`, the source otherwise (`pairing::AsModel` picks
/// by the target's id, 0 for a type that does not derive), so that the
/// facts type-check and rustc's "is not a model" at the target is the one
/// error.
///
/// Named by an alias, one per derive and pair of types ([`picks`]): each
/// use spelled out was an anonymous constant of its own for rustc to check,
/// hash and evaluate, four to five per relationship to another model.
pub fn as_model(target: &TokenStream, source: &TokenStream) -> TokenStream {
    pick(
        "__DrAsModel",
        target,
        source,
        quote!(<__dr_If<{ __dr_Relationships::<#target>::ID != 0 }> as __dr_AsModel<#target, #source>>::Model),
    )
}

/// The `Parent` a many-to-one to `target` joins on: the target's primary
/// key where it derives `Relations`, a stand-in otherwise. An alias, as
/// [`as_model`].
pub fn parent_pick(target: &TokenStream) -> TokenStream {
    pick(
        "__DrParent",
        target,
        &TokenStream::new(),
        quote!(<__dr_If<{ __dr_Relationships::<#target>::ID != 0 }> as __dr_ParentPick>::Parent),
    )
}

thread_local! {
    /// The aliases of this derive's picks, by name ([`picks`]).
    static PICKS: std::cell::RefCell<Vec<(Ident, TokenStream)>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// The alias `prefix_<hash of the types>` of `ty`, recorded for [`picks`];
/// `ty` itself where a type is `Self`, which an alias cannot name.
fn pick(prefix: &str, target: &TokenStream, source: &TokenStream, ty: TokenStream) -> TokenStream {
    let key = format!("{target} {source}");
    if key.split_whitespace().any(|t| t == "Self") {
        return ty;
    }
    let ident = format_ident!("{}_{}", prefix, fnv1a(&key));
    PICKS.with(|p| {
        let mut p = p.borrow_mut();
        if !p.iter().any(|(i, _)| *i == ident) {
            p.push((ident.clone(), ty));
        }
    });
    quote!(#ident)
}

/// The aliases the derive's picks named so far, taken: written once in
/// the derive's block.
pub fn picks() -> TokenStream {
    PICKS.with(|p| {
        let taken: Vec<_> = p.borrow_mut().drain(..).collect();
        let aliases = taken.into_iter().map(|(ident, ty)| {
            quote! {
                #[allow(non_camel_case_types)]
                type #ident = #ty;
            }
        });
        quote!(#(#aliases)*)
    })
}

/// `Col` of a model's (single-column) primary key.
pub fn primary_key(model: &TokenStream) -> TokenStream {
    quote!(__dr_KeyOf::<#model>::COL)
}

/// The relationship `back` on `target` (`Option<RelInfo>`, `None` when
/// there is none) and the target's relationship names, for the pair check.
/// Probed in each body that reads them rather than kept in constants of
/// their own: a constant is a body for rustc to check, which costs more
/// than the probe (measured).
pub fn other_of(target: &Type, back: &Ident) -> (TokenStream, TokenStream) {
    let back_name = name_type(back);
    (
        quote!(__dr_Find::<#target, #back_name>::INFO),
        quote!(__dr_Relationships::<#target>::NAMES),
    )
}

/// A check: `const _: () = __dr_<assert>::<Marker>(<args>);`, `assert`
/// an `assert_*` of the library (`report` without a marker), which fails
/// with the message spanned at `span`, so that the error points there.
pub fn check_at(
    span: Span,
    assert: &str,
    marker: Option<&Ident>,
    args: TokenStream,
) -> TokenStream {
    // The call's name and parentheses carry `span`, not the call site's,
    // so that the error points at the attribute.
    let assert = Ident::new(&format!("__dr_{assert}"), span);
    let generics = marker.map(|marker| {
        let mut marker = marker.clone();
        marker.set_span(span);
        quote_spanned!(span=> ::<#marker>)
    });
    quote_spanned! {span=>
        const _: () = #assert #generics (#args);
    }
}

/// The SQL types of a foreign key column and of the column it references
/// (`references = table::column`), and whether they are one, as
/// `pairing`'s `key_types_of` gives them for a primary key.
pub fn column_types_of(
    column: &TokenStream,
    referenced: &TokenStream,
) -> (TokenStream, TokenStream, TokenStream) {
    let fk = quote!(__dr_SqlTypeOf<#column>);
    let key = quote!(__dr_SqlTypeOf<#referenced>);
    (
        quote!(__dr_SqlName::<#fk>::NAME),
        quote!(__dr_SqlName::<#key>::NAME),
        quote!(__dr_Same::<#fk, #key>::SAME),
    )
}

/// `KeyColumn { name, sql_type, nullable }` of each column, as the checks
/// and the registry read them.
pub fn key_columns(columns: &[TokenStream]) -> Vec<TokenStream> {
    columns
        .iter()
        .map(|c| {
            quote! {
                __dr_KeyColumn {
                    name: <#c as __dr_Column>::NAME,
                    sql_type: <<#c as __dr_Expression>::SqlType as __dr_SqlTypeName>::NAME,
                    nullable: <#c as __dr_NullableColumn>::NULLABLE,
                }
            }
        })
        .collect()
}
