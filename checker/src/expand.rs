//! Code generation: the model's `Model` and `Delete` impls, and per
//! relationship a marker type, its kind trait impl, the accessor method and
//! the registry entry.
//!
//! Only what the declaration states is generated (columns, order, cascade,
//! how to read a key off a row): every query is built generically in
//! `diesel_relations::queries`, so rustc checks the queries of a
//! relationship where a program uses it, and declaring costs little.
//! A `backref` is generated as a second relationship, declared on the target.

use crate::check::{Cascade, Columns, Kind, Resolved, TargetKey};
use crate::model::{Cardinality, Model};
use crate::shared::{fnv1a, location, marker_of, name_type};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use std::collections::HashMap;
use syn::{Ident, Path};

/// The names the generated code uses for the library's items, imported
/// into the block that holds it by one glob: `__dr_<item>`, one token each
/// (quote! writes them as literal idents, spanned at the call site like any
/// name the derive adds), where a path spelled out is four or more for the
/// bridge to carry and rustc to resolve, at some 250 uses per model. With
/// them, the fallback traits the probes answer through.
pub(crate) fn aliases() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use ::diesel_relations::__private::prelude::*;
    }
}

/// The `HasRelationship` key of a relationship a `backref` declares: apart
/// from declared names, so a backref taking a name in use is the checker's
/// message, not a conflict of impls.
pub fn backref_name_type(name: &Ident) -> TokenStream {
    let hash = Literal::u64_unsuffixed(fnv1a(&name.to_string()));
    quote!(__dr_BackrefName<#hash>)
}

/// The last segment of a path, as SQL names the table or column.
fn last(path: &Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// One relationship to generate: declared on `source`, or a backref.
struct Spec {
    source: TokenStream,
    source_name: String,
    name: Ident,
    target: TokenStream,
    target_name: String,
    kind: GenKind,
    cascade: Cascade,
    back_populates: Option<String>,
    order_text: Option<String>,
    /// Declared by a `backref` of the other model.
    backref: bool,
}

enum GenKind {
    /// A collection, or with `one` a one-to-one, keyed on the target's `fk`.
    OneToMany {
        fk: TokenStream,
        fk_name: TokenStream,
        /// Reads the parent key off a loaded child (`child`).
        read_child: TokenStream,
        order: Option<TokenStream>,
        one: Option<Cardinality>,
        parent: Parent,
    },
    ManyToOne {
        fk: TokenStream,
        fk_name: String,
        key_ty: TokenStream,
        read_key: TokenStream,
        output: Output,
        parent: Parent,
    },
    ManyToMany {
        source_column: TokenStream,
        target_column: TokenStream,
        secondary: String,
        order: Option<TokenStream>,
        viewonly: bool,
        /// The `SourceParent` and `TargetParent` types of the declaration
        /// (the primary keys, or the columns `references = (..)` names),
        /// and the `ReferencedColumn` impls these name.
        parents: (TokenStream, TokenStream),
        parent_decls: TokenStream,
    },
}

/// The parent-side column a one-to-many, one-to-one or many-to-one joins
/// on (the `Parent` of its declaration).
#[derive(Clone)]
enum Parent {
    /// The parent's primary key.
    PrimaryKey,
    /// `references = table::column`, declared on the relationship of
    /// `marker`: the column, and the Rust type of its value.
    Column {
        marker: Ident,
        column: Path,
        /// A reference to the parent's field of the column, read off
        /// `parent` (`&parent.code`).
        field: Option<TokenStream>,
        value: TokenStream,
    },
    /// Taken from the other side of the pair (`back_populates`).
    Of(TokenStream),
}

impl Parent {
    /// The `Parent` type of the declaration.
    fn ty(&self) -> TokenStream {
        match self {
            Parent::PrimaryKey => quote!(__dr_ByPrimaryKey),
            Parent::Column { marker, .. } => quote!(__dr_Referenced<#marker>),
            Parent::Of(ty) => ty.clone(),
        }
    }

    /// The marker's `ReferencedColumn` impl, where `references` names the
    /// column: its value read off the parent model `model`'s field of the
    /// column's name (Diesel names fields after columns). Stated once, by
    /// the declaring side; a backref reuses it.
    fn decl(&self, model: &TokenStream) -> TokenStream {
        let Parent::Column {
            marker,
            column,
            field,
            value,
        } = self
        else {
            return TokenStream::new();
        };
        quote! {
            impl __dr_ReferencedColumn<#model> for #marker {
                type Column = #column;
                type Value = #value;
                fn value(parent: &#model) -> #value {
                    __dr_Clone::clone(#field)
                }
            }
        }
    }

    /// The parent key's value type, for the parent model `model`.
    fn value(&self, model: &TokenStream) -> TokenStream {
        match self {
            Parent::PrimaryKey => quote!(<#model as __dr_Model>::Key),
            Parent::Column { value, .. } => value.clone(),
            Parent::Of(ty) => quote!(<#ty as __dr_ParentColumn<#model>>::Value),
        }
    }
}

/// The `Parent` of a relationship declared on `model`: `references` where
/// declared (with the key's type `value`), else the primary key.
fn declared_parent(model: &Model, rel: &crate::model::Relationship, value: TokenStream) -> Parent {
    match &rel.options.references {
        Some(column) => Parent::Column {
            marker: marker_of(&model.ident.to_string(), &rel.name, false),
            column: column.clone(),
            field: rel.inferred_references.clone().or_else(|| {
                column.segments.last().map(|s| {
                    let field = &s.ident;
                    quote!(&parent.#field)
                })
            }),
            value,
        },
        None => Parent::PrimaryKey,
    }
}

/// The `SourceParent` and `TargetParent` of a many-to-many that names its
/// association columns, and the `ReferencedColumn` impls they need: the
/// primary keys, or the columns its `references = (source::column,
/// target::column)` names. The source's column is read off this model's
/// field; the target's, which this derive does not see, through the
/// target's `UniqueKey` impl (which its derive writes where the migrations
/// show a FOREIGN KEY to that UNIQUE column), or off this model's field
/// where the target is this model.
fn link_parents(
    model: &Model,
    rel: &crate::model::Relationship,
) -> ((TokenStream, TokenStream), TokenStream) {
    let key = quote!(__dr_ByPrimaryKey);
    let Some(refs) = &rel.options.link_references else {
        // The target's key where the target derives `Relations`, a
        // stand-in otherwise, so that the one error is "is not a model".
        let target = &rel.target;
        let t = rel.target_name();
        let target_key = if t == "Self" || model.ident == t {
            key.clone()
        } else {
            quote! {
                <__dr_If<{ __dr_Relationships::<#target>::ID != 0 }> as __dr_ParentPick>::Parent
            }
        };
        return ((key, target_key), TokenStream::new());
    };
    let marker = marker_of(&model.ident.to_string(), &rel.name, false);
    let source = &model.ident;
    let is_key = |column: &Ident| {
        model.primary_key.len() == 1
            && model.field(column).is_some_and(|f| {
                model.primary_key[0] == f.ident || model.primary_key[0] == f.column
            })
    };
    let own_field = |path: &Path, side: bool, on: TokenStream| {
        let column = &path.segments.last().expect("two segments").ident;
        let field = model.field(column)?;
        let (ident, ty) = (&field.ident, &field.ty);
        Some(quote! {
            impl __dr_ReferencedColumn<#on> for __dr_LinkEnd<#marker, #side> {
                type Column = #path;
                type Value = #ty;
                fn value(parent: &#on) -> #ty {
                    __dr_Clone::clone(&parent.#ident)
                }
            }
        })
    };
    let mut decls = TokenStream::new();
    let source_column = &refs.source.segments.last().expect("two segments").ident;
    let source_parent = if is_key(source_column) {
        key.clone()
    } else {
        decls.extend(own_field(&refs.source, false, quote!(#source)));
        quote!(__dr_Referenced<__dr_LinkEnd<#marker, false>>)
    };
    let target = &rel.target;
    let own_target = {
        let t = rel.target_name();
        t == "Self" || model.ident == t
    };
    let target_path = &refs.target;
    let target_column = &target_path.segments.last().expect("two segments").ident;
    let target_parent = if rel.link_target_is_key || (own_target && is_key(target_column)) {
        key
    } else if own_target {
        decls.extend(own_field(target_path, true, quote!(#source)));
        quote!(__dr_Referenced<__dr_LinkEnd<#marker, true>>)
    } else {
        let n = target_path.segments.len();
        let name = rel.link_target_unique.clone().unwrap_or_else(|| {
            crate::foreign_keys::unique_name_type(
                &target_path.segments[n - 2].ident.to_string(),
                &target_column.to_string(),
            )
        });
        decls.extend(quote! {
            impl __dr_ReferencedColumn<#target> for __dr_LinkEnd<#marker, true> {
                type Column = #target_path;
                type Value = <#target as __dr_UniqueKey<#name>>::Field;
                fn value(parent: &#target) -> <#target as __dr_UniqueKey<#name>>::Field {
                    __dr_Clone::clone(<#target as __dr_UniqueKey<#name>>::field(parent))
                }
            }
        });
        quote!(__dr_Referenced<__dr_LinkEnd<#marker, true>>)
    };
    ((source_parent, target_parent), decls)
}

/// What a many-to-one's `get` returns.
enum Output {
    Required,
    Optional,
    /// Decided by the foreign key column's nullability (backrefs).
    ByColumn,
}

/// The marker types (which must be nameable where the model is), and the
/// rest, which goes in the block with the [`aliases`].
/// `infos`: each marker's `RelInfo` constant ([`crate::pairing::expand`]),
/// by the marker's name. `row_entries`: the registry entry types of the
/// relationships through composite keys ([`crate::composite::expand`]),
/// registered with the rest.
pub fn expand(
    model: &Model,
    resolved: &[Resolved],
    infos: &mut HashMap<String, TokenStream>,
    row_steps: Vec<TokenStream>,
    row_entries: Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    let mut specs = Vec::new();
    for r in resolved {
        let spec = spec(model, r);
        if let Some(backref) = &r.rel.options.backref {
            specs.extend(backref_spec(model, r, &spec, backref));
        }
        specs.push(spec);
    }
    let (model_impl, model_ident) = model_impl(model);
    let renamed = crate::foreign_keys::renamed_fields(model);
    let delete_impl = delete_impl(model, &specs, row_steps);
    let markers = specs.iter().map(|s| marker_type(model, s));
    let mut items = vec![crate::ordering::checks(model, resolved)];
    let mut entries = Vec::new();
    // One inherent impl per model the accessors are on (the model, and the
    // targets of its backrefs), not one per relationship.
    let mut accessors: Vec<(String, TokenStream, Vec<TokenStream>)> = Vec::new();
    for spec in &specs {
        let info = infos
            .remove(&marker_of(&spec.source_name, &spec.name, spec.backref).to_string())
            .unwrap_or_default();
        let (item, accessor, entry) = relationship(model, spec, info);
        items.push(item);
        entries.push(entry);
        let key = spec.source.to_string();
        match accessors.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, _, methods)) => methods.push(accessor),
            None => accessors.push((key, spec.source.clone(), vec![accessor])),
        }
    }
    let inherent = accessors
        .iter()
        .map(|(_, source, methods)| quote!(impl #source { #(#methods)* }));
    entries.extend(row_entries);
    // The registry entries as a type-level list, `(A, (B, ()))`.
    let entries = entries
        .iter()
        .rev()
        .fold(quote!(()), |list, entry| quote!((#entry, #list)));
    // One registration per derive, its values built when the registry is
    // first read: a static per relationship, evaluated by every `cargo
    // check`, was an eighth of the derive's cost (measured).
    let inside = quote! {
        #model_impl
        #renamed
        #delete_impl
        #(#items)*
        #(#inherent)*
        __dr_register!(__dr_ctor::<#model_ident, #entries>);
    };
    (quote!(#(#markers)*), inside)
}

/// What a derive that reported a mistake writes: the `Model` impl (where
/// the primary key's fields exist) and each relationship's name, found by
/// the other side of a pair through a marker whose `RelInfo` is
/// `poisoned`, so that the checks and types there stay silent and the
/// mistake is the only error. No accessors, no checks of its own.
pub fn poisoned(model: &Model, taken: &[String]) -> TokenStream {
    let names = model
        .relationships
        .iter()
        .map(|r| &r.name)
        .chain(model.unparsed.iter().map(|r| &r.name));
    let all: Vec<String> = names.clone().map(Ident::to_string).collect();
    let mut items = poisoned_markers(model, names);
    items.extend(stand_in_accessors(model, &all, taken));
    items.push(crate::foreign_keys::renamed_fields(model));
    // Also where a key field is missing (that is the derive's error): the
    // `Key` is then the fields there are (`()` for none), so that the other
    // side of a pair still finds a model and says nothing.
    items.push(model_impl(model).0);
    let ident = &model.ident;
    items.push(quote!(impl __dr_Cascades for #ident { type List = (); }));
    let aliases = aliases();
    quote! {
        const _: () = {
            #aliases
            #(#items)*
        };
    }
}

/// The poisoned markers of the relationships named `names` alone, beside a
/// model written whole without them (`crate::derive`).
pub fn poisoned_relationships(model: &Model, names: &[String], taken: &[String]) -> TokenStream {
    let faulty = model
        .relationships
        .iter()
        .map(|r| &r.name)
        .chain(model.unparsed.iter().map(|r| &r.name))
        .filter(|name| names.contains(&name.to_string()));
    let mut items = poisoned_markers(model, faulty);
    items.extend(stand_in_accessors(model, names, taken));
    let aliases = aliases();
    quote! {
        const _: () = {
            #aliases
            #(#items)*
        };
    }
}

/// An accessor of the declared shape for each relationship named `names`
/// (but those in `taken`, whose name a backref of another model defines),
/// so that the program's uses of it type-check (`__dr_Poisoned`).
fn stand_in_accessors(model: &Model, names: &[String], taken: &[String]) -> Option<TokenStream> {
    let mut seen: Vec<String> = Vec::new();
    let vis = &model.vis;
    let methods: Vec<TokenStream> = model
        .relationships
        .iter()
        .chain(&model.unparsed)
        .filter(|r| {
            let name = r.name.to_string();
            let new = names.contains(&name) && !taken.contains(&name) && !seen.contains(&name);
            seen.push(name);
            new
        })
        .map(|r| {
            let (name, declared, target) = (&r.name, &r.declared, &r.target);
            let shape = match r.cardinality {
                crate::model::Cardinality::Many => quote!(::diesel_relations::Many),
                crate::model::Cardinality::One => quote!(::diesel_relations::One),
                crate::model::Cardinality::OptionalOne => quote!(::diesel_relations::MaybeOne),
            };
            quote! {
                #[allow(dead_code)]
                #vis fn #name(&self) -> __dr_Poisoned<#declared, #target, #shape> {
                    __dr_Poisoned::of(self)
                }
            }
        })
        .collect();
    let ident = &model.ident;
    (!methods.is_empty()).then(|| quote!(impl #ident { #(#methods)* }))
}

fn poisoned_markers<'a>(model: &Model, names: impl Iterator<Item = &'a Ident>) -> Vec<TokenStream> {
    let ident = &model.ident;
    let vis = &model.vis;
    let (model_name, id) = (ident.to_string(), Literal::u64_unsuffixed(model.id));
    let mut seen: Vec<&Ident> = Vec::new();
    let mut items = Vec::new();
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let marker = quote::format_ident!("__Poisoned_{}_{}", ident, name);
        let name_ty = name_type(name);
        let text = name.to_string();
        let name_id = Literal::u64_unsuffixed(fnv1a(&text));
        items.push(quote! {
            #[allow(non_camel_case_types)]
            #vis struct #marker;
            impl __dr_Relationship for #marker {
                type Source = #ident;
                type Target = #ident;
                const DECL: __dr_Declared = __dr_Declared { text: "", foreign_key: "", flags: 0 };
                const INFO: __dr_RelInfo = __dr_RelInfo::poisoned(#model_name, #id, #text, #name_id);
            }
            impl __dr_HasRelationship<#name_ty> for #ident {
                type Rel = #marker;
            }
        });
    }
    items
}

fn spec(model: &Model, r: &Resolved) -> Spec {
    let rel = r.rel;
    let target = &rel.target;
    let table = &model.table;
    let kind = match &r.kind {
        Kind::OneToMany { foreign_key, order } => {
            let (fk, fk_name, read_child) = target_key(model, rel, foreign_key);
            GenKind::OneToMany {
                fk,
                fk_name,
                read_child,
                order: order.clone(),
                one: None,
                parent: parent_key(model, rel, foreign_key),
            }
        }
        Kind::OneToOne { foreign_key } => {
            let (fk, fk_name, read_child) = target_key(model, rel, foreign_key);
            GenKind::OneToMany {
                fk,
                fk_name,
                read_child,
                order: None,
                one: Some(rel.cardinality),
                parent: parent_key(model, rel, foreign_key),
            }
        }
        Kind::ManyToOne {
            fk_field,
            fk_column,
            key_ty,
            nullable,
        } => {
            let read_key = if *nullable {
                quote!(__dr_Clone::clone(&source.#fk_field))
            } else {
                quote!(__dr_Some(__dr_Clone::clone(&source.#fk_field)))
            };
            let key_ty = key_ty.to_token_stream();
            GenKind::ManyToOne {
                fk: quote!(#table::#fk_column),
                fk_name: format!("{}.{}", model.table_name(), fk_column),
                parent: declared_parent(model, rel, key_ty.clone()),
                key_ty,
                read_key,
                output: if rel.cardinality == Cardinality::OptionalOne {
                    Output::Optional
                } else {
                    Output::Required
                },
            }
        }
        Kind::ManyToMany {
            table: secondary,
            columns,
            order,
        } => {
            let (source_column, target_column) = match columns {
                Columns::Explicit(a, b) => (quote!(#secondary::#a), quote!(#secondary::#b)),
                Columns::BackPopulates(back) => {
                    let other = crate::pairing::other_side(model, &rel.name, back);
                    (
                        quote!(<#other as __dr_ManyToManyDecl>::TargetColumn),
                        quote!(<#other as __dr_ManyToManyDecl>::SourceColumn),
                    )
                }
            };
            let (parents, parent_decls) = match columns {
                Columns::Explicit(..) => link_parents(model, rel),
                Columns::BackPopulates(back) => {
                    let other = crate::pairing::other_side(model, &rel.name, back);
                    (
                        (
                            quote!(<#other as __dr_ManyToManyDecl>::TargetParent),
                            quote!(<#other as __dr_ManyToManyDecl>::SourceParent),
                        ),
                        TokenStream::new(),
                    )
                }
            };
            GenKind::ManyToMany {
                source_column,
                target_column,
                secondary: last(secondary),
                order: order.clone(),
                viewonly: rel.options.viewonly,
                parents,
                parent_decls,
            }
        }
    };
    Spec {
        source: model.ident.to_token_stream(),
        source_name: model.ident.to_string(),
        name: rel.name.clone(),
        target: target.to_token_stream(),
        target_name: rel.target_name(),
        kind,
        cascade: r.cascade,
        // A backref pairs the declaring side with the side it declares.
        back_populates: rel
            .options
            .back_populates
            .as_ref()
            .or(rel.options.backref.as_ref())
            .map(Ident::to_string),
        order_text: rel.options.order_by.as_ref().map(|o| {
            o.0.to_token_stream()
                .to_string()
                .replace(" :: ", "::")
                .replace(" . ", ".")
                .replace(" ()", "()")
        }),
        backref: false,
    }
}

/// The other side a `backref` declares on the target.
fn backref_spec(model: &Model, r: &Resolved, spec: &Spec, backref: &Ident) -> Option<Spec> {
    let kind = match &spec.kind {
        // A scalar holding the key: the target gets the collection.
        GenKind::ManyToOne {
            fk,
            fk_name,
            read_key,
            parent,
            ..
        } => GenKind::OneToMany {
            fk: fk.clone(),
            fk_name: quote!(#fk_name),
            read_child: quote!({ let source = child; #read_key }),
            order: None,
            one: None,
            parent: backref_parent(parent),
        },
        // A collection or one-to-one: the target gets the scalar holding the key.
        GenKind::OneToMany { parent, .. } => {
            let (Kind::OneToMany {
                foreign_key: TargetKey::Column(path),
                ..
            }
            | Kind::OneToOne {
                foreign_key: TargetKey::Column(path),
            }) = &r.kind
            else {
                return None;
            };
            let field = path.segments.last()?.ident.clone();
            let source = &model.ident;
            GenKind::ManyToOne {
                fk: path.to_token_stream(),
                fk_name: path
                    .segments
                    .iter()
                    .rev()
                    .take(2)
                    .map(|s| s.ident.to_string())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("."),
                key_ty: parent.value(&source.to_token_stream()),
                read_key: quote!(__dr_ForeignKeyValue::to_key(&source.#field)),
                output: Output::ByColumn,
                parent: backref_parent(parent),
            }
        }
        GenKind::ManyToMany {
            source_column,
            target_column,
            secondary,
            viewonly,
            ..
        } => {
            let declaring = marker_of(&spec.source_name, &spec.name, false);
            GenKind::ManyToMany {
                source_column: target_column.clone(),
                target_column: source_column.clone(),
                secondary: secondary.clone(),
                order: None,
                viewonly: *viewonly,
                parents: (
                    quote!(<#declaring as __dr_ManyToManyDecl>::TargetParent),
                    quote!(<#declaring as __dr_ManyToManyDecl>::SourceParent),
                ),
                parent_decls: TokenStream::new(),
            }
        }
    };
    Some(Spec {
        source: spec.target.clone(),
        source_name: spec.target_name.clone(),
        name: backref.clone(),
        target: spec.source.clone(),
        target_name: spec.source_name.clone(),
        kind,
        cascade: Cascade::default(),
        back_populates: Some(spec.name.to_string()),
        order_text: None,
        backref: true,
    })
}

/// The `Parent` of the side a backref declares: the declaring side's
/// column, whose `ReferencedColumn` impl that side states.
fn backref_parent(parent: &Parent) -> Parent {
    match parent {
        Parent::Column { .. } => Parent::Of(parent.ty()),
        other => other.clone(),
    }
}

/// The parent-side column of a collection or one-to-one: its `references`,
/// or the other side's where it takes the key from there.
fn parent_key(model: &Model, rel: &crate::model::Relationship, key: &TargetKey) -> Parent {
    match key {
        TargetKey::Column(_) => declared_parent(
            model,
            rel,
            crate::foreign_keys::own_field_type(model, rel.options.references.as_ref()),
        ),
        // An inferred key references the primary key (`references` needs
        // a named foreign_key).
        TargetKey::Inferred => Parent::PrimaryKey,
        TargetKey::BackPopulates(back) => {
            let other = crate::pairing::other_side(model, &rel.name, back);
            Parent::Of(quote!(<#other as __dr_ManyToOneDecl>::Parent))
        }
    }
}

/// The target-side foreign key column of a collection or one-to-one, its
/// name for messages, and how to read it off a loaded `child`.
fn target_key(
    model: &Model,
    rel: &crate::model::Relationship,
    key: &TargetKey,
) -> (TokenStream, TokenStream, TokenStream) {
    match key {
        TargetKey::Column(path) => {
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
            // Diesel names a model's field after its column.
            (
                path.to_token_stream(),
                quote!(#text),
                crate::foreign_keys::read_child(
                    model,
                    rel,
                    path,
                    crate::foreign_keys::own_field_type(model, rel.options.references.as_ref()),
                ),
            )
        }
        TargetKey::Inferred => crate::foreign_keys::inferred_key(model, rel),
        TargetKey::BackPopulates(back) => {
            let other = crate::pairing::other_side(model, &rel.name, back);
            (
                quote!(<#other as __dr_ManyToOneDecl>::ForeignKey),
                quote!(<#other as __dr_Relationship>::DECL.foreign_key),
                quote!(<#other as __dr_ManyToOneDecl>::foreign_key(child)),
            )
        }
    }
}

/// The `Model` impl, and the model's registry entry (an expression).
fn model_impl(model: &Model) -> (TokenStream, TokenStream) {
    let ident = &model.ident;
    let name = ident.to_string();
    let table = &model.table;
    let key_columns = model.primary_key.iter().map(|pk| {
        quote! {
            __dr_KeyColumn {
                name: <#table::#pk as __dr_Column>::NAME,
                sql_type: <<#table::#pk as __dr_Expression>::SqlType as __dr_SqlTypeName>::NAME,
                nullable: false,
            }
        }
    });
    let pk_fields: Vec<_> = model
        .primary_key
        .iter()
        .filter_map(|pk| model.field_for_column(pk))
        .collect();
    let key_form = if model.primary_key.len() == 1 {
        quote!(__dr_OneColumn)
    } else {
        quote!(__dr_SeveralColumns)
    };
    let (key_ty, key_expr) = match pk_fields.as_slice() {
        [field] => {
            let (ty, f) = (&field.ty, &field.ident);
            (quote!(#ty), quote!(__dr_Clone::clone(&self.#f)))
        }
        fields => {
            let tys = fields.iter().map(|f| &f.ty);
            let names = fields.iter().map(|f| &f.ident);
            (
                quote!((#(#tys,)*)),
                quote!((#(__dr_Clone::clone(&self.#names),)*)),
            )
        }
    };
    let relationships = model
        .relationships
        .iter()
        .map(|r| &r.name)
        .chain(model.unparsed.iter().map(|r| &r.name))
        .map(Ident::to_string);
    // Each one's target and back_populates, as written, for the pair
    // checks' `reported_by_sibling`: literals, so that no check reads
    // another model's facts for them.
    let pairs = model.relationships.iter().chain(&model.unparsed).map(|r| {
        let target = r.target_name();
        let back = r
            .options
            .back_populates
            .as_ref()
            .map(Ident::to_string)
            .unwrap_or_default();
        quote!((#target, #back))
    });
    let id = Literal::u64_unsuffixed(model.id);
    let code = quote! {
        impl __dr_Model for #ident {
            const DECL: __dr_ModelDecl = __dr_ModelDecl {
                model: #name,
                module: ::core::module_path!(),
                id: #id,
                table: <#table::table as __dr_SqlTableName>::NAME,
                schema: <#table::table as __dr_SqlTableName>::SCHEMA,
                primary_key: &[#(#key_columns),*],
                relationships: &[#(#relationships),*],
                pairs: &[#(#pairs),*],
            };
            type Table = #table::table;
            type Key = #key_ty;
            type KeyForm = #key_form;
            fn primary_key(&self) -> Self::Key {
                #key_expr
            }
        }
    };
    (code, quote!(#ident))
}

/// The relationships a delete walks (`Cascades`): the model's own
/// collections and many-to-many relationships (backrefs declared on other
/// models cannot: their derive runs elsewhere), then `row_steps`, its
/// collections through a composite foreign key
/// (`composite::cascade_steps`). `Delete` itself is generic.
fn delete_impl(model: &Model, specs: &[Spec], row_steps: Vec<TokenStream>) -> TokenStream {
    let ident = &model.ident;
    let me = ident.to_string();
    let steps = specs
        .iter()
        .filter(|s| s.source_name == me)
        .filter_map(|s| {
            let marker = marker_of(&s.source_name, &s.name, s.backref);
            let step = match s.kind {
                GenKind::OneToMany { .. } if !s.cascade.delete => quote!(__dr_Detach),
                GenKind::OneToMany { .. } if s.target_name == me || s.target_name == "Self" => {
                    quote!(__dr_OwnChildren)
                }
                GenKind::OneToMany { .. } => quote!(__dr_Children),
                GenKind::ManyToMany { .. } => quote!(__dr_Unlink),
                GenKind::ManyToOne { .. } => return None,
            };
            Some(quote!(#step<#marker>))
        })
        .chain(row_steps)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .fold(quote!(()), |list, step| quote!((#step, #list)));
    quote! {
        impl __dr_Cascades for #ident {
            type List = #steps;
        }
    }
}

/// The marker type of a relationship.
fn marker_type(model: &Model, spec: &Spec) -> TokenStream {
    let vis = &model.vis;
    let marker = marker_of(&spec.source_name, &spec.name, spec.backref);
    // Hidden from the docs, which show the accessor (and its doc) instead.
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #marker;
    }
}

/// A relationship's items, its accessor method (for the source's inherent
/// impl), and its registry entry type (`registry::OneToManyEntry<..>` ...).
fn relationship(
    model: &Model,
    spec: &Spec,
    info: TokenStream,
) -> (TokenStream, TokenStream, TokenStream) {
    let vis = &model.vis;
    let Spec {
        source,
        source_name,
        name,
        target,
        target_name,
        ..
    } = spec;
    let marker = marker_of(source_name, name, spec.backref);
    let full_name = format!("{source_name}.{name}");
    let name_ty = if spec.backref {
        backref_name_type(name)
    } else {
        name_type(name)
    };
    let target_table = quote!(<#target as __dr_Model>::Table);
    // A declared order as the `order_by` check lets it load.
    let order_of = |order: &Option<TokenStream>, table: &TokenStream| match order {
        Some(ty) => crate::ordering::checked(&marker, ty, &quote!(__dr_ByKey<#table>)),
        None => quote!(__dr_ByKey<#table>),
    };

    // The kind trait's bounds ask the target to be a model: spanned at the
    // target, the error for one that is not points at it.
    let target_span = target
        .clone()
        .into_iter()
        .next()
        .map_or_else(proc_macro2::Span::call_site, |t| t.span());
    let kind_trait = match &spec.kind {
        GenKind::OneToMany { .. } => quote::quote_spanned!(target_span=> __dr_OneToManyDecl),
        GenKind::ManyToOne { .. } => quote::quote_spanned!(target_span=> __dr_ManyToOneDecl),
        GenKind::ManyToMany { .. } => quote::quote_spanned!(target_span=> __dr_ManyToManyDecl),
    };
    let (kind_impl, fk_name, accessor, registry) = match &spec.kind {
        GenKind::OneToMany {
            fk,
            fk_name,
            read_child,
            order,
            one,
            parent,
        } => {
            let parent_ty = parent.ty();
            let parent_decl = if spec.backref {
                TokenStream::new()
            } else {
                parent.decl(source)
            };
            let parent_value = parent.value(source);
            let ct = quote!(<#fk as __dr_Column>::Table);
            let order_ty = order_of(order, &ct);
            let one_impl = one.map(|cardinality| {
                let shape = if cardinality == Cardinality::OptionalOne {
                    quote!(__dr_MaybeOne)
                } else {
                    quote!(__dr_One)
                };
                quote! {
                    impl __dr_OneToOneDecl for #marker {
                        type Shape = #shape;
                    }
                }
            });
            let (handle, doc) = if one.is_some() {
                (
                    quote!(__dr_ToOneReverse),
                    format!("The {target_name} whose unique foreign key points at this {source_name} ({full_name}). `.get(conn)` runs one query."),
                )
            } else {
                (
                    quote!(__dr_ToMany),
                    format!("The {target_name} rows of this {source_name} ({full_name}). `.load(conn)` runs one query; the handle is also the Diesel query of those rows."),
                )
            };
            (
                quote! {
                    impl #kind_trait for #marker {
                        type ForeignKey = #fk;
                        type Parent = #parent_ty;
                        type Order = #order_ty;
                        fn parent_key_of(child: &#target) -> __dr_Option<#parent_value> {
                            #read_child
                        }
                    }
                    #parent_decl
                    #one_impl
                },
                fk_name.clone(),
                quote! {
                    #[doc = #doc]
                    #vis fn #name(&self) -> #handle<#marker> {
                        #handle::<#marker>::of(self)
                    }
                },
                {
                    let one = one.is_some();
                    quote!(__dr_OneToManyEntry<#marker, #one>)
                },
            )
        }
        GenKind::ManyToOne {
            fk,
            fk_name,
            key_ty,
            read_key,
            output,
            parent,
        } => {
            // The target's key, where the target derives `Relations`; a
            // stand-in otherwise, so that the one error is "is not a model"
            // at the target rather than one more here.
            let own = {
                let t = target.to_string();
                t == "Self" || t == source_name.as_str()
            };
            let parent_ty = match parent {
                Parent::PrimaryKey if !spec.backref && !own => crate::shared::parent_pick(target),
                _ => parent.ty(),
            };
            let parent_decl = if spec.backref {
                TokenStream::new()
            } else {
                parent.decl(target)
            };
            let is_null = quote!(<<#fk as __dr_Expression>::SqlType as __dr_SqlType>::IsNull);
            // What `get` returns follows from the shape (`ManyToOne`).
            let shape = match output {
                Output::Required => quote!(__dr_One),
                Output::Optional => quote!(__dr_MaybeOne),
                Output::ByColumn => quote!(<#is_null as __dr_ScalarShape>::Shape),
            };
            let doc = format!(
                "The {target_name} this {source_name} points at through {fk_name} ({full_name}). `.get(conn)` runs one query."
            );
            (
                quote! {
                    impl #kind_trait for #marker {
                        type Key = #key_ty;
                        type ForeignKey = #fk;
                        type Parent = #parent_ty;
                        type Shape = #shape;
                        fn foreign_key(source: &#source) -> __dr_Option<#key_ty> {
                            #read_key
                        }
                    }
                    #parent_decl
                },
                quote!(#fk_name),
                quote! {
                    #[doc = #doc]
                    #vis fn #name(&self) -> __dr_ToOne<#marker> {
                        __dr_ToOne::<#marker>::of(self)
                    }
                },
                quote!(__dr_ManyToOneEntry<#marker>),
            )
        }
        GenKind::ManyToMany {
            source_column: src,
            target_column: tgt,
            secondary,
            order,
            parents: (source_parent, target_parent),
            parent_decls,
            ..
        } => {
            // Read off the target where it derives `Relations` (see
            // `shared::as_model`).
            let own = {
                let t = target.to_string();
                t == "Self" || t == source_name.as_str()
            };
            let target_table = if own {
                target_table.clone()
            } else {
                let target = crate::shared::as_model(target, source);
                quote!(<#target as __dr_Model>::Table)
            };
            let order_ty = order_of(order, &target_table);
            // Links by source, each source's targets in the declared order,
            // the target column last (the link table's key delivers it).
            let eager_order_ty = match order {
                Some(_) => quote!((__dr_ByColumn<#src>, #order_ty, __dr_ByColumn<#tgt>)),
                // Over the target's key, the target column orders by it.
                None if target_parent.to_string() == "__dr_ByPrimaryKey" => {
                    quote!((__dr_ByColumn<#src>, __dr_ByColumn<#tgt>))
                }
                None => quote!((
                    __dr_ByColumn<#src>,
                    <#target_parent as __dr_LinkOrderTail<#order_ty, __dr_ByColumn<#tgt>>>::Order,
                )),
            };
            let lazy = crate::ordering::lazy_form(&marker, order.is_some());
            let doc = format!(
                "The {target_name} rows linked to this {source_name} through {secondary} ({full_name}). \
                 `.load(conn)` runs one query; `.link`, `.unlink`, `.set`, `.clear` keep {secondary} in step."
            );
            (
                quote! {
                    impl #kind_trait for #marker {
                        type SourceColumn = #src;
                        type TargetColumn = #tgt;
                        type Order = #order_ty;
                        type EagerOrder = #eager_order_ty;
                        type Lazy = #lazy;
                        type SourceParent = #source_parent;
                        type TargetParent = #target_parent;
                    }
                    #parent_decls
                },
                quote!(#secondary),
                quote! {
                    #[doc = #doc]
                    #vis fn #name(&self) -> __dr_ToManyThrough<#marker> {
                        __dr_ToManyThrough::<#marker>::of(self)
                    }
                },
                quote!(__dr_ManyToManyEntry<#marker>),
            )
        }
    };

    let decl = declared(spec, &full_name, &fk_name);
    let code = quote! {
        impl __dr_Relationship for #marker {
            type Source = #source;
            type Target = #target;
            const DECL: __dr_Declared = #decl;
            #info
        }

        impl __dr_HasRelationship<#name_ty> for #source {
            type Rel = #marker;
        }

        #kind_impl
    };
    (code, accessor, registry)
}

/// `Relationship::DECL`: what the declaration states, as literals (the
/// foreign key of a collection that takes it from the other side excepted).
/// The names are one string ([`Declared::text`]), which the library reads
/// apart only when a message or the registry needs them: each field is an
/// expression rustc checks at every `cargo check`.
///
/// [`Declared::text`]: ../diesel_relations/registry/struct.Declared.html
fn declared(spec: &Spec, full_name: &str, foreign_key: &TokenStream) -> TokenStream {
    let back_populates = spec.back_populates.as_deref().unwrap_or_default();
    let order_by = spec.order_text.as_deref().unwrap_or_default();
    let text = format!(
        "{full_name}\0{}\0{back_populates}\0{order_by}\0",
        spec.target_name
    );
    let viewonly = matches!(spec.kind, GenKind::ManyToMany { viewonly: true, .. });
    let Cascade {
        delete,
        delete_orphan,
        passive_deletes,
    } = spec.cascade;
    let flags = [delete, delete_orphan, passive_deletes, viewonly]
        .iter()
        .enumerate()
        .fold(0u8, |flags, (bit, on)| flags | (u8::from(*on) << bit));
    let flags = Literal::u8_unsuffixed(flags);
    // Where the relationship is declared, from its name's span: `file!()`
    // and `line!()` in the generated code said the derive's line, and cost
    // two macro expansions per relationship (measured: 0.17% of `cargo
    // check`).
    let text = format!("{text}{}", location(spec.name.span()));
    quote! {
        __dr_Declared {
            text: #text,
            foreign_key: #foreign_key,
            flags: #flags,
        }
    }
}
