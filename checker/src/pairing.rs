//! The checks that need another model: generated code that the compiler
//! evaluates once both derives are compiled.
//!
//! Each relationship's marker has `Relationship::INFO` (a
//! `pairing::RelInfo`): what the other side of a `back_populates` pair reads
//! about it (its name, shape, target, `back_populates`, foreign key,
//! association table). Each check is a free, non-generic `const _: () = ..;`
//! that panics with the message (rustc evaluates such consts under `cargo
//! check`), spanned at the attribute that has the mistake. Reading the
//! other side goes through `pairing::Find`, which answers "absent" rather
//! than failing to compile, so a wrong pair is reported once, by its
//! message.
//!
//! Where the generated code needs a type from the other side, it takes it
//! through `<Marker as Picks>::Other` ([`other_side`]), which an
//! `If<{ the pair checks pass }>` chooses: when the pair is wrong, the type
//! comes from a stand-in and compiles, and the message stays the only error.

use crate::check::{Columns, Kind, Resolved, TargetKey};
use crate::evidence::{self, Evidence};
use crate::model::{declared, unnamed, Cardinality, Model};
use crate::shared::{check_at, fnv1a, marker_of, name_type, other_of, primary_key};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use std::collections::HashMap;
use syn::{Ident, Path};

/// The relationship on the other side of `Model.rel`'s `back_populates =
/// back`, as a type: the scalar holding the foreign key (for a collection or
/// one-to-one) or the other many-to-many. A stand-in when the checks reject
/// the pair.
pub fn other_side(model: &Model, rel: &Ident, back: &Ident) -> TokenStream {
    let marker = marker_of(&model.ident.to_string(), rel, false);
    quote_spanned! {back.span()=>
        __dr_Other<#marker>
    }
}

/// One side of a relationship as the checks see it: declared on the model,
/// or declared onto the target by a backref.
struct Side<'a> {
    source: TokenStream,
    source_name: String,
    name: Ident,
    target: TokenStream,
    target_name: String,
    declared: String,
    shape: TokenStream,
    back_populates: Option<String>,
    /// The foreign key column, when this side names it, and the model whose
    /// primary key it references.
    foreign_key: Option<(TokenStream, TokenStream)>,
    /// `references = table::column`: the parent's column the foreign key
    /// references, in place of the primary key.
    references: Option<&'a Path>,
    /// The association table and, when named here, its columns to this model
    /// and to the target.
    secondary: Option<(&'a Path, Option<(TokenStream, TokenStream)>)>,
    /// A many-to-many's `references = (source::column, target::column)`:
    /// the columns its association columns reference, in place of the
    /// primary keys.
    link_references: Option<(TokenStream, TokenStream)>,
    /// The foreign key is named on the target's table (a collection's or
    /// one-to-one's `foreign_key = table::column`): its facts count only
    /// where it is on that table (`foreign_keys::key_table_check`).
    key_on_target: bool,
    /// A scalar declared required over a field that is not an Option: the
    /// Diesel schema's nullability of its column is worth reading.
    required: bool,
    /// A many-to-one's foreign key field and its type without `Option`,
    /// for the check of its Rust type against the column's.
    key_field: Option<(&'a Ident, &'a syn::Type)>,
    backref: bool,
}

/// The checks, and each relationship's `RelInfo` constant by its marker's
/// name (for `expand` to put in the marker's `Relationship` impl: one impl
/// rather than two per relationship).
pub fn expand(
    model: &Model,
    resolved: &[Resolved],
    options: &evidence::Options,
) -> (HashMap<String, TokenStream>, TokenStream) {
    let mut sides = Vec::new();
    for r in resolved {
        let side = side(model, r);
        if let Some(backref) = &r.rel.options.backref {
            sides.push(backref_side(&side, r, backref));
        }
        sides.push(side);
    }
    let evidence = evidence::load(model, options);
    let infos = sides
        .iter()
        .map(|side| {
            let info = info_const(model, side, evidence.complete);
            (side_marker(side).to_string(), info)
        })
        .collect();
    let paired = resolved.iter().map(|r| picks(model, r));

    let mut checks = Vec::new();
    for (r, side) in resolved.iter().zip(sides.iter().filter(|s| !s.backref)) {
        checks.extend(pair_check(model, r, evidence.complete));
        checks.extend(claim(model, r));
        checks.extend(backref_check(model, r));
        checks.extend(crate::foreign_keys::key_table_check(
            model,
            r,
            &side_marker(side),
        ));
        checks.extend(evidence::checks(
            r,
            side_marker(side),
            side.foreign_key
                .as_ref()
                .map(|(column, _)| column.to_string().replace(' ', "")),
            side.required,
            &evidence,
        ));
    }
    checks.push(crate::foreign_keys::primary_key_check(model));
    checks.extend(
        model
            .relationships
            .iter()
            .filter(|r| unnamed(r))
            .map(|r| evidence::unnamed_check(model, r)),
    );
    let Evidence {
        constant, tracked, ..
    } = evidence;
    let rest = quote! {
        #(#paired)*
        // In the derive's block (`crate::derive`), so that each check is
        // one level down (`_::_`), as its error names it.
        #constant
        #tracked
        #(#checks)*
    };
    (infos, rest)
}

