//! Generates the model's `Model` impl, its `ModelInfo`, and one registry
//! entry per relationship (see `diesel_relations::registry`).

use crate::check::{Kind, Resolved};
use crate::model::Model;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

pub fn model_impl(model: &Model) -> TokenStream {
    let krate = quote!(::diesel_relations);
    let diesel = quote!(#krate::__private::diesel);
    let ident = &model.ident;
    let name = ident.to_string();
    let table = model.table_name();
    let table_path = &model.table;
    let pk: Vec<String> = model.primary_key.iter().map(|k| k.to_string()).collect();
    let key_columns = model.primary_key.iter().map(|k| {
        quote! {
            #krate::registry::KeyColumn {
                name: <#table_path::#k as #diesel::Column>::NAME,
                sql_type: <<#table_path::#k as #diesel::Expression>::SqlType as #krate::SqlTypeName>::NAME,
            }
        }
    });
    quote! {
        impl ::diesel_relations::Model for #ident {
            const MODEL: &'static str = #name;
            const TABLE: &'static str = #table;
            const PRIMARY_KEY: &'static [&'static str] = &[#(#pk),*];
        }

        #krate::__private::inventory::submit! {
            #krate::registry::ModelInfo {
                model: #name,
                module: ::core::module_path!(),
                table: #table,
                primary_key: &[#(#key_columns),*],
            }
        }
    }
}

/// `inventory::submit!` of the relationship's `RelationshipInfo`.
pub fn entry(model: &Model, r: &Resolved, foreign_key_column: &TokenStream) -> TokenStream {
    let krate = quote!(::diesel_relations);
    let diesel = quote!(#krate::__private::diesel);
    let rel = r.rel;
    let source = &model.ident;
    let source_name = source.to_string();
    let name = rel.name.to_string();
    let table = model.table_name();
    let target = &rel.target;
    let target_name = rel.target_name();
    let fk = foreign_key_column;
    let (kind, fk_on, references) = match &r.kind {
        Kind::OneToMany { .. } => (
            quote!(OneToMany),
            quote!(<#target as #krate::Model>::TABLE),
            quote!(#krate::registry::ColumnRef { table: #table, column: <#source as #krate::Model>::PRIMARY_KEY[0] }),
        ),
        Kind::ManyToOne { .. } => (
            quote!(ManyToOne),
            quote!(#table),
            quote!(#krate::registry::ColumnRef {
                table: <#target as #krate::Model>::TABLE,
                column: <#target as #krate::Model>::PRIMARY_KEY[0],
            }),
        ),
    };
    let back_populates = match &rel.options.back_populates {
        Some(b) => {
            let b = b.to_string();
            quote!(::core::option::Option::Some(#b))
        }
        None => quote!(::core::option::Option::None),
    };
    let order_by = match &rel.options.order_by {
        Some(o) => {
            let text =
                o.0.to_token_stream()
                    .to_string()
                    .replace(" :: ", "::")
                    .replace(" . ", ".")
                    .replace(" ()", "()");
            quote!(::core::option::Option::Some(#text))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #krate::__private::inventory::submit! {
            #krate::registry::RelationshipInfo {
                model: #source_name,
                name: #name,
                table: #table,
                target: #target_name,
                target_table: <#target as #krate::Model>::TABLE,
                kind: #krate::registry::RelationshipKind::#kind,
                foreign_key: ::core::option::Option::Some(#krate::registry::ColumnRef {
                    table: #fk_on,
                    column: <#fk as #diesel::Column>::NAME,
                }),
                references: ::core::option::Option::Some(#references),
                secondary: ::core::option::Option::None,
                nullable: <<<#fk as #diesel::Expression>::SqlType as #diesel::sql_types::SqlType>::IsNull
                    as #krate::__private::Nullability>::NULLABLE,
                sql_type: <<#fk as #diesel::Expression>::SqlType as #krate::SqlTypeName>::NAME,
                back_populates: #back_populates,
                cascade: #krate::registry::Cascade { delete: false, delete_orphan: false, passive_deletes: false },
                order_by: #order_by,
                declared_at: ::core::concat!(::core::file!(), ":", ::core::line!()),
            }
        }
    }
}
