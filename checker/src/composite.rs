//! Generation for a many-to-one through a composite foreign key
//! (`foreign_key = (order_id, line_no)`, [`crate::check::RowResolved`]):
//! its marker, its `ManyToOneRowDecl` impl, the accessor returning a
//! `ToOneRow`, and the check of its columns against the target's key.
//!
//! Apart from `expand`, whose single-column relationships it leaves as
//! they are. Such a relationship takes part in no `back_populates` pair
//! (the derive refuses one), so its `RelInfo` is the one that keeps the
//! pair checks of other models silent.

use crate::check::RowResolved;
use crate::model::{Cardinality, Model};
use crate::shared::{check_at, fnv1a, location, marker_of, name_type};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

/// The markers (nameable where the model is), and the impls, accessors and
/// checks, which go in the derive's block.
pub fn expand(model: &Model, rows: &[RowResolved]) -> (TokenStream, TokenStream) {
    let mut markers = TokenStream::new();
    let mut inside = TokenStream::new();
    let mut accessors = Vec::new();
    let ident = &model.ident;
    let vis = &model.vis;
    let table = &model.table;
    let model_name = ident.to_string();
    let id = Literal::u64_unsuffixed(model.id);
    for row in rows {
        let rel = row.rel;
        let name = &rel.name;
        let target = rel.target.to_token_stream();
        let target_name = rel.target_name();
        let marker = marker_of(&model_name, name, false);
        let full_name = format!("{model_name}.{name}");
        let name_ty = name_type(name);
        let text_name = name.to_string();
        let name_id = Literal::u64_unsuffixed(fnv1a(&text_name));
        let columns: Vec<_> = row.fields.iter().map(|f| &f.column).collect();
        let fields: Vec<_> = row.fields.iter().map(|f| &f.ident).collect();
        let foreign_key = format!(
            "{}.({})",
            model.table_name(),
            columns
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let text = format!("{full_name}\0{target_name}\0\0\0{}", location(name.span()));
        let shape = if rel.cardinality == Cardinality::OptionalOne {
            quote!(__dr_MaybeOne)
        } else {
            quote!(__dr_One)
        };
        let doc = format!(
            "The {target_name} this {model_name} points at through {foreign_key} ({full_name}). `.get(conn)` runs one query."
        );
        let key_columns: Vec<_> = columns.iter().map(|c| {
            quote! {
                __dr_KeyColumn {
                    name: <#table::#c as __dr_Column>::NAME,
                    sql_type: <<#table::#c as __dr_Expression>::SqlType as __dr_SqlTypeName>::NAME,
                }
            }
        }).collect();
        let check = check_at(
            row.expr
                .to_token_stream()
                .into_iter()
                .next()
                .map_or_else(proc_macro2::Span::call_site, |t| t.span()),
            "assert_row_key",
            Some(&marker),
            quote!(#full_name, &[#(#key_columns),*]),
        );
        markers.extend(quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis struct #marker;
        });
        inside.extend(quote! {
            impl __dr_Relationship for #marker {
                type Source = #ident;
                type Target = #target;
                const DECL: __dr_Declared = __dr_Declared { text: #text, foreign_key: #foreign_key, flags: 0 };
                const INFO: __dr_RelInfo = __dr_RelInfo::poisoned(#model_name, #id, #text_name, #name_id);
            }
            impl __dr_HasRelationship<#name_ty> for #ident {
                type Rel = #marker;
            }
            impl __dr_ManyToOneRowDecl for #marker {
                type ForeignKey = (#(#table::#columns,)*);
                type Shape = #shape;
                fn foreign_key(source: &#ident) -> __dr_Option<<#target as __dr_Model>::Key> {
                    <__dr_If<{ __dr_row_key_ok::<#marker>(&[#(#key_columns),*]) }> as __dr_ReadRow<<#target as __dr_Model>::Key, _>>::read((#(&source.#fields,)*))
                }
            }
            #check
        });
        accessors.push(quote! {
            #[doc = #doc]
            #vis fn #name(&self) -> __dr_ToOneRow<#marker> {
                __dr_ToOneRow::<#marker>::of(self)
            }
        });
    }
    if !accessors.is_empty() {
        inside.extend(quote!(impl #ident { #(#accessors)* }));
    }
    (markers, inside)
}