fn side_marker(side: &Side) -> Ident {
    marker_of(&side.source_name, &side.name, side.backref)
}

fn side<'a>(model: &'a Model, r: &'a Resolved<'a>) -> Side<'a> {
    let rel = r.rel;
    let source = model.ident.to_token_stream();
    let target = rel.target.to_token_stream();
    let table = &model.table;
    let (shape, foreign_key, secondary) = match &r.kind {
        Kind::OneToMany { foreign_key, .. } | Kind::OneToOne { foreign_key } => {
            let fk = match foreign_key {
                TargetKey::Column(path) => Some((path.to_token_stream(), source.clone())),
                TargetKey::BackPopulates(_) | TargetKey::Inferred => None,
            };
            let shape = if matches!(r.kind, Kind::OneToOne { .. }) {
                quote!(OneToOne)
            } else {
                quote!(OneToMany)
            };
            (shape, fk, None)
        }
        Kind::ManyToOne { fk_column, .. } => (
            quote!(ManyToOne),
            Some((quote!(#table::#fk_column), target.clone())),
            None,
        ),
        Kind::ManyToMany {
            table: sec,
            columns,
            ..
        } => {
            let columns = match columns {
                Columns::Explicit(a, b) => Some((quote!(#sec::#a), quote!(#sec::#b))),
                Columns::BackPopulates(_) => None,
            };
            (quote!(ManyToMany), None, Some((sec, columns)))
        }
    };
    Side {
        source,
        source_name: model.ident.to_string(),
        name: rel.name.clone(),
        target,
        target_name: rel.target_name(),
        declared: declared(rel),
        shape: quote!(__dr_Shape::#shape),
        back_populates: rel.options.back_populates.as_ref().map(Ident::to_string),
        key_on_target: matches!(
            r.kind,
            Kind::OneToMany {
                foreign_key: TargetKey::Column(_),
                ..
            } | Kind::OneToOne {
                foreign_key: TargetKey::Column(_),
            }
        ),
        foreign_key,
        references: rel.options.references.as_ref(),
        secondary,
        link_references: rel
            .options
            .link_references
            .as_ref()
            .map(|l| (l.source.to_token_stream(), l.target.to_token_stream())),
        required: matches!(
            r.kind,
            Kind::ManyToOne {
                nullable: false,
                ..
            }
        ) && rel.cardinality == Cardinality::One,
        key_field: match &r.kind {
            Kind::ManyToOne {
                fk_field, key_ty, ..
            } => Some((*fk_field, *key_ty)),
            _ => None,
        },
        backref: false,
    }
}

/// The relationship a `backref` declares on the target.
fn backref_side<'a>(side: &Side<'a>, r: &Resolved, backref: &Ident) -> Side<'a> {
    let (shape, declared) = match &r.kind {
        Kind::ManyToOne { .. } => (quote!(OneToMany), format!("Vec<{}>", side.source_name)),
        Kind::OneToMany { .. } | Kind::OneToOne { .. } => {
            (quote!(ManyToOne), side.source_name.clone())
        }
        Kind::ManyToMany { .. } => (quote!(ManyToMany), format!("Vec<{}>", side.source_name)),
    };
    Side {
        source: side.target.clone(),
        source_name: side.target_name.clone(),
        name: backref.clone(),
        target: side.source.clone(),
        target_name: side.source_name.clone(),
        declared,
        shape: quote!(__dr_Shape::#shape),
        back_populates: Some(side.name.to_string()),
        foreign_key: side.foreign_key.clone(),
        references: side.references,
        secondary: side
            .secondary
            .as_ref()
            .map(|(sec, columns)| (*sec, columns.clone().map(|(a, b)| (b, a)))),
        link_references: side.link_references.clone().map(|(a, b)| (b, a)),
        key_on_target: false,
        required: false,
        key_field: None,
        backref: true,
    }
}

/// `Col { table, column }` of a Diesel column, by SQL names.
pub fn col(column: &TokenStream) -> TokenStream {
    quote!(__dr_ColOf::<#column>::COL)
}

/// The SQL type of a column and of the primary key of a model, and whether
/// they are one (a nullable foreign key to a NOT NULL key counts as one).
fn key_types_of(
    column: &TokenStream,
    model: &TokenStream,
) -> (TokenStream, TokenStream, TokenStream) {
    let fk = quote!(__dr_SqlTypeOf<#column>);
    let pk = quote!(__dr_KeySqlType<#model>);
    (
        quote!(__dr_SqlName::<#fk>::NAME),
        quote!(__dr_SqlName::<#pk>::NAME),
        quote!(__dr_Same::<#fk, #pk>::SAME),
    )
}

/// `const INFO: RelInfo` of the marker's `Relationship` impl: what the other
/// side of a pair reads, and every fact the checks need from the Diesel
/// schema, computed once.
/// `migrations`: the migrations all ran, so the checks reading them are
/// generated and need `joinable!` too.
fn info_const(model: &Model, side: &Side, migrations: bool) -> TokenStream {
    let Side {
        source,
        source_name,
        name,
        target,
        target_name,
        declared,
        shape,
        ..
    } = side;
    let name = name.to_string();
    let back = side.back_populates.clone().unwrap_or_default();
    let name_id = Literal::u64_unsuffixed(fnv1a(&name));
    let back_id = Literal::u64_unsuffixed(if back.is_empty() { 0 } else { fnv1a(&back) });
    // A backref is checked through the relationship declaring it, and found
    // by nothing: it needs no facts.
    let facts = !side.backref;
    // The model's own id is a literal (the derive wrote it); another's is
    // read off its `ModelDecl`, through a probe that answers 0 where the
    // type derives no `Relations`.
    let id_of = |ty: &TokenStream, is_model: bool| {
        if is_model {
            Literal::u64_unsuffixed(model.id).into_token_stream()
        } else {
            quote!(__dr_Relationships::<#ty>::ID)
        }
    };
    let is_model = |ty: &TokenStream| {
        let ty = ty.to_string();
        ty == "Self" || model.ident == ty
    };
    let model_id = id_of(source, !side.backref);
    let target_id = id_of(target, side.backref || is_model(target));
    // The facts read off another model go through `AsModel`, which reads
    // them off the source where the type derives no `Relations`: rustc's
    // "is not a model" at the target is then the one error.
    let as_model = |ty: &TokenStream| {
        if side.backref || is_model(ty) {
            ty.clone()
        } else {
            crate::shared::as_model(ty, source)
        }
    };
    // Only the facts that differ from `RelInfo::UNKNOWN` are written, the
    // rest taken from it: each field is an expression for rustc to check
    // (a collection's ten fewer cost a third of its constant, measured).
    let mut fields = Vec::new();
    if !back.is_empty() {
        fields.push(quote!(back_populates: #back, back_id: #back_id,));
    }
    if facts {
        if let Some(claimed) = claimed(model, side) {
            let claimed = Literal::u64_unsuffixed(fnv1a(&claimed));
            fields.push(quote!(claimed: #claimed,));
        }
    }
    if let (Some((fk, parent)), true) = (&side.foreign_key, facts) {
        let (references, (fk_type, key_type, mut same)) = match side.references {
            Some(column) => {
                let column = column.to_token_stream();
                fields.push(quote!(referenced: true,));
                (col(&column), crate::shared::column_types_of(fk, &column))
            }
            None => {
                let parent = as_model(parent);
                (primary_key(&parent), key_types_of(fk, &parent))
            }
        };
        let mut foreign_key = col(fk);
        if side.key_on_target {
            // A key on another table is the one message of its own check.
            let on = crate::foreign_keys::on_target_table(fk, target);
            foreign_key = quote!(__dr_col_if(#on, #foreign_key));
            same = quote!((!#on || #same));
        }
        fields.push(quote! {
            foreign_key: #foreign_key,
            references: #references,
            key_types_match: #same,
            key_types: (#fk_type, #key_type),
        });
        // `joinable!` joins on the primary key only.
        if migrations && side.references.is_none() {
            fields.push(quote!(joinable: __dr_JoinsOn::<#fk, #parent>::JOINS,));
        }
        // Read for a required scalar, and where the migrations say whether
        // the column may be NULL (`types::check_key_column`).
        if side.required || migrations {
            fields.push(quote!(nullable: __dr_NullableOf::<#fk>::NULLABLE,));
        }
        fields.extend(field_fact(model, side));
    }
    if let Some((sec, columns)) = &side.secondary {
        fields.push(quote!(secondary: <#sec::table as __dr_SqlTableName>::NAME,));
        if let Some((a, b)) = columns {
            let (ca, cb) = (col(a), col(b));
            fields.push(quote!(secondary_columns: __dr_Some((#ca, #cb)),));
            if let (true, Some((ra, rb))) = (facts, &side.link_references) {
                // `references = (..)`: the association columns are judged
                // against the columns named there.
                let (ka, kb) = (col(ra), col(rb));
                fields.push(quote!(keys: (#ka, #kb), referenced: true,));
                let (a_type, source_type, a_same) = crate::shared::column_types_of(a, ra);
                let (b_type, target_type, b_same) = crate::shared::column_types_of(b, rb);
                fields.push(quote! {
                    secondary_types: [#a_type, #source_type, #b_type, #target_type],
                    secondary_types_match: (#a_same, #b_same),
                });
            } else if facts {
                let target = as_model(target);
                let (ka, kb) = (primary_key(source), primary_key(&target));
                fields.push(quote!(keys: (#ka, #kb),));
                fields.push(association_types(a, b, source, &target));
                if migrations {
                    fields.push(quote!(secondary_joinable: (
                        __dr_JoinsOn::<#a, #source>::JOINS,
                        __dr_JoinsOn::<#b, #target>::JOINS,
                    ),));
                }
            }
        }
    }
    // The probes answer through the fallback traits the derive's block
    // imports (`expand`).
    quote! {
            const INFO: __dr_RelInfo = __dr_RelInfo {
                model: #source_name,
                model_id: #model_id,
                name: #name,
                name_id: #name_id,
                target: #target_name,
                target_id: #target_id,
                table: __dr_TableOf::<#source>::NAME,
                target_table: __dr_TableOf::<#target>::NAME,
                declared: #declared,
                shape: #shape,
                #(#fields)*
                ..__dr_RelInfo::UNKNOWN
            };
    }
}

/// `claimed` of a side (see `RelInfo::claimed`): the `back_populates` of
/// another relationship of the model with the same target, where this side
/// is in no pair of its own: it has no `back_populates`, or (its target
/// being its own model, where the derive sees both) the one it names points
/// back at it.
fn claimed(model: &Model, side: &Side) -> Option<String> {
    let name = side.name.to_string();
    let target = side.target.to_string();
    let rels = &model.relationships;
    if let Some(back) = &side.back_populates {
        let own = target == "Self" || model.ident == target;
        let mutual = rels.iter().any(|r| {
            r.name == back
                && r.options
                    .back_populates
                    .as_ref()
                    .is_some_and(|b| *b == name)
        });
        if !own || !mutual {
            return None;
        }
    }
    rels.iter()
        .filter(|r| r.name != name && r.target.to_token_stream().to_string() == target)
        .filter_map(|r| r.options.back_populates.as_ref().map(Ident::to_string))
        .find(|b| *b != name && Some(b) != side.back_populates.as_ref())
}

/// `field: (..)` of a many-to-one's `RelInfo`: its foreign key field, as
/// written, and the SQL type its Rust type reads (`types::check_key_column`).
/// None where Diesel's `check_for_backend` checks the field already.
fn field_fact(model: &Model, side: &Side) -> Option<TokenStream> {
    let (field, key_ty) = side.key_field?;
    if model.checks_backend {
        return None;
    }
    let name = field.to_string();
    let written = model
        .field(field)
        .map(|f| f.ty.to_token_stream().to_string().replace(' ', ""))
        .unwrap_or_default();
    Some(quote!(field: (#name, #written, __dr_ReadsAs::<#key_ty>::SQL),))
}

/// `secondary_types` and `secondary_types_match` of a many-to-many naming
/// its association columns `a` (to `source`) and `b` (to `target`).
fn association_types(
    a: &TokenStream,
    b: &TokenStream,
    source: &TokenStream,
    target: &TokenStream,
) -> TokenStream {
    let (a_type, source_type, a_same) = key_types_of(a, source);
    let (b_type, target_type, b_same) = key_types_of(b, target);
    quote! {
        secondary_types: [#a_type, #source_type, #b_type, #target_type],
        secondary_types_match: (#a_same, #b_same),
    }
}

/// Whether a relationship takes types from the other side of its
/// `back_populates` (a collection, one-to-one or many-to-many that names no
/// key or columns itself), and so has a `Picks` impl.
fn takes_types(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::OneToMany {
            foreign_key: TargetKey::BackPopulates(_),
            ..
        } | Kind::OneToOne {
            foreign_key: TargetKey::BackPopulates(_),
        } | Kind::ManyToMany {
            columns: Columns::BackPopulates(_),
            ..
        }
    )
}

/// `impl Picks for Marker` where the generated types depend on the checks'
/// answer, a constant evaluated once: `Other`, the other side of
/// `back_populates` when the pair checks pass (a stand-in when they fail).
/// A relationship that takes no type from the other side has none.
fn picks(model: &Model, r: &Resolved) -> TokenStream {
    let marker = marker_of(&model.ident.to_string(), &r.rel.name, false);
    if !takes_types(&r.kind) {
        return TokenStream::new();
    }
    let Some(back) = r.rel.options.back_populates.as_ref() else {
        return TokenStream::new();
    };
    let (other, names) = other_of(&r.rel.target, back);
    let (target, source) = (&r.rel.target, &model.ident);
    let back_name = name_type(back);
    let resolve = if matches!(r.kind, Kind::ManyToMany { .. }) {
        quote!(__dr_OtherCollection)
    } else {
        quote!(__dr_OtherScalar)
    };
    quote! {
        impl __dr_Picks for #marker {
            type Other = <__dr_Pick<{ __dr_pick_of::<#marker>(#other, #names) }>
                as #resolve<#target, #back_name, #source>>::Rel;
        }
    }
}

/// `back_populates`: the other side exists, points back, targets this model
/// and has a shape that pairs with this one.
/// `migrations`: they were read, so the check hears what they say of a
/// scalar's key, its own or the other side's (`assert_pair_keyed`).
fn pair_check(model: &Model, r: &Resolved, migrations: bool) -> Option<TokenStream> {
    let back = r.rel.options.back_populates.as_ref()?;
    let marker = marker_of(&model.ident.to_string(), &r.rel.name, false);
    let (other, names) = other_of(&r.rel.target, back);
    // Whether another model claims this side (`Claim`, [`claim`]).
    let me = &model.ident;
    let key = claim_key(&r.rel.name, back);
    let claimed = quote!(__dr_Claimed::<#me, __dr_Name<#key>>::CLAIMED);
    // Also where a pick (`Picks`) judged the pair already: judging it again
    // is two numbers compared, cheaper for rustc than the guard that would
    // skip it (measured).
    if migrations && !matches!(r.kind, Kind::ManyToMany { .. }) {
        let check = quote!(#other, #names, #claimed, __EVIDENCE);
        return Some(check_at(
            back.span(),
            "assert_pair_keyed",
            Some(&marker),
            check,
        ));
    }
    Some(check_at(
        back.span(),
        "assert_pair",
        Some(&marker),
        quote!(#other, #names, #claimed),
    ))
}

/// `impl Claim<Name<hash of "claim back rel">> for Target {}`: this side of a
/// `back_populates` pair claims the target's relationship `back`, so that
/// `back`, where it leads to another model (which lacks a relationship of
/// this one's name), stays silent and this side's "targets .., not .." is
/// the one error (`assert_pair`). Written once per claim and compilation
/// (two models claiming one relationship under one name would be two
/// impls of one trait): the second claimant's pair check reports anyway.
fn claim(model: &Model, r: &Resolved) -> Option<TokenStream> {
    use crate::shared::{claim_backref, location};
    let back = r.rel.options.back_populates.as_ref()?;
    let target = &r.rel.target;
    let written = target.to_token_stream().to_string();
    let at = location(r.rel.name.span());
    // A path of one segment names a type of its file (as `backref_claims`).
    let key = match written.starts_with("crate") {
        true => written,
        false => format!(
            "{written} in {}",
            at.rsplit_once(':').map_or(&*at, |(f, _)| f)
        ),
    };
    let by = format!("{}.{}", model.ident, r.rel.name);
    let claim = format!("{} claim {back}", r.rel.name);
    if claim_backref(&key, &claim, &by, &at).is_some() {
        return None;
    }
    let key = claim_key(back, &r.rel.name);
    Some(quote! {
        impl __dr_Claim<__dr_Name<#key>> for #target {}
    })
}

/// The name of `Claim` of the relationship `claimed` by one named `by`.
fn claim_key(claimed: &Ident, by: &Ident) -> Literal {
    Literal::u64_unsuffixed(fnv1a(&format!("claim {claimed} {by}")))
}

/// Two backrefs declaring one relationship onto one model (of two models, or
/// one model twice): the second is reported, naming the first
/// ([`crate::shared::claim_backref`]).
pub fn backref_claims(cx: &crate::ctxt::Ctxt, model: &Model) {
    use crate::shared::claim_backref;
    use crate::shared::location;
    // A path of one segment names a type of the module: the same path in
    // another file may be another type, so the claim is the file's.
    let key = |target: &str, at: &str| match target.starts_with("crate") {
        true => target.to_string(),
        false => format!("{target} in {}", at.rsplit_once(':').map_or(at, |(f, _)| f)),
    };
    // The model's own names, which a backref onto it must not take; a
    // backref's claim is `Model.rel backref`.
    for rel in &model.relationships {
        let _scope = cx.scope(&rel.name);
        let (by, at) = (
            format!("{}.{}", model.ident, rel.name),
            location(rel.name.span()),
        );
        let target = key(&model.ident.to_string(), &at);
        let Some((first, first_at)) = claim_backref(&target, &rel.name.to_string(), &by, &at)
        else {
            continue;
        };
        let first = first.trim_end_matches(" backref");
        let back = first.rsplit_once('.').map_or("", |(_, name)| name);
        cx.name_taken(&rel.name);
        cx.error_spanned_by(
            &rel.name,
            format!(
                "{by}: {first}'s backref = {name} ({first_at}) declares {by} already: choose \
                 another name for the backref, or drop it and declare back_populates = {back} \
                 here and back_populates = {name} on {first}",
                name = rel.name,
            ),
        );
    }
    for rel in &model.relationships {
        let _scope = cx.scope(&rel.name);
        let Some(backref) = &rel.options.backref else {
            continue;
        };
        let by = format!("{}.{} backref", model.ident, rel.name);
        let at = location(backref.span());
        let target = key(&rel.target.to_token_stream().to_string(), &at);
        let Some((first, first_at)) = claim_backref(&target, &backref.to_string(), &by, &at) else {
            continue;
        };
        let (t, who) = (rel.target_name(), format!("{}.{}", model.ident, rel.name));
        let message = match first.strip_suffix(" backref") {
            Some(other) => format!(
                "{who}: backref = {backref} would declare {t}.{backref}, which {other}'s backref = \
                 {backref} ({first_at}) declares already: a model has one relationship of a name; \
                 rename one of the backrefs, or declare {t}.{backref} on {t} and pair it with \
                 back_populates"
            ),
            None => format!(
                "{who}: backref = {backref} would declare {t}.{backref}, which {t} declares itself \
                 ({first_at}): choose another name, or drop the backref and declare \
                 back_populates = {backref} here and back_populates = {name} on {t}.{backref}",
                name = rel.name,
            ),
        };
        cx.error_spanned_by(backref, message);
    }
}

/// `backref = name`: the target has no relationship of that name already.
fn backref_check(model: &Model, r: &Resolved) -> Option<TokenStream> {
    let backref = r.rel.options.backref.as_ref()?;
    let marker = marker_of(&model.ident.to_string(), &r.rel.name, false);
    let target = &r.rel.target;
    let name = backref.to_string();
    let name_ty = name_type(backref);
    Some(check_at(
        backref.span(),
        "assert_backref",
        Some(&marker),
        quote!(#name, __dr_Find::<#target, #name_ty>::INFO),
    ))
}
