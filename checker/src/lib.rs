//! `#[derive(Relations)]`: parses `#[relationship(...)]`, checks it, and
//! generates the relationship marker types and accessors.
//!
//! Laid out like serde_derive, in stages that use only the stages before
//! them (docs/architecture.md; `scripts/check_layout.sh` checks it):
//!
//! 1. parse: `model` reads the struct and its `#[relationship(..)]`s
//!    (`evidence::parse_options` its `#[relations(..)]`);
//! 2. judge: `check` resolves each relationship, collecting every error;
//! 3. gather evidence: `evidence` reads the migrations' schema
//!    (`migrations`) and writes the checks that need it, `foreign_keys`
//!    those of a key on another table or a model key not its `table!`'s,
//!    and the keys inferred from the migrations;
//! 4. generate: `pairing` the checks across a `back_populates` pair and
//!    each marker's `RelInfo`, `ordering` the `order_by` checks, `expand`
//!    the markers, impls and accessors.
//!
//! Below them all, `ctxt` collects the errors and `shared` holds the names
//! and code pieces every stage writes. Users depend on `diesel-relations`,
//! which re-exports this derive.

#![deny(missing_docs)]

use proc_macro::TokenStream;

// Shared helpers.
mod ctxt;
mod shared;
// 1. parse
mod model;
// 2. judge
mod check;
// 3. gather evidence
mod evidence;
mod foreign_keys;
mod migrations;
// 4. generate
mod composite;
mod expand;
mod ordering;
mod pairing;

/// Declares relationships on a Diesel model, SQLAlchemy's `relationship()`,
/// and checks them at compile time.
///
/// Use it as `diesel_relations::Relations`: the code it generates names the
/// `diesel_relations` crate, whose page for this derive is the reference of
/// every `#[relationship(..)]` and `#[relations(..)]` option, with examples
/// that run.
#[proc_macro_derive(Relations, attributes(relationship, relations))]
pub fn derive_relations(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn derive(input: &syn::DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let failed = match attempt(input) {
        Ok(tokens) => return Ok(tokens),
        Err(failed) => failed,
    };
    let mut out = failed.errors.into_compile_error();
    // A mistake in some relationships only: the derive writes the model
    // as if those were not declared, and their names as poisoned markers,
    // so that the rest of the model (its accessors, its facts for the
    // other side of each pair) is there and the mistakes are the only
    // errors.
    let rest = match (failed.faults.model, &failed.poisoned_names) {
        (false, Some(names)) => {
            let clean = without_relationships(input, &failed.faults.relationships);
            attempt(&clean)
                .ok()
                .map(|tokens| quote::quote!(#tokens #names))
        }
        _ => None,
    };
    out.extend(rest.or(failed.poisoned));
    Ok(out)
}

/// What a derive with mistakes hands back to [`derive`].
struct Failed {
    errors: syn::Error,
    faults: ctxt::Faults,
    /// The whole model poisoned (`expand::poisoned`).
    poisoned: Option<proc_macro2::TokenStream>,
    /// Only the relationships with a mistake poisoned.
    poisoned_names: Option<proc_macro2::TokenStream>,
}

/// `input` without the `#[relationship(..)]` attributes of `names`.
fn without_relationships(input: &syn::DeriveInput, names: &[String]) -> syn::DeriveInput {
    let mut clean = input.clone();
    clean.attrs.retain(|attr| {
        !attr.path().is_ident("relationship")
            || !model::relationship_name(attr).is_some_and(|name| names.contains(&name.to_string()))
    });
    clean
}

fn attempt(input: &syn::DeriveInput) -> Result<proc_macro2::TokenStream, Box<Failed>> {
    let cx = ctxt::Ctxt::default();
    // Nothing left of a derive that stopped early.
    drop(shared::picks());
    let mut model = model::parse(&cx, input);
    let options = evidence::parse_options(&cx, input);
    if let Some(model) = &mut model {
        evidence::infer_references(&cx, model, &options);
        evidence::link_target_keys(&cx, model, &options);
    }
    let resolved = model.as_ref().map(|m| check::check(&cx, m));
    let rows = model
        .as_ref()
        .map(|m| check::rows(&cx, m))
        .unwrap_or_default();
    if let Some(model) = &model {
        pairing::backref_claims(&cx, model);
    }
    let faults = cx.faults();
    if let Err(errors) = cx.check() {
        drop(shared::picks());
        return Err(Box::new(Failed {
            errors,
            poisoned: model.as_ref().map(|m| expand::poisoned(m, &faults.taken)),
            poisoned_names: model
                .as_ref()
                .map(|m| expand::poisoned_relationships(m, &faults.relationships, &faults.taken)),
            faults,
        }));
    }
    Ok(match (&model, &resolved) {
        (Some(model), Some(resolved)) => {
            let (mut infos, checks) = pairing::expand(model, resolved, &options);
            let row_steps = composite::cascade_steps(model, &rows);
            let (row_markers, row_inside, row_entries) = composite::expand(model, &rows);
            let (mut markers, mut inside) =
                expand::expand(model, resolved, &mut infos, row_steps, row_entries);
            markers.extend(row_markers);
            inside.extend(row_inside);
            inside.extend(evidence::composite_checks(model, &rows, &options));
            inside.extend(checks);
            let aliases = expand::aliases();
            let picks = shared::picks();
            quote::quote! {
                #markers
                const _: () = {
                    #aliases
                    #picks
                    #inside
                };
            }
        }
        _ => proc_macro2::TokenStream::new(),
    })
}
