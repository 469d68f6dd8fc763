//! Code generation: one marker type per relationship, its trait impls, and
//! the accessor method on the model.

use crate::check::{CollectionKey, Kind, Resolved};
use crate::model::{Cardinality, Model};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::Ident;

/// `::diesel_relations`, the runtime crate the generated code names.
fn krate() -> TokenStream {
    quote!(::diesel_relations)
}

/// The marker type of `Model.name`.
pub fn marker(model: &Ident, name: &Ident) -> Ident {
    format_ident!("__Relation_{}_{}", model, name)
}

/// The type-level name `Name<hash>` other derives find a relationship by.
pub fn name_type(name: &Ident) -> TokenStream {
    let krate = krate();
    let hash = Literal::u64_unsuffixed(fnv1a(&name.to_string()));
    quote!(#krate::__private::Name<#hash>)
}

/// FNV-1a, 64 bits: stable across compilations and crates.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn expand(model: &Model, resolved: &[Resolved]) -> TokenStream {
    let model_impl = crate::registry::model_impl(model);
    let items = resolved.iter().map(|r| relationship(model, r));
    quote!(#model_impl #(#items)*)
}

fn relationship(model: &Model, r: &Resolved) -> TokenStream {
    let krate = krate();
    let diesel = quote!(#krate::__private::diesel);
    let rel = r.rel;
    let source = &model.ident;
    let vis = &model.vis;
    let name = &rel.name;
    let marker = marker(source, name);
    let target = &rel.target;
    let target_name = rel.target_name();
    let full_name = format!("{source}.{name}");
    let name_ty = name_type(name);
    let table = &model.table;

    let (kind_impl, foreign_key_name, accessor, fk_column) = match &r.kind {
        Kind::OneToMany {
            foreign_key,
            key_field,
            key_ty,
            order,
        } => {
            let (fk, fk_name) = match foreign_key {
                CollectionKey::Column(path) => {
                    let text = path
                        .segments
                        .iter()
                        .rev()
                        .take(2)
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<Vec<_>>()
                        .join(".");
                    (path.to_token_stream(), quote!(#text))
                }
                CollectionKey::BackPopulates(back) => {
                    let back_name = name_type(back);
                    let other = quote_spanned! {back.span()=>
                        <#target as #krate::HasRelationship<#back_name>>::Rel
                    };
                    (
                        quote!(<#other as #krate::ManyToOne>::ForeignKey),
                        quote!(<#other as #krate::Relationship>::FOREIGN_KEY),
                    )
                }
            };
            let child_table = quote!(<#fk as #diesel::Column>::Table);
            let (order_ty, order_expr) = match order {
                Some((ty, expr)) => (ty.clone(), expr.clone()),
                None => (
                    quote!(<#child_table as #diesel::Table>::PrimaryKey),
                    quote!(#diesel::Table::primary_key(&<#child_table as ::core::default::Default>::default())),
                ),
            };
            let doc = format!(
                "The {target_name} rows of this {source} ({full_name}). `.load(conn)` runs one query; \
                 the handle is also the Diesel query of those rows."
            );
            (
                quote! {
                    impl #krate::OneToMany for #marker {
                        type Key = #key_ty;
                        type ForeignKey = #fk;
                        type Query = #diesel::dsl::Filter<#child_table, #diesel::dsl::Eq<#fk, #key_ty>>;
                        type Order = #order_ty;
                        type Assign = #diesel::dsl::Eq<#fk, #key_ty>;
                        fn key(source: &#source) -> #key_ty {
                            ::core::clone::Clone::clone(&source.#key_field)
                        }
                        fn query(key: #key_ty) -> Self::Query {
                            #diesel::QueryDsl::filter(
                                <#child_table as ::core::default::Default>::default(),
                                #diesel::ExpressionMethods::eq(<#fk as ::core::default::Default>::default(), key),
                            )
                        }
                        fn order() -> Self::Order {
                            #order_expr
                        }
                        fn assign(key: #key_ty) -> Self::Assign {
                            #diesel::ExpressionMethods::eq(<#fk as ::core::default::Default>::default(), key)
                        }
                    }
                },
                fk_name,
                quote! {
                    #[doc = #doc]
                    #vis fn #name(&self) -> #krate::ToMany<#marker> {
                        #krate::ToMany::of(self)
                    }
                },
                fk,
            )
        }
        Kind::ManyToOne {
            fk_field,
            key_ty,
            nullable,
        } => {
            let fk = quote!(#table::#fk_field);
            let fk_name = format!("{}.{}", model.table_name(), fk_field);
            let target_table = quote!(<#target as #diesel::associations::HasTable>::Table);
            let read_key = if *nullable {
                quote!(::core::clone::Clone::clone(&source.#fk_field))
            } else {
                quote!(::core::option::Option::Some(::core::clone::Clone::clone(&source.#fk_field)))
            };
            let optional = rel.cardinality == Cardinality::OptionalOne;
            let (output, found, null) = if optional {
                (
                    quote!(::core::option::Option<#target>),
                    quote!(::core::option::Option::Some(target)),
                    quote!(::core::option::Option::Some(::core::option::Option::None)),
                )
            } else {
                (
                    quote!(#target),
                    quote!(target),
                    quote!(::core::option::Option::None),
                )
            };
            let doc = format!(
                "The {target_name} this {source} points at through {fk_name} ({full_name}). \
                 `.get(conn)` runs one query."
            );
            (
                quote! {
                    impl #krate::ManyToOne for #marker {
                        type Key = #key_ty;
                        type ForeignKey = #fk;
                        const TARGET_KEY: &'static str =
                            <<#target_table as #diesel::Table>::PrimaryKey as #diesel::Column>::NAME;
                        type Query = #diesel::dsl::Find<#target_table, #key_ty>;
                        type Output = #output;
                        fn foreign_key(source: &#source) -> ::core::option::Option<#key_ty> {
                            #read_key
                        }
                        fn query(key: #key_ty) -> Self::Query {
                            #diesel::QueryDsl::find(
                                <#target_table as ::core::default::Default>::default(),
                                key,
                            )
                        }
                        fn found(target: #target) -> Self::Output {
                            #found
                        }
                        fn null() -> ::core::option::Option<Self::Output> {
                            #null
                        }
                    }
                },
                quote!(#fk_name),
                quote! {
                    #[doc = #doc]
                    #vis fn #name(&self) -> #krate::ToOne<#marker> {
                        #krate::ToOne::of(self)
                    }
                },
                fk,
            )
        }
    };

    let entry = crate::registry::entry(model, r, &fk_column);
    let marker_doc = format!("Marker of the relationship {full_name}.");
    quote! {
        #[doc = #marker_doc]
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #marker;

        impl #krate::Relationship for #marker {
            type Source = #source;
            type Target = #target;
            const NAME: &'static str = #full_name;
            const TARGET_NAME: &'static str = #target_name;
            const FOREIGN_KEY: &'static str = #foreign_key_name;
        }

        impl #krate::HasRelationship<#name_ty> for #source {
            type Rel = #marker;
        }

        #kind_impl

        impl #source {
            #accessor
        }

        #entry
    }
}
