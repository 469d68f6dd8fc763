//! Foreign-key checks: the derive embeds what the migrations say (see
//! [`crate::migrations`]) and generates, per relationship, the checks that
//! compare it with the Diesel schema at compile time.
//!
//! The macro sees Rust names (`invoices`, `custid`); the migrations speak SQL
//! (`"Invoice"`, `"CustomerId"` with `#[sql_name]`). So the comparison is
//! made where both are known: in constants, with the SQL names Diesel's
//! `table!` gives each table and column.
//!
//! Evidence of absence needs both tables fully known to the migrations
//! (no statement touching them was skipped); anything else proves only
//! what it contains, so a statement the parser cannot read never causes an
//! error. A `joinable!` on the
//! same column proves a foreign key too.

use crate::check::{Columns, Kind, Resolved, RowKind, RowResolved, TargetKey};
use crate::ctxt::Ctxt;
use crate::migrations;
use crate::model::{declared, foreign_key_span, Model, Relationship};
use crate::shared::{check_at, primary_key};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

/// `#[relations(..)]` on the model.
#[derive(Default)]
pub struct Options {
    /// `migrations = "dir"`: where the migrations are, relative to the
    /// crate's `Cargo.toml`.
    pub migrations: Option<LitStr>,
    /// `migrations = false`: check this model against the Diesel schema
    /// only (a test that wants the runtime error a wrong declaration gives).
    pub no_migrations: bool,
}

