//! `#[derive(Relations)]`: parses `#[relationship(...)]`, checks it, and
//! generates the relationship marker types and accessors.
//!
//! Laid out like serde_derive: `model` parses, `check` judges (collecting
//! every error), `expand` generates. Users depend on `diesel-relations`,
//! which re-exports this derive.

#![deny(missing_docs)]

use proc_macro::TokenStream;

mod check;
mod ctxt;
mod evidence;
mod expand;
mod migrations;
mod model;
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
    let cx = ctxt::Ctxt::default();
    let model = model::parse(&cx, input);
    let options = evidence::parse_options(&cx, input);
    let resolved = model.as_ref().map(|m| check::check(&cx, m));
    cx.check()?;
    Ok(match (&model, &resolved) {
        (Some(model), Some(resolved)) => {
            let (mut infos, checks) = pairing::expand(model, resolved, &options);
            let (markers, mut inside) = expand::expand(model, resolved, &mut infos);
            inside.extend(checks);
            let aliases = expand::aliases();
            quote::quote! {
                #markers
                const _: () = {
                    #aliases
                    #inside
                };
            }
        }
        _ => proc_macro2::TokenStream::new(),
    })
}
