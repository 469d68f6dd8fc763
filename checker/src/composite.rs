//! Generation for the relationships through a composite foreign key
//! ([`crate::check::RowResolved`]): a many-to-one (`foreign_key =
//! (order_id, line_no)`, its `ManyToOneRowDecl` impl and a `ToOneRow`
//! accessor) and a collection on the parent (`foreign_key =
//! (notes::order_id, notes::line_no)`, `OneToManyRowDecl` and
//! `ToManyRows`), each with the check of its columns against the key
//! they reference.
//!
//! Apart from `expand`, whose single-column relationships it leaves as
//! they are. Their `back_populates` pair is checked here, a collection's
//! (or one-to-one's) columns against its many-to-one's (`assert_row_pair`,
//! through the `RowColumns` each marker implements, which also gives the
//! registry entry); their `RelInfo` is the one that keeps the pair checks
//! of other models silent.

use crate::check::{RowKind, RowResolved};
use crate::model::{Cardinality, Model};
use crate::shared::{check_at, fnv1a, key_columns, location, marker_of, name_type};
use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::{Ident, Path};

/// The columns' names as messages print them, `(a, b)`.
fn names(columns: &[Ident]) -> String {
    let names: Vec<String> = columns.iter().map(Ident::to_string).collect();
    format!("({})", names.join(", "))
}

/// The last two segments of `table::column`.
fn table_and_column(path: &Path) -> (String, Ident) {
    let n = path.segments.len();
    let table = path.segments[n - 2].ident.to_string();
    (table, path.segments[n - 1].ident.clone())
}

/// The Rust types of the model's primary key fields, in the key's order:
/// the components of its `Model::Key`.
fn key_types(model: &Model) -> Vec<TokenStream> {
    model
        .primary_key
        .iter()
        .filter_map(|pk| model.field_for_column(pk))
        .map(|f| f.ty.to_token_stream())
        .collect()
}

/// The steps a delete of the model walks through its composite
/// collections and one-to-ones (`Cascades`, after the one-column ones):
/// the children deleted with their cascades (`cascade = "all"`/`"delete"`),
/// else released or the delete refused.
pub fn cascade_steps(model: &Model, rows: &[RowResolved]) -> Vec<TokenStream> {
    let me = model.ident.to_string();
    rows.iter()
        .filter(|row| matches!(row.kind, RowKind::OneToMany(_) | RowKind::OneToOne(_)))
        .map(|row| {
            let marker = marker_of(&me, &row.rel.name, false);
            let target = row.rel.target_name();
            let step = if !row.cascade.delete {
                quote!(__dr_RowDetach)
            } else if target == me || target == "Self" {
                quote!(__dr_RowOwnChildren)
            } else {
                quote!(__dr_RowChildren)
            };
            quote!(#step<#marker>)
        })
        .collect()
}

/// The `RowColumns` impl of a marker: its columns for the registry entry.
fn row_columns(marker: &Ident, columns: &[TokenStream], target: &[TokenStream]) -> TokenStream {
    let keys = key_columns(columns);
    let target = key_columns(target);
    quote! {
        impl __dr_RowColumns for #marker {
            const COLUMNS: &'static [__dr_KeyColumn] = &[#(#keys),*];
            const TARGET_COLUMNS: &'static [__dr_KeyColumn] = &[#(#target),*];
            const NULLABLE: bool = false #(|| <#columns as __dr_NullableColumn>::NULLABLE)*;
        }
    }
}

