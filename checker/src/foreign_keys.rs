//! Foreign keys beyond what `check` and `evidence` judge one declaration
//! by: a collection's or one-to-one's key named on another table than the
//! target's, a model whose key is not the one its `table!` declares, and
//! the foreign key a collection that names none takes from the migrations.
//!
//! The first two compare Diesel types (the column's `Table` with the
//! target's, the `table!`'s `PrimaryKey` with the derive's column), so they
//! need no migrations. Inference does: the derive of the model holding the
//! key (the child) writes, for each table its own has exactly one foreign
//! key to, a `KeyTo<Name<hash of that table>>` impl naming the column; a
//! collection without `foreign_key` or `back_populates` takes its key from
//! the target's impl for its own table, and is the checker's message where
//! there is none (none or several foreign keys, or no migrations).

use crate::check::Resolved;
use crate::check::{Kind, TargetKey};
use crate::migrations;
use crate::model::{Model, Relationship};
use crate::shared::{check_at, fnv1a};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use syn::{Ident, Path};

/// `KeyOnTable::<fk, Target>::ON`: whether the named key is on the
/// target's table.
pub fn on_target_table(fk: &TokenStream, target: &TokenStream) -> TokenStream {
    quote!(__dr_KeyOnTable::<#fk, #target>::ON)
}

/// The check that a collection's or one-to-one's `foreign_key =
/// table::column` is on the target's table, at the column.
/// The same check judges the target's field of the column, where the
/// target tells its type (`FieldOf`: a renamed field, or a foreign key of
/// the migrations), against the Rust type of the key it references.
pub fn key_table_check(model: &Model, r: &Resolved, marker: &Ident) -> Option<TokenStream> {
    let path = match &r.kind {
        Kind::OneToMany {
            foreign_key: TargetKey::Column(path),
            ..
        }
        | Kind::OneToOne {
            foreign_key: TargetKey::Column(path),
        } => path,
        _ => return None,
    };
    let target = r.rel.target.to_token_stream();
    let fk = path.to_token_stream();
    let on = on_target_table(&fk, &target);
    let col = quote!(__dr_ColOf::<#fk>::COL);
    let key = own_field_type(model, r.rel.options.references.as_ref());
    // As messages print it: the field's type, of `references` or the key.
    let key_column = r
        .rel
        .options
        .references
        .as_ref()
        .and_then(|c| c.segments.last())
        .map(|s| &s.ident);
    let key_text = key_column
        .or(model.primary_key.first())
        .and_then(|c| model.field_for_column(c))
        .map_or_else(|| key.to_string(), |f| f.ty.to_token_stream().to_string())
        .replace(' ', "");
    let renamed = quote!(__dr_Renamed::<#target, #fk>);
    let fits = quote!(!#renamed::KNOWN || __dr_FieldFits::<#target, #fk, #key>::FITS);
    Some(check_at(
        crate::model::foreign_key_span(r.rel),
        "assert_key_table",
        Some(marker),
        quote!(#on, #col, __EVIDENCE, #fits, #renamed::FIELD, #key_text),
    ))
}

/// The Rust type of the key a collection's or one-to-one's foreign key
/// references: the model's field of `column` (its `references`), else its
/// primary key's.
pub fn own_field_type(model: &Model, column: Option<&Path>) -> TokenStream {
    column
        .and_then(|c| c.segments.last())
        .and_then(|s| model.field(&s.ident))
        .map(|f| f.ty.to_token_stream())
        .unwrap_or_else(|| {
            let ident = &model.ident;
            quote!(<#ident as __dr_Model>::Key)
        })
}

/// How a collection or one-to-one reads `foreign_key = table::column` off
/// a loaded `child`: through [`RowOf`](../diesel_relations/pairing/struct.RowOf.html),
/// so that a column of another table reads a stand-in's field of that
/// name, and the checker's message is the one error.
pub fn read_child(model: &Model, rel: &Relationship, path: &Path, key: TokenStream) -> TokenStream {
    let field = path.segments.last().map(|s| s.ident.clone());
    let target = &rel.target;
    let fk = path.to_token_stream();
    let on = on_target_table(&fk, &target.to_token_stream());
    // Read only where the key's type fits (`read_child_key`), so
    // a key of another type is one error, the checker's.
    // A field the target tells the type of (`FieldOf`) is read only where
    // it can hold the key, as `assert_key_table` judges it.
    let field_fits = quote! {
        (!__dr_Renamed::<#target, #fk>::KNOWN || __dr_FieldFits::<#target, #fk, #key>::FITS)
    };
    let read = read_child_key(model, rel, quote!(row.#field), &key, field_fits);
    // A field the target renamed (`#[diesel(column_name = ..)]`) is read
    // through the target's `FieldOf` impl, the row by the column's name
    // being then the stand-in's.
    let renamed = quote!(__dr_Renamed::<#target, #fk>::RENAMED);
    let marker = crate::shared::marker_of(&model.ident.to_string(), &rel.name, false);
    // A field that cannot hold the key is `assert_key_table`'s message.
    let fits = quote! {
        <#marker as __dr_Relationship>::INFO.key_types_match
            && __dr_FieldFits::<#target, #fk, #key>::FITS
    };
    quote! {{
        #[allow(dead_code, non_camel_case_types)]
        struct __DrKeyOnAnotherTable {
            #field: __dr_Option<#key>,
        }
        if #renamed {
            <__dr_If<{ #renamed && #fits }> as __dr_ReadRenamed<#target, #fk, #key>>::read(child)
        } else {
            let row = __dr_RowOf::<#target, __DrKeyOnAnotherTable, { #on && !#renamed }>::of(child);
            #read
        }
    }}
}

/// The `FieldOf` impls of a model: one for each field it maps to a column
/// of another name, by that column, for the collections of other models
/// that name the column (`foreign_key = charges::acct`).
pub fn renamed_fields(model: &Model) -> TokenStream {
    let impls = model
        .fields
        .iter()
        .filter(|f| f.renamed())
        .map(|f| field_of(model, f));
    quote!(#(#impls)*)
}

/// `impl FieldOf<table::column> for Model` of one field.
fn field_of(model: &Model, f: &crate::model::Field) -> TokenStream {
    let (ident, table) = (&model.ident, &model.table);
    let (field, column, ty) = (&f.ident, &f.column, &f.ty);
    let names = (
        field.to_string(),
        ty.to_token_stream().to_string().replace(' ', ""),
    );
    let (name, written) = (&names.0, &names.1);
    // Only a renamed field is read through the impl; the others by name.
    let read = f.renamed().then(|| {
        quote! {
            const RENAMED: bool = true;
            fn field(row: &Self) -> &#ty {
                &row.#field
            }
        }
    });
    quote! {
            impl __dr_FieldOf<#table::#column> for #ident {
                type Field = #ty;
                const FIELD: (&'static str, &'static str) = (#name, #written);
                #read
            }
    }
}

/// The model's key as the derive takes it must be the `table!`'s: one
/// check per derive, at the `#[diesel(primary_key(..))]` or the struct.
pub fn primary_key_check(model: &Model) -> TokenStream {
    let [key] = model.primary_key.as_slice() else {
        return TokenStream::new();
    };
    if model.field(key).is_none() {
        return TokenStream::new();
    }
    let table = &model.table;
    let span = if model.primary_key_declared {
        key.span()
    } else {
        model.ident.span()
    };
    let declared = model.primary_key_declared;
    let pk = quote!(<#table::table as __dr_Table>::PrimaryKey);
    // The names for the message come from the model's `ModelDecl`.
    check_at(
        span,
        "assert_primary_key",
        Some(&model.ident),
        quote!(
            #declared,
            __dr_Same::<#pk, #table::#key>::SAME,
            __dr_KeyNames::<#pk>::NAMES,
        ),
    )
}

/// `Name<hash>` of a UNIQUE column for `UniqueKey`: the parent's derive
/// and the child's agree on it by the migrations' names, lower case.
pub fn unique_name_type(table: &str, column: &str) -> TokenStream {
    let hash = Literal::u64_unsuffixed(fnv1a(&format!(
        "unique {}.{}",
        table.to_lowercase(),
        column.to_lowercase()
    )));
    quote!(__dr_Name<#hash>)
}

/// `Name<hash>` of a table for [`KeyTo`](../diesel_relations/pairing/trait.KeyTo.html),
/// by its name lower case (the migrations' and the `table!`'s spellings
/// of one table compare alike).
fn table_name_type(table: &str) -> TokenStream {
    let hash = Literal::u64_unsuffixed(fnv1a(&format!("table {}", table.to_ascii_lowercase())));
    quote!(__dr_Name<#hash>)
}

/// `<If<{ found }> as InferredKey<Target, Name<this table>, Self>>`, and
/// the `found` probe. The name is hashed from the table's SQL name
/// (`table_key`, in a constant), as the child's derive hashes the
/// migrations' name of the table its key references: a `#[sql_name]`
/// table's Rust name is not it.
fn inferred(model: &Model, rel: &Relationship) -> (TokenStream, TokenStream) {
    let (source, target) = (&model.ident, &rel.target);
    let table = &model.table;
    let name = quote!(__dr_Name<{ __dr_table_key(<#table::table as __dr_SqlTableName>::NAME) }>);
    let found = quote!(__dr_Inferred::<#target, #name, #source>::FOUND);
    (
        quote!(<__dr_If<{ #found }> as __dr_InferredKey<#target, #name, #source>>),
        found,
    )
}

/// The inferred foreign key's column, its name for messages and how to
/// read it off a loaded `child` (expand's `target_key`).
pub fn inferred_key(model: &Model, rel: &Relationship) -> (TokenStream, TokenStream, TokenStream) {
    let (pick, _) = inferred(model, rel);
    (
        quote!(#pick::Column),
        quote!(#pick::NAME),
        quote!(#pick::key_of(child)),
    )
}

/// Whether the key was found, for [`crate::evidence::unnamed_check`].
pub fn inferred_found(model: &Model, rel: &Relationship) -> TokenStream {
    inferred(model, rel).1
}

/// The `KeyTo` impls of a model: for each table its own has exactly one
/// foreign key to (in migrations that fully know its table), where the
/// model has a field of the column's name. None where two or more keys
/// lead to one table: inference never chooses.
pub fn key_impls(model: &Model, facts: &migrations::Facts) -> TokenStream {
    let unique = unique_key_impls(model, facts);
    let keys = foreign_key_impls(model, facts);
    let fields = key_fields(model, facts);
    quote!(#unique #keys #fields)
}

/// The `FieldOf` impls of the model's foreign key fields, by the
/// migrations' FOREIGN KEYs on its table (the renamed ones have theirs,
/// [`renamed_fields`]): a collection of another model naming the column
/// reads the field's type there, and says so where it cannot hold the key
/// (`assert_key_table`).
fn key_fields(model: &Model, facts: &migrations::Facts) -> TokenStream {
    let Some(own) = own_table(model, facts) else {
        return TokenStream::new();
    };
    let mut fields: Vec<&crate::model::Field> = Vec::new();
    for (_, column, ..) in facts
        .foreign_keys
        .iter()
        .filter(|(table, ..)| table.eq_ignore_ascii_case(&own))
    {
        if let Some(f) = field_of_column(model, column) {
            if !f.renamed() && !fields.iter().any(|g| g.ident == f.ident) {
                fields.push(f);
            }
        }
    }
    let impls = fields.into_iter().map(|f| field_of(model, f));
    quote!(#(#impls)*)
}

/// A name lower case without underscores: how the derive matches the
/// migrations' spelling of a table or column renamed by `#[sql_name]`
/// (`ArtistId`) with the Rust one (`artist_id`). Only to find candidates:
/// the constants compare the SQL names themselves ([`KeyTo::SQL`]).
///
/// [`KeyTo::SQL`]: ../diesel_relations/pairing/trait.KeyTo.html
pub(crate) fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The model's field of the migrations' `column`: the one of that Rust
/// column name, else the one whose column it is loosely (`#[sql_name]`).
pub(crate) fn field_of_column<'a>(
    model: &'a Model,
    column: &str,
) -> Option<&'a crate::model::Field> {
    let exact = model
        .fields
        .iter()
        .find(|f| f.column.to_string().eq_ignore_ascii_case(column));
    exact.or_else(|| {
        let mut loosely = model
            .fields
            .iter()
            .filter(|f| loose(&f.column.to_string()) == loose(column));
        match (loosely.next(), loosely.next()) {
            (Some(f), None) => Some(f),
            _ => None,
        }
    })
}

/// The migrations' table that is the model's: the table of its Rust name
/// where that has a column for each of the model's fields, else the one
/// table whose columns are the fields' loosely (`#[sql_name = "Album"]
/// albums`, its columns `"AlbumId"`, `"Title"`, ..), else the table of its
/// Rust name.
pub(crate) fn own_table(model: &Model, facts: &migrations::Facts) -> Option<String> {
    let columns: Vec<String> = model.fields.iter().map(|f| f.column.to_string()).collect();
    let has = |have: &[String], same: &dyn Fn(&str, &str) -> bool| {
        columns.iter().all(|c| have.iter().any(|h| same(h, c)))
    };
    let own = model.table_name();
    let exact = facts.column_names.iter().find(|(t, have)| {
        t.eq_ignore_ascii_case(&own) && has(have, &|a, b| a.eq_ignore_ascii_case(b))
    });
    if let Some((table, _)) = exact {
        return Some(table.clone());
    }
    let mut loosely = facts
        .column_names
        .iter()
        .filter(|(_, have)| has(have, &|a, b| loose(a) == loose(b)));
    match (loosely.next(), loosely.next()) {
        (Some((table, _)), None) => Some(table.clone()),
        // Its columns are not all in the migrations (schema.rs and the
        // migrations disagree): the table of its name, as the checks take it.
        _ => facts
            .tables
            .iter()
            .find(|t| t.eq_ignore_ascii_case(&own))
            .cloned(),
    }
}

/// The `UniqueKey` impls of a model: for each UNIQUE column of its table,
/// other than the primary key, that a foreign key of the migrations
/// references, so that the relationship holding that key may leave
/// `references` out (`evidence::infer_references`).
fn unique_key_impls(model: &Model, facts: &migrations::Facts) -> TokenStream {
    // By the migrations' names: the table's SQL name, its columns' found
    // loosely where `#[sql_name]` renames them (`"Code"` for `code`).
    let own = own_table(model, facts).unwrap_or_else(|| model.table_name());
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut columns: Vec<(&str, &crate::model::Field)> = Vec::new();
    for (_, _, parent, referenced) in &facts.foreign_keys {
        if !eq(parent, &own)
            || referenced.is_empty()
            || columns.iter().any(|(c, _)| eq(c, referenced))
        {
            continue;
        }
        let unique = facts
            .unique
            .iter()
            .any(|(t, c)| eq(t, &own) && eq(c, referenced));
        let Some(field) = field_of_column(model, referenced) else {
            continue;
        };
        let key = model
            .primary_key
            .iter()
            .any(|pk| *pk == field.ident || *pk == field.column);
        if unique && !key {
            columns.push((referenced, field));
        }
    }
    let (ident, table) = (&model.ident, &model.table);
    let impls = columns.iter().map(|(column, field)| {
        let name = unique_name_type(&own, column);
        let (f, ty, c) = (&field.ident, &field.ty, &field.column);
        quote! {
            impl __dr_UniqueKey<#name> for #ident {
                type Column = #table::#c;
                type Field = #ty;
                fn field(row: &Self) -> &#ty {
                    &row.#f
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// The `KeyTo` impls (see [`key_impls`]): a `KeyVia` naming the model's
/// many-to-one over the column where it has one (the library's blanket
/// `KeyTo` reads that relationship), the four items spelled out otherwise.
fn foreign_key_impls(model: &Model, facts: &migrations::Facts) -> TokenStream {
    let Some(own) = own_table(model, facts) else {
        return TokenStream::new();
    };
    if !facts.complete || !facts.tables.iter().any(|t| t.eq_ignore_ascii_case(&own)) {
        return TokenStream::new();
    }
    let mut by_table: Vec<(String, Vec<&str>)> = Vec::new();
    for (table, column, references, _) in &facts.foreign_keys {
        if !table.eq_ignore_ascii_case(&own) {
            continue;
        }
        let key = references.to_lowercase();
        match by_table.iter_mut().find(|(t, _)| *t == key) {
            Some((_, columns)) => columns.push(column),
            None => by_table.push((key, vec![column])),
        }
    }
    let ident = &model.ident;
    let table = &model.table;
    let impls = by_table.iter().filter_map(|(references, columns)| {
        let [column] = columns.as_slice() else {
            return None;
        };
        let field = field_of_column(model, column)?;
        let (f, ty, c) = (&field.ident, &field.ty, &field.column);
        let name = table_name_type(references);
        let text = format!("{own}.{column}");
        // A many-to-one of the model over the column states it all.
        if let Some(rel) = scalar_over(model, field) {
            let marker = crate::shared::marker_of(&ident.to_string(), &rel.name, false);
            return Some(quote! {
                impl __dr_KeyVia<#name> for #ident {
                    type Rel = #marker;
                    const SQL: (&'static str, &'static str) = (#own, #column);
                }
            });
        }
        Some(quote! {
            impl __dr_KeyTo<#name> for #ident {
                type Column = #table::#c;
                const NAME: &'static str = #text;
                const SQL: (&'static str, &'static str) = (#own, #column);
                type Field = #ty;
                fn key_of<K>(row: &Self) -> __dr_Option<K>
                where
                    #ty: __dr_ForeignKeyValue<K>,
                {
                    __dr_ForeignKeyValue::to_key(&row.#f)
                }
            }
        })
    });
    quote!(#(#impls)*)
}

/// The model's many-to-one whose foreign key is `field`, where the field
/// is its column's name (so that the relationship's name of the key is the
/// `KeyTo` one, `table.field`).
fn scalar_over<'a>(model: &'a Model, field: &crate::model::Field) -> Option<&'a Relationship> {
    if field.renamed() {
        return None;
    }
    model.relationships.iter().find(|r| {
        r.cardinality != crate::model::Cardinality::Many
            && r.options.secondary.is_none()
            && r.options
                .foreign_key
                .as_ref()
                .and_then(Path::get_ident)
                .and_then(|fk| model.key_field(fk))
                .is_some_and(|f| f.ident == field.ident)
    })
}

/// How a collection or one-to-one naming its foreign key reads it off a
/// loaded `child`: only where the column's SQL type is the key's
/// (`types::ReadKey`), so that a key of another type is the checks' one
/// error.
fn read_child_key(
    model: &Model,
    rel: &Relationship,
    field: TokenStream,
    key: &TokenStream,
    fits: TokenStream,
) -> TokenStream {
    let marker = crate::shared::marker_of(&model.ident.to_string(), &rel.name, false);
    // At the key: a field of a Rust type that cannot hold the key is
    // `ForeignKeyValue`'s error there, which says so.
    let span = crate::model::foreign_key_span(rel);
    quote::quote_spanned! {span=>
        <__dr_If<{ <#marker as __dr_Relationship>::INFO.key_types_match && #fits }>
            as __dr_ReadKey<_, #key>>::read(&#field)
    }
}