pub fn parse_options(cx: &Ctxt, input: &syn::DeriveInput) -> Options {
    let mut options = Options::default();
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("relations"))
    {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("migrations") {
                match meta.value()?.parse::<syn::Lit>()? {
                    syn::Lit::Str(dir) => options.migrations = Some(dir),
                    syn::Lit::Bool(b) if !b.value => options.no_migrations = true,
                    other => {
                        return Err(syn::Error::new(
                            other.span(),
                            format!(
                                "{}: migrations takes the directory, migrations = \"db/migrations\" \
                                 (relative to Cargo.toml), or false to check against the Diesel schema only",
                                input.ident
                            ),
                        ))
                    }
                }
                Ok(())
            } else {
                Err(meta.error(format!(
                    "{}: unknown #[relations] option: expected migrations = \"<directory, relative to Cargo.toml>\" or migrations = false",
                    input.ident
                )))
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    options
}

/// The migrations' facts as a constant `__EVIDENCE`, and the files cargo
/// must watch.
pub struct Evidence {
    pub constant: TokenStream,
    pub tracked: TokenStream,
    /// Whether the migrations were all read: only then can the checks that
    /// read them report anything, so only then are they generated.
    pub complete: bool,
    /// The model's table, by its Rust name.
    table: String,
    /// The foreign keys the migrations hold, `(table, column)` lower case:
    /// one of these is judged for sure, so it needs no probe for the
    /// warning. Empty where the model's Rust names may not be SQL names
    /// (`relevant`).
    keys: Vec<(String, String)>,
}

pub fn load(model: &Model, options: &Options) -> Evidence {
    let none = Evidence {
        constant: quote!(
            const __EVIDENCE: __dr_Evidence = __dr_Evidence::NONE;
        ),
        tracked: TokenStream::new(),
        complete: false,
        table: String::new(),
        keys: Vec::new(),
    };
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return none;
    };
    if options.no_migrations {
        return none;
    }
    let explicit = options.migrations.as_ref().map(LitStr::value);
    let found = match migrations::find(std::path::Path::new(&manifest_dir), explicit.as_deref()) {
        Ok(Some(found)) => found,
        Ok(None) => return none,
        Err(message) => {
            let span = options
                .migrations
                .as_ref()
                .map(LitStr::span)
                .unwrap_or_else(|| model.ident.span());
            let error = syn::Error::new(span, message).into_compile_error();
            return Evidence {
                tracked: error,
                ..none
            };
        }
    };
    let facts = migrations::facts(&found);
    let report = report(&found, &facts);
    // Where the model's table holds the one foreign key to another, the
    // collections of that other's model may name none.
    let key_impls = crate::foreign_keys::key_impls(model, &facts);
    let directory = &found.display;
    let complete = facts.complete;
    // One literal: a list of hundreds of tokens in every derive was a
    // measurable part of `cargo check`.
    let tables: String = facts.tables.iter().map(|t| format!("{t}\0")).collect();
    let Relevant {
        foreign_keys,
        unique,
        anchors,
    } = relevant(model, &facts);
    let alike = anchors_named_alike(&anchors);
    let trusted = !anchors.is_empty();
    let foreign_keys = foreign_keys.iter().map(|(t, col, r, rc)| {
        quote!(__dr_ForeignKey { table: #t, column: #col, references: #r, referenced_column: #rc })
    });
    let unique = unique
        .iter()
        .map(|(t, col)| quote!(__dr_Col { table: #t, column: #col }));
    let columns = key_columns(model, &facts);
    let tracked = newly_tracked(&found)
        .into_iter()
        .filter_map(|p| p.to_str().map(str::to_owned))
        .map(|p| {
            quote!(
                const _: &[u8] = ::core::include_bytes!(#p);
            )
        });
    Evidence {
        constant: quote! {
            const __EVIDENCE: __dr_Evidence = __dr_Evidence {
                directory: #directory,
                complete: #complete #alike,
                tables: #tables,
                foreign_keys: &[#(#foreign_keys),*],
                unique: &[#(#unique),*],
                columns: &[#(#columns),*],
            };
        },
        tracked: quote!(#report #(#tracked)* #key_impls),
        complete,
        table: last_segment(&model.table).to_lowercase(),
        // Held by Rust names only where those were found to be the SQL
        // names; elsewhere the probe, which compares SQL names, decides.
        keys: match trusted {
            true => facts
                .foreign_keys
                .iter()
                .map(|(t, c, _, _)| (t.to_lowercase(), c.to_lowercase()))
                .collect(),
            false => Vec::new(),
        },
    }
}

/// `DIESEL_RELATIONS_REPORT=1` (or `stderr`): what the checker read of a
/// migrations directory, printed to stderr once per directory and
/// compilation; any other value is a file to append it to. The first derive
/// of a compilation also reads the variable through `option_env!`, so that
/// cargo recompiles the crate when it is set or changed.
fn report(found: &migrations::Found, facts: &migrations::Facts) -> TokenStream {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static REPORTED: OnceLock<Mutex<HashSet<std::path::PathBuf>>> = OnceLock::new();
    let mut reported = REPORTED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let first = reported.is_empty();
    if let Some(to) = std::env::var_os("DIESEL_RELATIONS_REPORT") {
        if reported.insert(found.dir.clone()) {
            let text = facts.render(found);
            if to == "1" || to == "stderr" {
                eprint!("{text}");
            } else {
                use std::io::Write;
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&to);
                if let Ok(mut file) = file {
                    let _ = file.write_all(text.as_bytes());
                }
            }
        }
    } else if first {
        reported.insert(std::path::PathBuf::new());
    }
    if first {
        quote!(
            const _: ::core::option::Option<&str> = ::core::option_env!("DIESEL_RELATIONS_REPORT");
        )
    } else {
        TokenStream::new()
    }
}

/// The files of `found` no derive of this compilation has tracked yet.
///
/// Cargo recompiles a crate when any file that one `include_bytes!` in it
/// read changes, and every derive of a crate runs in the same rustc process,
/// so the first derive that reads the migrations tracks them for all: forty
/// copies of the migrations' text in a crate of forty models were a
/// measurable part of `cargo check`.
fn newly_tracked(found: &migrations::Found) -> Vec<std::path::PathBuf> {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static TRACKED: OnceLock<Mutex<HashSet<std::path::PathBuf>>> = OnceLock::new();
    let mut tracked = TRACKED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    found
        .up
        .iter()
        .chain(&found.config)
        .filter(|p| tracked.insert(p.to_path_buf()))
        .cloned()
        .collect()
}

/// What of the migrations one derive embeds: the foreign keys and UNIQUE
/// columns its checks can ask about, and the Rust names it chose them by.
struct Relevant {
    foreign_keys: Vec<(String, String, String, String)>,
    unique: Vec<(String, String)>,
    /// The tables, by the Rust names of their `table!`s, the facts were
    /// filtered by; empty when everything is kept. The constant checks, which
    /// know each table's SQL name, take the facts as proving nothing absent
    /// unless those are the SQL names ([`anchors_named_alike`]).
    anchors: Vec<syn::Path>,
}

/// The foreign keys and UNIQUE columns this model's checks can ask about:
/// those on or into its own table, and on its association tables. Every
/// relationship of the model has its key there (a scalar's on its table, a
/// collection's or one-to-one's pointing at it, a many-to-many's on the
/// association table). Each derive embeds its evidence, so a schema's whole
/// list in each would make checking cost the square of its size.
///
/// The macro sees the tables' Rust names; the migrations' names are SQL
/// names, which a `#[sql_name]` in `table!` makes different (Chinook's
/// `albums` is `"Album"`), and the table of the Rust name may then be
/// another table of the migrations. So the facts are filtered by a Rust name
/// only where it is a table of the migrations that has every column the
/// model maps its fields to (and an association table the columns
/// `secondary = t(a, b)` names); otherwise everything is kept, and the
/// constants match by SQL names.
fn relevant(model: &Model, facts: &migrations::Facts) -> Relevant {
    let everything = || Relevant {
        foreign_keys: facts.foreign_keys.clone(),
        unique: facts.unique.clone(),
        anchors: Vec::new(),
    };
    let mut anchors = vec![(
        model.table.clone(),
        model
            .fields
            .iter()
            .map(|f| f.column.to_string())
            .collect::<Vec<_>>(),
    )];
    anchors.extend(
        model
            .relationships
            .iter()
            .filter_map(|r| r.options.secondary.as_ref())
            .map(|s| {
                let columns = s
                    .columns
                    .iter()
                    .flat_map(|(a, b)| [a.to_string(), b.to_string()])
                    .collect();
                (s.table.clone(), columns)
            }),
    );
    let has_columns = |table: &syn::Path, columns: &[String]| {
        let name = last_segment(table);
        facts
            .column_names
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(&name))
            .is_some_and(|(_, have)| {
                columns
                    .iter()
                    .all(|c| have.iter().any(|h| h.eq_ignore_ascii_case(c)))
            })
    };
    if !anchors.iter().all(|(t, columns)| has_columns(t, columns)) {
        return everything();
    }
    let mut names: Vec<String> = anchors.iter().map(|(t, _)| last_segment(t)).collect();
    // The target's table a collection or one-to-one names its key on
    // (`foreign_key = summaries::ledger_id`): the checks ask about its
    // foreign keys and UNIQUE columns there even where no foreign key
    // links it to this model's table (that is their message).
    names.extend(
        model
            .relationships
            .iter()
            .filter_map(|r| r.options.foreign_key.as_ref())
            .filter(|path| path.segments.len() >= 2)
            .filter_map(|path| path.segments.iter().rev().nth(1))
            .map(|table| table.ident.to_string()),
    );
    let anchor = |name: &str| names.iter().any(|a| a.eq_ignore_ascii_case(name));
    let foreign_keys: Vec<_> = facts
        .foreign_keys
        .iter()
        .filter(|(table, _, references, _)| anchor(table) || anchor(references))
        .cloned()
        .collect();
    let unique = facts
        .unique
        .iter()
        .filter(|(table, _)| {
            anchor(table)
                || foreign_keys
                    .iter()
                    .any(|fk| fk.0.eq_ignore_ascii_case(table) || fk.2.eq_ignore_ascii_case(table))
        })
        .cloned()
        .collect();
    Relevant {
        foreign_keys,
        unique,
        anchors: anchors.into_iter().map(|(t, _)| t).collect(),
    }
}

/// `true` in the constant where the facts were filtered by Rust names
/// ([`Relevant::anchors`]) that are the tables' SQL names too: where one is
/// not, the facts kept are another table's, and prove nothing absent.
fn anchors_named_alike(anchors: &[syn::Path]) -> TokenStream {
    let alike = anchors.iter().map(|table| {
        let name = last_segment(table);
        quote!(&& __dr_eq_ci(<#table::table as __dr_SqlTableName>::NAME, #name))
    });
    quote!(#(#alike)*)
}

fn last_segment(p: &syn::Path) -> String {
    p.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The foreign-key checks of one relationship: the key exists (a
/// `joinable!` or the migrations), references the right table and key, has
/// its SQL type, is NOT NULL under a required scalar; a one-to-one's is
/// UNIQUE; an association table has a foreign key to each side. Each reads
/// the facts the relationship's `INFO` computed once. Checks that point at
/// the same attribute share a constant (`assert_key`, `assert_association`).
///
/// `names_key`: the foreign key this side names, as the code writes it
/// (`tracks::genre_id`, which the drift message says); `required`: a required
/// scalar over a field that is not an Option; `evidence`: what the
/// migrations hold (the checks reading them are generated only where they
/// were all read).
///
/// Where this side names a foreign key the migrations do not hold, a probe
/// (`key_unjudged`) warns at the attribute if the checker had no evidence
/// either way: the key is then unchecked, and the user should know.
pub fn checks(
    r: &Resolved,
    marker: Ident,
    names_key: Option<String>,
    required: bool,
    evidence: &Evidence,
) -> Vec<TokenStream> {
    let migrations = evidence.complete;
    let rel = r.rel;
    let fk_span = foreign_key_span(rel);
    let mut out = Vec::new();
    if let Some(column) = names_key {
        // A collection or one-to-one naming its key on the other side of a
        // pair: the scalar there names the column too, and judges it once.
        let other = match (&r.kind, &rel.options.back_populates) {
            (
                Kind::OneToMany {
                    foreign_key: TargetKey::Column(_),
                    ..
                }
                | Kind::OneToOne {
                    foreign_key: TargetKey::Column(_),
                },
                Some(back),
            ) => Some(crate::shared::other_of(&rel.target, back).0),
            _ => None,
        };
        out.push(match other {
            Some(other) => check_at(
                fk_span,
                "assert_key_of",
                Some(&marker),
                quote!(__EVIDENCE, #other, #column),
            ),
            None => check_at(
                fk_span,
                "assert_key",
                Some(&marker),
                quote!(__EVIDENCE, #column),
            ),
        });
        // The key by Rust names; a probe only where the migrations do not
        // surely hold it (the probe itself compares SQL names).
        let key = match &r.kind {
            Kind::ManyToOne { fk_column, .. } => {
                Some((evidence.table.clone(), fk_column.to_string()))
            }
            Kind::OneToMany {
                foreign_key: TargetKey::Column(path),
                ..
            }
            | Kind::OneToOne {
                foreign_key: TargetKey::Column(path),
            } => path
                .segments
                .first()
                .map(|t| (t.ident.to_string(), last_segment(path))),
            _ => None,
        };
        let held = key.is_some_and(|(t, c)| {
            evidence
                .keys
                .contains(&(t.to_lowercase(), c.to_lowercase()))
        });
        if migrations && !held {
            let warn = Ident::new("foreign_key_not_judged", fk_span);
            let mut marker = marker.clone();
            marker.set_span(fk_span);
            // Not on a pair that is wrong: its error is the one message.
            let paired = rel.options.back_populates.as_ref().map(|back| {
                let (other, names) = crate::shared::other_of(&rel.target, back);
                quote!(&& __dr_pairs_of::<#marker>(#other, #names))
            });
            out.push(quote_spanned! {fk_span=>
                const _: () = __dr_Judged::<{
                    __dr_key_unjudged::<#marker>(__EVIDENCE) #paired
                }>::#warn();
            });
        }
    }
    if required {
        out.push(check_at(
            rel.declared.span(),
            "assert_required",
            Some(&marker),
            quote!(),
        ));
    }
    // Its types are judged from the Diesel schema alone, so this one is
    // generated without migrations too.
    if let Kind::ManyToMany {
        table: secondary,
        columns: Columns::Explicit(a, b),
        ..
    } = &r.kind
    {
        // The columns as the code names them, for the drift message.
        let named = |c: &Ident| quote!(#secondary::#c).to_string().replace(' ', "");
        let (a, b) = (named(a), named(b));
        let span = rel
            .options
            .secondary
            .as_ref()
            .map(|s| s.expr.span())
            .unwrap_or_else(|| rel.name.span());
        // The other side, when it may name the columns too: then only one
        // of the two reports their types.
        let other = match &rel.options.back_populates {
            Some(back) => crate::shared::other_of(&rel.target, back).0,
            None => quote!(__dr_None),
        };
        out.push(check_at(
            span,
            "assert_association",
            Some(&marker),
            quote!(__EVIDENCE, #other, (#a, #b)),
        ));
    }
    if !migrations {
        return out;
    }
    match &r.kind {
        Kind::OneToOne {
            foreign_key: TargetKey::Column(_),
        } => {
            out.push(check_at(
                fk_span,
                "assert_unique",
                Some(&marker),
                quote!(__EVIDENCE),
            ));
        }
        Kind::OneToOne {
            foreign_key: TargetKey::BackPopulates(back),
        } => {
            let (other, _) = crate::shared::other_of(&rel.target, back);
            out.push(check_at(
                rel.declared.span(),
                "assert_unique_of",
                Some(&marker),
                quote!(#other, __EVIDENCE),
            ));
        }
        _ => {}
    }
    out
}

/// A collection naming neither its foreign key nor the other side: always
/// an error, whose message says what the migrations show between the two
/// tables (none, one to name, several to choose from).
pub fn unnamed_check(model: &Model, rel: &Relationship) -> TokenStream {
    let target = &rel.target;
    let source = model.ident.to_token_stream();
    let (model_name, name, target_name) = (
        model.ident.to_string(),
        rel.name.to_string(),
        rel.target_name(),
    );
    let declared = declared(rel);
    let parent = primary_key(&source);
    let span: Span = rel.name.span();
    let me = quote!(__dr_RelInfo::unresolved(#model_name, #name, #target_name, #declared));
    if crate::model::inferable(rel) {
        // Its key inferred, or the message of what the migrations show.
        let found = crate::foreign_keys::inferred_found(model, rel);
        return check_at(
            span,
            "assert_inferred",
            None,
            quote!(#found, #me, __dr_TableOf::<#target>::NAME, #parent, __EVIDENCE),
        );
    }
    check_at(
        span,
        "report",
        None,
        quote!(__dr_Some(__dr_check_unnamed(
            #me,
            __dr_TableOf::<#target>::NAME,
            #parent,
            __EVIDENCE,
        ))),
    )
}

/// The checks of each composite foreign key (`foreign_key = (a, b)`,
/// [`crate::check::RowResolved`]) against the migrations' table-level
/// `FOREIGN KEY (a, b) REFERENCES t (x, y)` (`migrations::Facts::
/// composite_foreign_keys`): one constant per relationship, whose first
/// failing condition is the one error at the `foreign_key = (..)`:
///
/// - the migrations key the same columns to the referenced model's table,
///   in the order of its primary key, and the declaration lists them in
///   another (columns of one type swapped, which the type check cannot
///   see);
/// - they key the same columns to another table;
/// - they show composite foreign keys from the child's table to the
///   referenced table, none of these columns;
/// - schema.rs and the migrations disagree on a column's nullability.
///
/// The columns and keys are matched here, in the derive (cheap); only the
/// referenced model's table (another derive's) and schema.rs's nullability
/// are read in the constant. Nothing is generated where the migrations
/// were not all read or say nothing of the child's columns.
pub fn composite_checks(model: &Model, rows: &[RowResolved], options: &Options) -> TokenStream {
    if rows.is_empty() {
        return TokenStream::new();
    }
    let mut out = TokenStream::new();
    let facts = facts_for(options).filter(|(facts, _)| facts.complete);
    for row in rows {
        let failures = match &facts {
            Some((facts, dir)) => composite_failures(model, row, facts, dir),
            None => Vec::new(),
        };
        // A composite many-to-many's pair check reads whether each side's
        // columns contradict the migrations: that side's error is then the
        // one error (`SecondaryJudged`).
        if matches!(row.kind, RowKind::ManyToMany(_)) {
            let marker = crate::shared::marker_of(&model.ident.to_string(), &row.rel.name, false);
            let conds = failures.iter().map(|(cond, _)| cond);
            out.extend(quote! {
                impl __dr_SecondaryJudged for #marker {
                    const DISAGREES: bool = false #(|| #conds)*;
                }
            });
        }
        if failures.is_empty() {
            continue;
        }
        let span = row
            .expr
            .to_token_stream()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span());
        let arms = failures.iter().map(
            |(cond, message)| quote_spanned!(span=> if #cond { ::core::panic!("{}", #message) }),
        );
        out.extend(quote_spanned! {span=>
            const _: () = { #(#arms)* };
        });
    }
    out
}

/// A declaration written with a side's columns in a given order.
type Declared = Box<dyn Fn(&[String]) -> String>;

/// One list of columns a composite check judges against the migrations:
/// a composite foreign key, or one composite side of a many-to-many's
/// association table.
struct KeySide {
    /// The table the columns are on (the migrations' name).
    child: String,
    /// The columns as declared.
    columns: Vec<String>,
    /// The same as `table::column` paths.
    paths: Vec<TokenStream>,
    /// The declaration with these columns in another order, as the fix
    /// writes it (`foreign_key = (..)`, `secondary = t((..), c)`).
    declared: Declared,
    /// The model whose primary key they reference, and its name.
    referenced: TokenStream,
    referenced_name: String,
    /// Whether schema.rs's nullability is judged too (not for an
    /// association table, whose columns the type check covers).
    nullability: bool,
}

/// The (condition, message) pairs of one relationship through a composite
/// key, the first that holds reported.
fn composite_failures(
    model: &Model,
    row: &RowResolved,
    facts: &migrations::Facts,
    dir: &str,
) -> Vec<(TokenStream, String)> {
    let rel = row.rel;
    let who = format!("{}.{}", model.ident, rel.name);
    let foreign_key = |prefix: String| -> Declared {
        Box::new(move |cs: &[String]| {
            let written: Vec<String> = cs.iter().map(|c| format!("{prefix}{c}")).collect();
            format!("foreign_key = ({})", written.join(", "))
        })
    };
    let sides: Vec<KeySide> = match &row.kind {
        RowKind::ManyToOne(fields) => {
            let table = &model.table;
            vec![KeySide {
                child: crate::foreign_keys::own_table(model, facts)
                    .unwrap_or_else(|| model.table_name()),
                columns: fields.iter().map(|f| f.column.to_string()).collect(),
                paths: fields
                    .iter()
                    .map(|f| {
                        let c = &f.column;
                        quote!(#table::#c)
                    })
                    .collect(),
                declared: foreign_key(String::new()),
                referenced: rel.target.to_token_stream(),
                referenced_name: rel.target_name(),
                nullability: true,
            }]
        }
        // Each composite side of the association table against the key
        // it references: `(a, b)` to this model's, `(c, d)` to the target's.
        RowKind::ManyToMany(secondary) => {
            let table = &secondary.table;
            let name = table
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            let strings = |cs: &[Ident]| cs.iter().map(Ident::to_string).collect::<Vec<_>>();
            let (to_source, to_target) =
                (strings(&secondary.to_source), strings(&secondary.to_target));
            let mut sides = Vec::new();
            for (this, referenced, referenced_name) in [
                (true, model.ident.to_token_stream(), model.ident.to_string()),
                (false, rel.target.to_token_stream(), rel.target_name()),
            ] {
                let cols = if this {
                    &secondary.to_source
                } else {
                    &secondary.to_target
                };
                if cols.len() < 2 {
                    continue;
                }
                let (src, tgt, name) = (to_source.clone(), to_target.clone(), name.clone());
                let side = |cs: &[String]| match cs {
                    [one] => one.clone(),
                    _ => format!("({})", cs.join(", ")),
                };
                sides.push(KeySide {
                    child: name.clone(),
                    columns: strings(cols),
                    paths: cols.iter().map(|c| quote!(#table::#c)).collect(),
                    declared: Box::new(move |cs: &[String]| {
                        let (s, t) = if this { (cs, &tgt[..]) } else { (&src[..], cs) };
                        format!("secondary = {name}({}, {})", side(s), side(t))
                    }),
                    referenced,
                    referenced_name,
                    nullability: false,
                });
            }
            sides
        }
        RowKind::OneToMany(paths) | RowKind::OneToOne(paths) => {
            let n = paths[0].segments.len();
            let table = paths[0].segments[n - 2].ident.to_string();
            vec![KeySide {
                child: table.clone(),
                columns: paths.iter().map(last_segment).collect(),
                paths: paths.iter().map(|p| p.to_token_stream()).collect(),
                declared: foreign_key(format!("{table}::")),
                referenced: model.ident.to_token_stream(),
                referenced_name: model.ident.to_string(),
                nullability: true,
            }]
        }
    };
    // (condition, message), the first that holds reported.
    let mut failures: Vec<(TokenStream, String)> = Vec::new();
    for side in &sides {
        side_failures(&who, side, facts, dir, &mut failures);
    }
    failures
}

/// The failing conditions of one [`KeySide`], with their messages, in
/// the order they are judged.
fn side_failures(
    who: &str,
    side: &KeySide,
    facts: &migrations::Facts,
    dir: &str,
    failures: &mut Vec<(TokenStream, String)>,
) {
    let KeySide {
        child,
        columns,
        paths,
        referenced,
        referenced_name,
        ..
    } = side;
    let (child, columns, paths) = (child.as_str(), columns.as_slice(), paths.as_slice());
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let same_list =
        |a: &[String], b: &[String]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y));
    let same_set = |a: &[String], b: &[String]| {
        a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| same(x, y)))
    };
    let list = |cs: &[String]| cs.join(", ");
    let declared = |cs: &[String]| (side.declared)(cs);
    let shown = |k: &migrations::CompositeKey| {
        format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            list(&k.columns),
            k.references,
            list(&k.referenced)
        )
    };
    let keys: Vec<&migrations::CompositeKey> = facts
        .composite_foreign_keys
        .iter()
        .filter(|k| same(&k.table, child))
        .collect();
    let table_of = quote!(__dr_TableOf::<#referenced>::NAME);
    // The columns against the referenced key, as `assert_row_key` judges
    // them: where their number or types do not fit, that check's message
    // is the one error (two columns of different types swapped would
    // otherwise be reported here too, as the migrations' other order).
    let keys_fit = {
        let key_columns = crate::shared::key_columns(paths);
        quote!(__dr_row_key_ok(<#referenced as __dr_Model>::DECL, &[#(#key_columns),*]))
    };
    let is_table =
        |t: &str| quote!((#keys_fit && !#table_of.is_empty() && __dr_eq_ci(#table_of, #t)));
    // (condition, message), the first that holds reported.
    if let Some(key) = keys.iter().find(|k| same_set(&k.columns, columns)) {
        let to = &key.references;
        if let Some(order) = key.in_key_order.as_ref().filter(|o| !same_list(o, columns)) {
            let cond = is_table(to);
            failures.push((
                cond,
                format!(
                    "{who}: {} lists the columns of {child} in another order than the migrations ({dir}), whose {} pairs them with the primary key of {referenced_name} ({to}) in the order ({}): write {}",
                    declared(columns),
                    shown(key),
                    list(order),
                    declared(order)
                ),
            ));
        }
        let cond = quote!((#keys_fit && !#table_of.is_empty() && !__dr_eq_ci(#table_of, #to)));
        failures.push((
            cond,
            format!(
                "{who}: the migrations ({dir}) key {child} ({}) to {to} ({}), not to the table of {referenced_name}: name the columns of {child} that reference the table of {referenced_name}, or correct the FOREIGN KEY in a migration",
                list(&key.columns),
                list(&key.referenced)
            ),
        ));
    } else if facts.tables.iter().any(|t| same(t, child)) {
        // What the migrations show from the child's table to each table the
        // referenced model may be on.
        let mut targets: Vec<&String> = keys.iter().map(|k| &k.references).collect();
        targets.sort_by_key(|t| t.to_lowercase());
        targets.dedup_by(|a, b| same(a, b));
        for to in targets {
            let to_it: Vec<&&migrations::CompositeKey> =
                keys.iter().filter(|k| same(&k.references, to)).collect();
            let shows: Vec<String> = to_it.iter().map(|k| shown(k)).collect();
            let fix = match to_it.as_slice() {
                [one] => format!(
                    "write {}, or add FOREIGN KEY ({}) in a migration",
                    declared(one.in_key_order.as_ref().unwrap_or(&one.columns)),
                    list(columns)
                ),
                _ => format!(
                    "write the columns of one of them, or add FOREIGN KEY ({}) in a migration",
                    list(columns)
                ),
            };
            failures.push((
                is_table(to),
                format!(
                    "{who}: the migrations ({dir}) have no FOREIGN KEY ({}) on {child} referencing {to}, the table of {referenced_name}; they show {}: {fix}",
                    list(columns),
                    shows.join(" and ")
                ),
            ));
        }
    }
    // Nullability: schema.rs against the migrations, column by column
    // (a column of a table-level primary key without NOT NULL is not
    // judged, as for one column).
    for (column, path) in columns.iter().zip(paths).filter(|_| side.nullability) {
        let Some((_, _, raw, not_null, in_pk)) = facts
            .columns
            .iter()
            .find(|(t, c, ..)| same(t, child) && same(c, column))
        else {
            continue;
        };
        if *in_pk && !*not_null {
            continue;
        }
        let not_null = *not_null || raw.to_ascii_uppercase().contains("SERIAL");
        let (schema, migration) = if not_null {
            ("Nullable", "NOT NULL")
        } else {
            ("NOT NULL", "NULL")
        };
        failures.push((
            quote!((__dr_NullableOf::<#path>::NULLABLE == #not_null)),
            format!(
                "{who}: schema.rs says {child}.{column} is {schema} but the migrations ({dir}) say {raw} {migration}: run diesel print-schema, or fix the migration"
            ),
        ));
    }
}

/// What the migrations say of the foreign key columns the model's
/// relationships name (`foreign_key = ..`, `secondary = t(a, b)`), as
/// `MigrationColumn`s: only those of fully known tables whose type or
/// nullability the checks can judge (`types::check_key_column`).
fn key_columns(model: &Model, facts: &migrations::Facts) -> Vec<TokenStream> {
    if !facts.complete {
        return Vec::new();
    }
    let table = last_segment(&model.table);
    let mut named: Vec<(String, String)> = Vec::new();
    for rel in &model.relationships {
        if let Some(path) = &rel.options.foreign_key {
            let column = last_segment(path);
            let owner = match path.segments.len() {
                1 => table.clone(),
                _ => path.segments[path.segments.len() - 2].ident.to_string(),
            };
            named.push((owner, column));
        }
        if let Some(secondary) = &rel.options.secondary {
            if let Some((a, b)) = &secondary.columns {
                let t = last_segment(&secondary.table);
                named.push((t.clone(), a.to_string()));
                named.push((t, b.to_string()));
            }
        }
    }
    let mysql = facts.report.dialects.first() == Some(&"MySQL");
    // The model's own table by the migrations' name: a `#[sql_name]` table
    // (`"Track"` for `tracks`) whose columns are the fields' loosely
    // (`"GenreId"` for `genre_id`), as Diesel's `Column::NAME`, which the
    // checks compare these facts with, spells them.
    let own = crate::foreign_keys::own_table(model, facts);
    let loose = crate::foreign_keys::loose;
    let mut out = Vec::new();
    for (t, c, raw, not_null, in_pk) in &facts.columns {
        let renamed_own = own
            .as_ref()
            .is_some_and(|own| own.eq_ignore_ascii_case(t) && !own.eq_ignore_ascii_case(&table));
        if !named.iter().any(|(nt, nc)| {
            (nt.eq_ignore_ascii_case(t) && nc.eq_ignore_ascii_case(c))
                || (renamed_own && nt.eq_ignore_ascii_case(&table) && loose(nc) == loose(c))
        }) {
            continue;
        }
        let sql_type = diesel_type(raw, mysql);
        // A column of a primary key is NOT NULL on PostgreSQL and MySQL,
        // and may not be on SQLite; a SERIAL is NOT NULL without saying so.
        let serial = raw.to_ascii_uppercase().contains("SERIAL");
        let not_null = if *in_pk && !*not_null {
            quote!(__dr_None)
        } else {
            let not_null = *not_null || serial;
            quote!(__dr_Some(#not_null))
        };
        out.push(quote!(__dr_MigrationColumn {
            table: #t,
            column: #c,
            sql_type: #sql_type,
            not_null: #not_null,
        }));
    }
    out
}

/// The Diesel SQL type `diesel print-schema` writes for a migration's
/// column type, where it is the same on every backend; empty where it is
/// not certain (`SERIAL` on MySQL is `BIGINT UNSIGNED`, `TINYINT(1)` a
/// `Bool`, anything `UNSIGNED`), or not one the type checks judge.
/// `mysql`: the migrations look like MySQL's (`migrations::dialect_order`).
fn diesel_type(raw: &str, mysql: bool) -> &'static str {
    let upper = raw.to_ascii_uppercase();
    if upper.contains("UNSIGNED") || upper.contains('[') || upper.contains("ARRAY") {
        return "";
    }
    let base = upper.split('(').next().unwrap_or("").trim();
    match base {
        "SMALLINT" | "INT2" | "SMALLSERIAL" | "SERIAL2" => "SmallInt",
        "INT" | "INTEGER" | "INT4" | "SERIAL4" => "Integer",
        "SERIAL" if !mysql => "Integer",
        "BIGINT" | "INT8" | "BIGSERIAL" | "SERIAL8" => "BigInt",
        "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "CHAR" | "CHARACTER" | "TINYTEXT"
        | "MEDIUMTEXT" | "LONGTEXT" => "Text",
        _ => "",
    }
}

/// The migrations' facts for `model`, where there are migrations to read.
fn facts_for(options: &Options) -> Option<(std::sync::Arc<migrations::Facts>, String)> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    if options.no_migrations {
        return None;
    }
    let explicit = options.migrations.as_ref().map(LitStr::value);
    let found =
        migrations::find(std::path::Path::new(&manifest_dir), explicit.as_deref()).ok()??;
    Some((migrations::facts(&found), found.display))
}

/// The foreign key a relationship names, as `(table, column)` by the
/// migrations' names: a scalar's field's column on the model's table, a
/// collection's `table::column`.
fn named_key(model: &Model, rel: &Relationship) -> Option<(String, String, bool)> {
    let fk = rel.options.foreign_key.as_ref()?;
    match fk.segments.len() {
        1 => {
            let field = model.key_field(&fk.segments[0].ident)?;
            Some((model.table_name(), field.column.to_string(), true))
        }
        n => Some((
            fk.segments[n - 2].ident.to_string(),
            fk.segments[n - 1].ident.to_string(),
            false,
        )),
    }
}

/// `references` from the migrations: where a relationship names its
/// foreign key without `references`, and the migrations show that column
/// as the one foreign key REFERENCES a UNIQUE column of a fully known table
/// other than its primary key, the relationship joins on that column as if
/// it declared `references = parent::column`. A scalar names it through the
/// parent's `UniqueKey` impl ([`crate::foreign_keys::unique_key_impls`]); a
/// collection or one-to-one, whose parent is its own model, by its own
/// table. A referenced UNIQUE column that may be NULL is an error here,
/// declared or not: no relationship joins on it.
pub fn infer_references(cx: &Ctxt, model: &mut Model, options: &Options) {
    if !model
        .relationships
        .iter()
        .any(|r| r.options.foreign_key.is_some() && r.options.secondary.is_none())
    {
        return;
    }
    let Some((facts, dir)) = facts_for(options) else {
        return;
    };
    // The model's table by the migrations' name (its `#[sql_name]`, found
    // by its columns), else its Rust name.
    let own = crate::foreign_keys::own_table(model, &facts).unwrap_or_else(|| model.table_name());
    let loose = crate::foreign_keys::loose;
    let mut inferred = Vec::new();
    for (i, rel) in model.relationships.iter().enumerate() {
        let _scope = cx.scope(&rel.name);
        if rel.options.secondary.is_some() {
            continue;
        }
        let Some((table, column, scalar)) = named_key(model, rel) else {
            continue;
        };
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let mut found: Vec<_> = facts
            .foreign_keys
            .iter()
            .filter(|(t, c, _, _)| eq(t, &table) && eq(c, &column))
            .collect();
        if found.is_empty() {
            // `#[sql_name]` tables: the key by the names the migrations
            // give it, a column of the model's own table (a scalar's) or
            // one referencing it (a collection's, whose table the derive
            // knows by its Rust name only), its name loosely the Rust one.
            found = facts
                .foreign_keys
                .iter()
                .filter(|(t, c, p, _)| {
                    loose(c) == loose(&column) && if scalar { eq(t, &own) } else { eq(p, &own) }
                })
                .collect();
        }
        let [(_, _, parent, referenced)] = found.as_slice() else {
            continue;
        };
        if referenced.is_empty() {
            continue;
        }
        // The referenced column, where the migrations fully know its table.
        let Some((_, _, _, not_null, in_key)) = facts
            .columns
            .iter()
            .find(|(t, c, ..)| eq(t, parent) && eq(c, referenced))
        else {
            continue;
        };
        if *in_key
            || !facts
                .unique
                .iter()
                .any(|(t, c)| eq(t, parent) && eq(c, referenced))
        {
            // The primary key, or a column the checks report as not UNIQUE.
            continue;
        }
        if !not_null {
            let key: Vec<&str> = facts
                .columns
                .iter()
                .filter(|(t, _, _, _, k)| *k && eq(t, parent))
                .map(|(_, c, ..)| c.as_str())
                .collect();
            let key = match key.as_slice() {
                [one] => format!("make the foreign key reference {parent} ({one}) in a migration"),
                _ => format!("reference {parent}'s primary key"),
            };
            cx.error_spanned_by(
                rel.options.foreign_key.as_ref(),
                format!(
                    "{model}.{name}: {table}.{column} references {parent}.{referenced} in {dir}, a UNIQUE column that may be NULL: a relationship joins on a key that every {target} row has; make {parent}.{referenced} NOT NULL in a migration, or {key}",
                    model = model.ident,
                    name = rel.name,
                    target = rel.target_name(),
                ),
            );
            continue;
        }
        if rel.options.references.is_some() {
            continue;
        }
        let (path, field): (syn::Path, TokenStream) = if scalar {
            // The parent's field through its `UniqueKey` impl: this derive
            // does not see the parent's fields.
            let target = &rel.target;
            let name = crate::foreign_keys::unique_name_type(parent, referenced);
            (
                syn::parse_quote!(__dr_UniqueOf<#target, #name>),
                quote!(<#target as __dr_UniqueKey<#name>>::field(parent)),
            )
        } else if let (true, Some(field)) = (
            eq(parent, &own),
            crate::foreign_keys::field_of_column(model, referenced),
        ) {
            let (table, column, ident) = (&model.table, &field.column, &field.ident);
            (syn::parse_quote!(#table::#column), quote!(&parent.#ident))
        } else {
            continue;
        };
        inferred.push((i, path, field));
    }
    for (i, path, field) in inferred {
        let rel = &mut model.relationships[i];
        rel.options.references = Some(path);
        rel.inferred_references = Some(field);
    }
}

/// For each many-to-many naming `references = (.., target::column)`: how
/// the target side reads that column. Where the migrations show it as the
/// target table's primary key, the side joins on the key
/// (`Relationship::link_target_is_key`); else through the target's
/// `UniqueKey` impl, named by the migrations' spelling of the column where
/// the association column's FOREIGN KEY shows it (`#[sql_name]` tables).
///
/// The target's derive writes that impl only where its migrations show the
/// column UNIQUE and a FOREIGN KEY to it
/// ([`crate::foreign_keys::unique_key_impls`]); where they do not, the
/// column cannot be read off a target row, which is one error here at the
/// column (else rustc's, several, claiming the migrations show what they
/// do not), and the side joins on the key so that nothing follows from it.
pub fn link_target_keys(cx: &Ctxt, model: &mut Model, options: &Options) {
    if !model
        .relationships
        .iter()
        .any(|r| r.options.link_references.is_some())
    {
        return;
    }
    let facts = facts_for(options);
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let loose = crate::foreign_keys::loose;
    let source = model.ident.to_string();
    for rel in &mut model.relationships {
        let _scope = cx.scope(&rel.name);
        let (Some(refs), Some(secondary)) = (&rel.options.link_references, &rel.options.secondary)
        else {
            continue;
        };
        let target = rel.target_name();
        if target == "Self" || target == source {
            // Read off this model's own field (`expand::link_parents`).
            continue;
        }
        let n = refs.target.segments.len();
        let table = refs.target.segments[n - 2].ident.to_string();
        let column = refs.target.segments[n - 1].ident.to_string();
        let link_table = last_segment(&secondary.table);
        let link_column = secondary.columns.as_ref().map(|(_, b)| b.to_string());
        let who = format!("{source}.{name}", name = rel.name);
        let fix = format!(
            "add a migration that makes {table}.{column} UNIQUE and {link_table}.{b} REFERENCES {table} ({column}), or reference {target}'s primary key",
            b = link_column.as_deref().unwrap_or("<column>"),
        );
        let Some((facts, dir)) = &facts else {
            cx.error_spanned_by(
                &refs.target,
                format!("{who}: references = (.., {table}::{column}) joins {target} on {table}.{column}, but no migrations were read, and {target}'s derive reads a key other than its primary key only where they show it UNIQUE with a FOREIGN KEY to it: read migrations that do (#[relations(migrations = \"<dir>\")] on both models), or join on {target}'s primary key"),
            );
            rel.link_target_is_key = true;
            continue;
        };
        // The association column's FOREIGN KEY, by the migrations' names.
        let by_fk = facts.foreign_keys.iter().find(|(t, c, _, _)| {
            loose(t) == loose(&link_table)
                && link_column.as_deref().is_some_and(|b| loose(c) == loose(b))
        });
        let (parent, referenced) = match by_fk {
            Some((_, _, p, r)) if !r.is_empty() && loose(r) == loose(&column) => {
                (p.clone(), r.clone())
            }
            _ => (table.clone(), column.clone()),
        };
        rel.link_target_is_key = facts
            .columns
            .iter()
            .any(|(t, c, _, _, in_key)| *in_key && eq(t, &parent) && eq(c, &referenced));
        rel.link_target_unique = Some(crate::foreign_keys::unique_name_type(&parent, &referenced));
        if rel.link_target_is_key {
            continue;
        }
        // What the target's derive reads (`unique_key_impls`).
        let unique = facts
            .unique
            .iter()
            .any(|(t, c)| eq(t, &parent) && eq(c, &referenced));
        let referenced_by_a_key = facts
            .foreign_keys
            .iter()
            .any(|(_, _, p, r)| eq(p, &parent) && eq(r, &referenced));
        if unique && referenced_by_a_key {
            continue;
        }
        let known = facts.tables.iter().any(|t| eq(t, &parent));
        if known && !unique {
            // The pair checks report a column that is not UNIQUE.
            rel.link_target_is_key = true;
            continue;
        }
        let why = if !known {
            format!("the migrations ({dir}) do not create {parent}, or skip a statement on it")
        } else {
            format!("no FOREIGN KEY in {dir} references {parent}.{referenced}")
        };
        cx.error_spanned_by(
            &refs.target,
            format!("{who}: references = (.., {table}::{column}) joins {target} on {table}.{column}, but {why}, and {target}'s derive reads a key other than its primary key only where they show it UNIQUE with a FOREIGN KEY to it: {fix}"),
        );
        rel.link_target_is_key = true;
    }
}

#[cfg(test)]
mod tests {
    use super::diesel_type;

    #[test]
    fn migration_types_map_to_diesel_types_where_certain() {
        for (raw, mysql, diesel) in [
            ("INTEGER", false, "Integer"),
            ("INT(11)", true, "Integer"),
            ("int4", false, "Integer"),
            ("SERIAL", false, "Integer"),
            ("SERIAL", true, ""),
            ("BIGSERIAL", false, "BigInt"),
            ("BIGINT", true, "BigInt"),
            ("BIGINT UNSIGNED", true, ""),
            ("INT UNSIGNED", true, ""),
            ("VARCHAR(255)", true, "Text"),
            ("CHARACTER VARYING(20)", false, "Text"),
            ("TEXT", false, "Text"),
            ("TINYINT(1)", true, ""),
            ("UUID", false, ""),
            ("INTEGER[]", false, ""),
        ] {
            assert_eq!(diesel_type(raw, mysql), diesel, "{raw} (mysql: {mysql})");
        }
    }
}