/// The markers (nameable where the model is), the impls, accessors and
/// checks, which go in the derive's block, and each relationship's
/// registry entry type.
pub fn expand(model: &Model, rows: &[RowResolved]) -> (TokenStream, TokenStream, Vec<TokenStream>) {
    let mut entries = Vec::new();
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
        let back = rel
            .options
            .back_populates
            .as_ref()
            .map(Ident::to_string)
            .unwrap_or_default();
        let order_text = rel
            .options
            .order_by
            .as_ref()
            .map(|o| o.0.to_token_stream().to_string().replace(' ', ""))
            .unwrap_or_default();
        let text = format!(
            "{full_name}\0{target_name}\0{back}\0{order_text}\0{}",
            location(name.span())
        );
        let span = row
            .expr
            .to_token_stream()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span());
        if let RowKind::ManyToMany(secondary) = &row.kind {
            let (decl, checks, accessor, foreign_key) =
                many_to_many(model, row, secondary, &marker, &full_name, span);
            entries.push(quote!(__dr_ManyToManyRowEntry<#marker>));
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
                #decl
                #checks
            });
            accessors.push(accessor);
            continue;
        }
        // The columns, the table they are on, the model whose key they
        // reference, and the fields they are read off (of the row `row`).
        let (columns, fk_table, column_names, fields, referenced, read_on) = match &row.kind {
            RowKind::ManyToOne(fields) => (
                fields
                    .iter()
                    .map(|f| {
                        let c = &f.column;
                        quote!(#table::#c)
                    })
                    .collect::<Vec<_>>(),
                model.table_name(),
                fields.iter().map(|f| f.column.clone()).collect::<Vec<_>>(),
                fields.iter().map(|f| f.ident.clone()).collect::<Vec<_>>(),
                quote!(<#target as __dr_Model>::DECL),
                quote!(#ident),
            ),
            RowKind::ManyToMany(_) => continue,
            RowKind::OneToMany(paths) | RowKind::OneToOne(paths) => {
                let split: Vec<(String, Ident)> = paths.iter().map(table_and_column).collect();
                (
                    paths.iter().map(|p| p.to_token_stream()).collect(),
                    split.first().map(|(t, _)| t.clone()).unwrap_or_default(),
                    split.iter().map(|(_, c)| c.clone()).collect(),
                    // Diesel names a model's field after its column.
                    split.iter().map(|(_, c)| c.clone()).collect(),
                    quote!(<#ident as __dr_Model>::DECL),
                    target.clone(),
                )
            }
        };
        let foreign_key = format!("{fk_table}.{}", names(&column_names));
        let keys = key_columns(&columns);
        let check = check_at(
            span,
            "assert_row_key",
            None,
            quote!(#full_name, #fk_table, #referenced, &[#(#keys),*]),
        );
        // A collection or one-to-one names the child's columns, as its
        // other side, the many-to-one, does: both must be the same.
        let pair = match (&row.kind, &rel.options.back_populates) {
            (RowKind::OneToMany(_) | RowKind::OneToOne(_), Some(back)) => {
                let other = format!("{target_name}.{back}");
                let back_ty = name_type(back);
                check_at(
                    span,
                    "assert_row_pair",
                    None,
                    quote!(#full_name, #fk_table, &[#(#keys),*], #other, __dr_RowPair::<#target, #back_ty>::COLUMNS),
                )
            }
            _ => TokenStream::new(),
        };
        let read = |key: TokenStream| {
            quote! {
                <__dr_If<{ __dr_row_key_ok(#referenced, &[#(#keys),*]) }> as __dr_ReadRow<#key, _>>::read((#(&row.#fields,)*))
            }
        };
        // A child's columns, read by the parent's derive, which sees no
        // field of the child: each through the child's `FieldOf` where it
        // renamed the field (`#[diesel(column_name = ..)]`), else by the
        // column's name; each only where the check passed.
        let read_child = |key: &TokenStream| {
            let ok = quote!(__dr_row_key_ok(#referenced, &[#(#keys),*]));
            let parts = columns.iter().zip(&fields).zip(key_types(model)).enumerate().map(
                |(i, ((col, field), ki))| {
                    let var = quote::format_ident!("__dr_c{}", i);
                    let renamed = quote!(__dr_Renamed::<#target, #col>::RENAMED);
                    quote! {
                        let #var: __dr_Option<#ki> = {
                            #[allow(dead_code, non_camel_case_types)]
                            struct __DrStandIn {
                                #field: __dr_Option<#ki>,
                            }
                            if #renamed {
                                <__dr_If<{ #renamed && #ok && __dr_FieldFits::<#target, #col, #ki>::FITS }>
                                    as __dr_ReadRenamed<#target, #col, #ki>>::read(row)
                            } else {
                                let row = __dr_RowOf::<#target, __DrStandIn, { #ok && !#renamed }>::of(row);
                                __dr_ForeignKeyValue::<#ki>::to_key(&row.#field)
                            }
                        };
                    }
                },
            );
            // One per column that has a key component: a wrong arity is
            // the check's message, the tuple read through its stand-in.
            let vars: Vec<Ident> = (0..columns.len().min(key_types(model).len()))
                .map(|i| quote::format_ident!("__dr_c{}", i))
                .collect();
            // Combined where the check passed only: a key of another
            // arity is the check's message, not a tuple mismatch.
            quote! {{
                #(#parts)*
                <__dr_If<{ #ok }> as __dr_ReadRow<#key, _>>::read((#(&#vars,)*))
            }}
        };
        let mut order_checks = TokenStream::new();
        let registered = row_columns(&marker, &columns, &[]);
        entries.push(match &row.kind {
            RowKind::ManyToOne(_) => quote!(__dr_ManyToOneRowEntry<#marker>),
            RowKind::OneToOne(_) => quote!(__dr_OneToManyRowEntry<#marker, true>),
            _ => quote!(__dr_OneToManyRowEntry<#marker, false>),
        });
        let (decl, accessor) = match &row.kind {
            RowKind::ManyToOne(_) => {
                let shape = if rel.cardinality == Cardinality::OptionalOne {
                    quote!(__dr_MaybeOne)
                } else {
                    quote!(__dr_One)
                };
                let key = quote!(<#target as __dr_Model>::Key);
                let read = read(key.clone());
                let doc = format!(
                    "The {target_name} this {model_name} points at through {foreign_key} ({full_name}). `.get(conn)` runs one query."
                );
                (
                    quote! {
                        impl __dr_ManyToOneRowDecl for #marker {
                            type ForeignKey = (#(#columns,)*);
                            type Shape = #shape;
                            fn foreign_key(row: &#read_on) -> __dr_Option<#key> {
                                #read
                            }
                        }
                    },
                    quote! {
                        #[doc = #doc]
                        #vis fn #name(&self) -> __dr_ToOneRow<#marker> {
                            __dr_ToOneRow::<#marker>::of(self)
                        }
                    },
                )
            }
            RowKind::ManyToMany(_) => continue,
            RowKind::OneToOne(_) => {
                let shape = if rel.cardinality == Cardinality::OptionalOne {
                    quote!(__dr_MaybeOne)
                } else {
                    quote!(__dr_One)
                };
                let key = quote!(<#ident as __dr_Model>::Key);
                let read = read_child(&key);
                let doc = format!(
                    "The {target_name} row whose {foreign_key} hold this {model_name}'s key ({full_name}, a one-to-one). `.get(conn)` runs one query."
                );
                (
                    quote! {
                        impl __dr_OneToManyRowDecl for #marker {
                            type ForeignKey = (#(#columns,)*);
                            type Order = __dr_ByKey<<#target as __dr_Model>::Table>;
                            fn parent_key_of(row: &#read_on) -> __dr_Option<#key> {
                                #read
                            }
                        }
                        impl __dr_OneToOneRowDecl for #marker {
                            type Shape = #shape;
                        }
                    },
                    quote! {
                        #[doc = #doc]
                        #vis fn #name(&self) -> __dr_ToOneRowReverse<#marker> {
                            __dr_ToOneRowReverse::<#marker>::of(self)
                        }
                    },
                )
            }
            RowKind::OneToMany(_) => {
                let key = quote!(<#ident as __dr_Model>::Key);
                let read = read_child(&key);
                let doc = format!(
                    "The {target_name} rows whose {foreign_key} hold this {model_name}'s key ({full_name}). `.load(conn)` runs one query."
                );
                let by_key = quote!(__dr_ByKey<<#target as __dr_Model>::Table>);
                let order = match &row.order {
                    Some(declared) => {
                        order_checks = crate::ordering::row_checks(model, rel, &marker);
                        crate::ordering::checked(&marker, declared, &by_key)
                    }
                    None => by_key,
                };
                (
                    quote! {
                        impl __dr_OneToManyRowDecl for #marker {
                            type ForeignKey = (#(#columns,)*);
                            type Order = #order;
                            fn parent_key_of(row: &#read_on) -> __dr_Option<#key> {
                                #read
                            }
                        }
                    },
                    quote! {
                        #[doc = #doc]
                        #vis fn #name(&self) -> __dr_ToManyRows<#marker> {
                            __dr_ToManyRows::<#marker>::of(self)
                        }
                    },
                )
            }
        };
        markers.extend(quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis struct #marker;
        });
        let flags = Literal::u8_unsuffixed(
            u8::from(row.cascade.delete)
                | (u8::from(row.cascade.delete_orphan) << 1)
                | (u8::from(row.cascade.passive_deletes) << 2),
        );
        inside.extend(quote! {
            impl __dr_Relationship for #marker {
                type Source = #ident;
                type Target = #target;
                const DECL: __dr_Declared = __dr_Declared { text: #text, foreign_key: #foreign_key, flags: #flags };
                const INFO: __dr_RelInfo = __dr_RelInfo::poisoned(#model_name, #id, #text_name, #name_id);
            }
            impl __dr_HasRelationship<#name_ty> for #ident {
                type Rel = #marker;
            }
            #decl
            #check
            #order_checks
            #pair
            #registered
        });
        accessors.push(accessor);
    }
    if !accessors.is_empty() {
        inside.extend(quote!(impl #ident { #(#accessors)* }));
    }
    (markers, inside, entries)
}

/// A many-to-many through `secondary = t((a, b), c)`: its
/// `ManyToManyRowDecl` impl, the checks of each side's columns against
/// that side's key, the accessor, and the `foreign_key` text of its `DECL`
/// (`t.(a, b) -> t.c`).
fn many_to_many(
    model: &Model,
    row: &RowResolved,
    secondary: &crate::model::RowSecondary,
    marker: &Ident,
    full_name: &str,
    span: Span,
) -> (TokenStream, TokenStream, TokenStream, String) {
    let rel = row.rel;
    let ident = &model.ident;
    let vis = &model.vis;
    let name = &rel.name;
    let target = rel.target.to_token_stream();
    let table = &secondary.table;
    let table_name = table
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    let cols =
        |side: &[Ident]| -> Vec<TokenStream> { side.iter().map(|c| quote!(#table::#c)).collect() };
    let source = cols(&secondary.to_source);
    let target_cols = cols(&secondary.to_target);
    // One column as itself, several as a tuple: the side's key form.
    let typed = |cs: &[TokenStream]| match cs {
        [one] => one.clone(),
        _ => quote!((#(#cs,)*)),
    };
    let source_ty = typed(&source);
    let target_ty = typed(&target_cols);
    let source_keys = key_columns(&source);
    let target_keys = key_columns(&target_cols);
    let mut checks = check_at(
        span,
        "assert_secondary_key",
        None,
        quote!(#full_name, #table_name, <#ident as __dr_Model>::DECL, &[#(#source_keys),*]),
    );
    checks.extend(check_at(
        span,
        "assert_secondary_key",
        None,
        quote!(#full_name, #table_name, <#target as __dr_Model>::DECL, &[#(#target_keys),*]),
    ));
    // The pair check of `back_populates`: both sides name one table and
    // the same columns; the side whose `Model.name` sorts first reports.
    if let Some(back) = &rel.options.back_populates {
        let target_name = match rel.target_name() {
            t if t == "Self" => ident.to_string(),
            t => t,
        };
        let other = format!("{target_name}.{back}");
        if full_name < other.as_str() {
            let back_ty = name_type(back);
            checks.extend(check_at(
                span,
                "assert_secondary_pair",
                None,
                quote!(
                    #full_name,
                    __dr_SecondarySide {
                        table: <#table::table as __dr_SqlTableName>::NAME,
                        to_source: &[#(#source_keys),*],
                        to_target: &[#(#target_keys),*],
                        disagrees: <#marker as __dr_SecondaryJudged>::DISAGREES,
                    },
                    #other,
                    __dr_SecondaryPair::<#target, #back_ty>::SIDE,
                    (<#ident as __dr_Model>::DECL, <#target as __dr_Model>::DECL)
                ),
            ));
        }
    }
    let foreign_key = format!(
        "{table_name}.{} -> {table_name}.{}",
        names(&secondary.to_source),
        names(&secondary.to_target)
    );
    let registered = row_columns(marker, &source, &target_cols);
    let decl = quote! {
        #registered
        impl __dr_ManyToManyRowDecl for #marker {
            type Secondary = #table::table;
            type SourceColumns = #source_ty;
            type TargetColumns = #target_ty;
            const SECONDARY: &'static str = <#table::table as __dr_SqlTableName>::NAME;
        }
    };
    let doc = format!(
        "The {} rows linked to this {ident} through {table_name} ({full_name}). `.load(conn)` runs one query.",
        rel.target_name()
    );
    let accessor = quote! {
        #[doc = #doc]
        #vis fn #name(&self) -> __dr_ToManyRowsThrough<#marker> {
            __dr_ToManyRowsThrough::<#marker>::of(self)
        }
    };
    (decl, checks, accessor, foreign_key)
}
