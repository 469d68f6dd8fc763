//! Parsing: the derive input becomes a [`Model`] with its [`Relationship`]s.
//!
//! Parsing records what was written, with spans; judging it is `check`'s job.

use crate::ctxt::Ctxt;
use darling::ast::NestedMeta;
use darling::FromMeta;
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, Path, Token, Type, Visibility};

/// A struct deriving `Relations`.
pub struct Model {
    pub ident: Ident,
    pub vis: Visibility,
    /// `#[diesel(table_name = ..)]`, or Diesel's default (`snake_case` + `s`).
    pub table: Path,
    /// `#[diesel(primary_key(..))]`, or `id`.
    pub primary_key: Vec<Ident>,
    /// Whether `#[diesel(primary_key(..))]` is written (else `id` is taken).
    pub primary_key_declared: bool,
    pub fields: Vec<Field>,
    pub relationships: Vec<Relationship>,
    /// The relationships whose options did not parse (their error is
    /// reported), with no options: the derive still writes their names, so
    /// the other side of a pair finds them, and accessors of their declared
    /// shape (`expand::poisoned`).
    pub unparsed: Vec<Relationship>,
    /// Its identity for the checks (`ModelDecl::id`, see
    /// [`crate::expand::model_id`]).
    pub id: u64,
    /// `#[diesel(check_for_backend(..))]`: Diesel checks each field's type
    /// against its column, with a message of its own.
    pub checks_backend: bool,
}

pub struct Field {
    pub ident: Ident,
    pub ty: Type,
    /// The `table!` column it maps to: `#[diesel(column_name = ..)]`, or
    /// the field's own name, as Diesel's derives map it.
    pub column: Ident,
}

impl Field {
    /// Whether `#[diesel(column_name = ..)]` maps it to a column of another
    /// name, which messages then mention.
    pub fn renamed(&self) -> bool {
        self.ident != self.column
    }
}

impl Model {
    pub fn field(&self, name: &Ident) -> Option<&Field> {
        self.fields.iter().find(|f| f.ident == *name)
    }

    /// The field mapped to the `table!` column `column` (Diesel's
    /// `primary_key(..)` names columns, as its `Identifiable` reads it).
    pub fn field_for_column(&self, column: &Ident) -> Option<&Field> {
        self.fields.iter().find(|f| f.column == *column)
    }

    /// The field `foreign_key = name` names: the field of that name, or
    /// else the field mapped to the column of that name.
    pub fn key_field(&self, name: &Ident) -> Option<&Field> {
        self.field(name).or_else(|| self.field_for_column(name))
    }

    /// The table's name as SQL sees it (the last segment of the path).
    pub fn table_name(&self) -> String {
        self.table
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default()
    }
}

/// How many targets a relationship holds, read off its declared type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    /// `Vec<T>`
    Many,
    /// `T`
    One,
    /// `Option<T>`
    OptionalOne,
}

/// One `#[relationship(name: Type, options..)]`.
pub struct Relationship {
    pub name: Ident,
    /// The declared type as written (`Vec<Invoice>`), for messages and spans.
    pub declared: Type,
    /// The target model (`Invoice`).
    pub target: Type,
    pub cardinality: Cardinality,
    pub options: Options,
    /// Where `options.references` was not written but taken from the
    /// migrations (`evidence::infer_references`): how the referenced
    /// column's value is read off the parent, a reference to its field
    /// (`&parent.code`, or through the parent's `UniqueKey` impl where the
    /// derive does not see the parent's fields).
    pub inferred_references: Option<proc_macro2::TokenStream>,
    /// A many-to-many's `references = (.., target::column)`, where the
    /// migrations show `column` as the target table's primary key: the
    /// target side joins on the key (`evidence::link_target_keys`).
    pub link_target_is_key: bool,
    /// The `Name<hash>` of the target's `UniqueKey` impl for that column,
    /// by the migrations' names where they show it (`#[sql_name]` tables),
    /// else by the `table!`'s.
    pub link_target_unique: Option<proc_macro2::TokenStream>,
}

impl Relationship {
    /// The target's name as messages print it (`Invoice`).
    pub fn target_name(&self) -> String {
        type_name(&self.target)
    }
}

/// The options after `name: Type`, spelled as in SQLAlchemy.
#[derive(Default, FromMeta)]
pub struct Options {
    /// The relationship on the target that is the other side of this one.
    pub back_populates: Option<Ident>,
    /// Declares the other side on the target, under this name.
    pub backref: Option<Ident>,
    /// The foreign key column: a field of this model (`foreign_key = custid`)
    /// when the key is on this model's table, `table::column` when it is on
    /// the target's.
    pub foreign_key: Option<Path>,
    /// The parent's column the foreign key references, when it is a UNIQUE
    /// column other than the primary key (`references = owners::number`,
    /// Django's `to_field`): named where the foreign key is.
    pub references: Option<Path>,
    /// Column, `column.desc()`, `column.asc()`, or a tuple of those.
    pub order_by: Option<OrderBy>,
    /// The association table of a many-to-many: `table`, or
    /// `table(column_to_this_model, column_to_target)`.
    pub secondary: Option<Secondary>,
    /// SQLAlchemy's cascade string, e.g. `"all, delete-orphan"`.
    pub cascade: Option<syn::LitStr>,
    /// Leave deletes to the database's ON DELETE.
    #[darling(default)]
    pub passive_deletes: bool,
    /// Reads only: no writes through this relationship.
    #[darling(default)]
    pub viewonly: bool,
    /// `foreign_key = (a, b)`: a composite foreign key, taken out of the
    /// options before darling reads them (a tuple is no path).
    #[darling(skip)]
    pub foreign_key_row: Option<RowForeignKey>,
    /// `references = (source_table::column, target_table::column)`: the
    /// columns a many-to-many's association columns reference, taken out
    /// of the options before darling reads them.
    #[darling(skip)]
    pub link_references: Option<LinkReferences>,
    /// `secondary = table((a, b), c)`: a many-to-many whose association
    /// table references a composite key on one side or both, taken out of
    /// the options before darling reads them.
    #[darling(skip)]
    pub secondary_row: Option<RowSecondary>,
}

/// A many-to-many's `references = (readers::badge, books::code)`: the
/// column of the source's table its association table's first column
/// references, and the target's its second references (either the primary
/// key, or a UNIQUE column).
pub struct LinkReferences {
    pub source: Path,
    pub target: Path,
    /// The tuple as written, for spans.
    pub expr: syn::Expr,
}

/// Takes `references = (a::x, b::y)` out of a relationship's options.
fn take_link_references(
    options: &mut Vec<NestedMeta>,
) -> Result<Option<LinkReferences>, syn::Error> {
    let Some(at) = options.iter().position(|o| {
        matches!(o, NestedMeta::Meta(syn::Meta::NameValue(nv))
            if nv.path.is_ident("references") && matches!(nv.value, syn::Expr::Tuple(_) | syn::Expr::Paren(_)))
    }) else {
        return Ok(None);
    };
    let NestedMeta::Meta(syn::Meta::NameValue(nv)) = options.remove(at) else {
        return Ok(None);
    };
    let paths: Vec<Path> = match &nv.value {
        syn::Expr::Tuple(t) => t
            .elems
            .iter()
            .filter_map(|e| match e {
                syn::Expr::Path(p) if p.path.segments.len() >= 2 => Some(p.path.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let count = match &nv.value {
        syn::Expr::Tuple(t) => t.elems.len(),
        _ => 1,
    };
    match <[Path; 2]>::try_from(paths) {
        Ok([source, target]) if count == 2 => Ok(Some(LinkReferences {
            source,
            target,
            expr: nv.value.clone(),
        })),
        _ => Err(syn::Error::new_spanned(
            &nv.value,
            "references = (..) names the two columns a many-to-many's association columns reference, in the order of secondary's: references = (<source table>::<column>, <target table>::<column>)",
        )),
    }
}

/// `secondary = line_tags((order_id, line_no), tag_id)`: the association
/// table, its columns referencing this model's key (a column, or a
/// parenthesised list for a composite key, in the key's order), then its
/// columns referencing the target's.
pub struct RowSecondary {
    pub table: Path,
    pub to_source: Vec<Ident>,
    pub to_target: Vec<Ident>,
    /// The call as written, for spans.
    pub expr: syn::Expr,
}

/// Takes `secondary = table(.., ..)` out of a relationship's options where
/// a side is a parenthesised list of columns.
fn take_row_secondary(options: &mut Vec<NestedMeta>) -> Result<Option<RowSecondary>, syn::Error> {
    let is_list = |e: &syn::Expr| matches!(e, syn::Expr::Tuple(_) | syn::Expr::Paren(_));
    let Some(at) = options.iter().position(|o| {
        matches!(o, NestedMeta::Meta(syn::Meta::NameValue(nv))
            if nv.path.is_ident("secondary")
                && matches!(&nv.value, syn::Expr::Call(c) if c.args.iter().any(is_list)))
    }) else {
        return Ok(None);
    };
    let NestedMeta::Meta(syn::Meta::NameValue(nv)) = options.remove(at) else {
        return Ok(None);
    };
    let shape = || {
        syn::Error::new_spanned(
            &nv.value,
            "secondary = table(<columns to this model>, <columns to the target>) takes, for each side, one column or a parenthesised list of the columns referencing that side's composite key, in its order: secondary = line_tags((order_id, line_no), tag_id)",
        )
    };
    let syn::Expr::Call(call) = &nv.value else {
        return Err(shape());
    };
    let syn::Expr::Path(table) = &*call.func else {
        return Err(shape());
    };
    let side = |e: &syn::Expr| -> Option<Vec<Ident>> {
        let elems: Vec<&syn::Expr> = match e {
            syn::Expr::Tuple(t) => t.elems.iter().collect(),
            syn::Expr::Paren(p) => vec![&*p.expr],
            other => vec![other],
        };
        elems
            .iter()
            .map(|e| match e {
                syn::Expr::Path(p) => p.path.get_ident().cloned(),
                _ => None,
            })
            .collect()
    };
    let args: Vec<&syn::Expr> = call.args.iter().collect();
    match args.as_slice() {
        [a, b] => match (side(a), side(b)) {
            (Some(to_source), Some(to_target)) => Ok(Some(RowSecondary {
                table: table.path.clone(),
                to_source,
                to_target,
                expr: nv.value.clone(),
            })),
            _ => Err(shape()),
        },
        _ => Err(shape()),
    }
}

/// `foreign_key = (order_id, line_no)`: the fields of this model that
/// reference the target's composite primary key, in its order (a
/// many-to-one), or `(notes::order_id, notes::line_no)`, the target's
/// columns that reference this model's key (a collection).
pub struct RowForeignKey {
    pub columns: Vec<Path>,
    /// The tuple as written, for spans.
    pub expr: syn::Expr,
}

/// Takes `foreign_key = (a, b, ..)` out of a relationship's options.
fn take_row_foreign_key(
    options: &mut Vec<NestedMeta>,
) -> Result<Option<RowForeignKey>, syn::Error> {
    let Some(at) = options.iter().position(|o| {
        matches!(o, NestedMeta::Meta(syn::Meta::NameValue(nv))
            if nv.path.is_ident("foreign_key") && matches!(nv.value, syn::Expr::Tuple(_) | syn::Expr::Paren(_)))
    }) else {
        return Ok(None);
    };
    let NestedMeta::Meta(syn::Meta::NameValue(nv)) = options.remove(at) else {
        return Ok(None);
    };
    let elems: Vec<&syn::Expr> = match &nv.value {
        syn::Expr::Tuple(t) => t.elems.iter().collect(),
        syn::Expr::Paren(p) => vec![&*p.expr],
        _ => Vec::new(),
    };
    let columns: Option<Vec<Path>> = elems
        .iter()
        .map(|e| match e {
            syn::Expr::Path(p) => Some(p.path.clone()),
            _ => None,
        })
        .collect();
    match columns {
        Some(columns) => Ok(Some(RowForeignKey {
            columns,
            expr: nv.value.clone(),
        })),
        None => Err(syn::Error::new_spanned(
            &nv.value,
            "foreign_key = (..) takes this model's fields, one per column of the target's primary key, in its order: foreign_key = (order_id, line_no)",
        )),
    }
}

/// `secondary = table` or `secondary = table(to_this, to_target)`.
pub struct Secondary {
    pub table: Path,
    pub columns: Option<(Ident, Ident)>,
    pub expr: syn::Expr,
}

impl FromMeta for Secondary {
    fn from_expr(expr: &syn::Expr) -> darling::Result<Self> {
        let shape = || {
            darling::Error::custom(
                "secondary takes the association table, `secondary = authors_books`, or the table \
                 with its column to this model and its column to the target, \
                 `secondary = authors_books(book_id, author_id)`",
            )
            .with_span(expr)
        };
        match expr {
            syn::Expr::Path(p) => Ok(Secondary {
                table: p.path.clone(),
                columns: None,
                expr: expr.clone(),
            }),
            syn::Expr::Call(call) => {
                let syn::Expr::Path(table) = &*call.func else {
                    return Err(shape());
                };
                let idents: Vec<Ident> = call
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::Expr::Path(p) => p.path.get_ident().cloned(),
                        _ => None,
                    })
                    .collect();
                match idents.as_slice() {
                    [a, b] if call.args.len() == 2 => Ok(Secondary {
                        table: table.path.clone(),
                        columns: Some((a.clone(), b.clone())),
                        expr: expr.clone(),
                    }),
                    _ => Err(shape()),
                }
            }
            _ => Err(shape()),
        }
    }
}

/// The `order_by` expression, taken as written: unlike darling's `syn::Expr`
/// it does not turn a string literal into a path, so `order_by = "id"` is
/// reported by `check` instead of looked up as a column named `id`.
pub struct OrderBy(pub syn::Expr);

impl FromMeta for OrderBy {
    fn from_expr(expr: &syn::Expr) -> darling::Result<Self> {
        Ok(OrderBy(expr.clone()))
    }
}

/// A relationship whose options did not parse: its name and declared type.
fn bare(args: RelationshipArgs, model: &Ident) -> Relationship {
    let declared = self_to_model(args.declared, model);
    let (cardinality, target) = cardinality(&declared);
    Relationship {
        name: args.name,
        declared,
        target,
        cardinality,
        options: Options::default(),
        inferred_references: None,
        link_target_is_key: false,
        link_target_unique: None,
    }
}

/// The name a `#[relationship(name: Type, ..)]` declares, if it has one.
pub fn relationship_name(attr: &syn::Attribute) -> Option<Ident> {
    attr.parse_args_with(|input: ParseStream| {
        let name: Ident = input.parse()?;
        input.parse::<proc_macro2::TokenStream>()?;
        Ok(name)
    })
    .ok()
}

/// `name: Type, key = value, ...` inside `#[relationship(...)]`.
struct RelationshipArgs {
    name: Ident,
    declared: Type,
    options: Vec<NestedMeta>,
}

impl Parse for RelationshipArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected `name: Type` first, e.g. #[relationship(invoices: Vec<Invoice>, back_populates = customer)]",
            )
        })?;
        input.parse::<Token![:]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!(
                    "expected `:` and the target type after `{name}`, e.g. `{name}: Vec<Target>`"
                ),
            )
        })?;
        let declared: Type = input.parse()?;
        let mut options = Vec::new();
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
            let rest = Punctuated::<NestedMeta, Token![,]>::parse_terminated(input)?;
            options.extend(rest);
        }
        Ok(RelationshipArgs {
            name,
            declared,
            options,
        })
    }
}

pub fn parse(cx: &Ctxt, input: &syn::DeriveInput) -> Option<Model> {
    let syn::Data::Struct(data) = &input.data else {
        cx.error_spanned_by(
            &input.ident,
            "#[derive(Relations)] goes on a struct that is a Diesel model",
        );
        return None;
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            format!(
                "#[derive(Relations)] does not support generic models: {} has type parameters",
                input.ident
            ),
        );
    }
    let fields = match &data.fields {
        syn::Fields::Named(named) => named
            .named
            .iter()
            .map(|f| {
                let ident = f.ident.clone().expect("named field");
                let column = column_name(cx, &f.attrs).unwrap_or_else(|| ident.clone());
                Field {
                    ident,
                    ty: f.ty.clone(),
                    column,
                }
            })
            .collect(),
        _ => {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "#[derive(Relations)] needs named fields: {} is a tuple or unit struct",
                    input.ident
                ),
            );
            Vec::new()
        }
    };

    let mut table = None;
    let mut primary_key = None;
    let mut checks_backend = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("diesel")) {
        // Only the keys we need; every other `diesel(..)` option is Diesel's business.
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("table_name") {
                table = Some(meta.value()?.parse::<Path>()?);
            } else if meta.path.is_ident("primary_key") {
                let content;
                syn::parenthesized!(content in meta.input);
                let keys = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
                primary_key = Some(keys.into_iter().collect::<Vec<_>>());
            } else if meta.path.is_ident("check_for_backend") {
                checks_backend = true;
                let _content;
                syn::parenthesized!(_content in meta.input);
                _content.parse::<proc_macro2::TokenStream>()?;
            } else if meta.input.peek(Token![=]) {
                meta.value()?.parse::<proc_macro2::TokenStream>()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
                _content.parse::<proc_macro2::TokenStream>()?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    let table = table.unwrap_or_else(|| {
        let name = format!("{}s", snake_case(&input.ident.to_string()));
        Ident::new(&name, input.ident.span()).into()
    });
    let primary_key_declared = primary_key.is_some();
    let primary_key = primary_key.unwrap_or_else(|| vec![Ident::new("id", Span::call_site())]);

    let mut relationships = Vec::new();
    let mut unparsed = Vec::new();
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("relationship"))
    {
        match attr.parse_args::<RelationshipArgs>() {
            Ok(mut args) => {
                let _scope = cx.scope(&args.name);
                let row_key = match take_row_foreign_key(&mut args.options) {
                    Ok(row_key) => row_key,
                    Err(e) => {
                        cx.syn_error(syn::Error::new(
                            e.span(),
                            format!("{}.{}: {e}", input.ident, args.name),
                        ));
                        unparsed.push(bare(args, &input.ident));
                        continue;
                    }
                };
                let link_references = match take_link_references(&mut args.options) {
                    Ok(refs) => refs,
                    Err(e) => {
                        cx.syn_error(syn::Error::new(
                            e.span(),
                            format!("{}.{}: {e}", input.ident, args.name),
                        ));
                        unparsed.push(bare(args, &input.ident));
                        continue;
                    }
                };
                let row_secondary = match take_row_secondary(&mut args.options) {
                    Ok(row_secondary) => row_secondary,
                    Err(e) => {
                        cx.syn_error(syn::Error::new(
                            e.span(),
                            format!("{}.{}: {e}", input.ident, args.name),
                        ));
                        unparsed.push(bare(args, &input.ident));
                        continue;
                    }
                };
                let options = match Options::from_list(&args.options) {
                    Ok(mut options) => {
                        options.foreign_key_row = row_key;
                        options.link_references = link_references;
                        options.secondary_row = row_secondary;
                        options
                    }
                    Err(errors) => {
                        // Name the relationship in darling's messages, and
                        // check nothing else of it: with an option unread,
                        // further errors would only be consequences.
                        for e in errors {
                            let span = e.span();
                            cx.syn_error(syn::Error::new(
                                span,
                                format!("{}.{}: {e}", input.ident, args.name),
                            ));
                        }
                        unparsed.push(bare(args, &input.ident));
                        continue;
                    }
                };
                // `Self` is the model: every generated item names the model
                // where `Self` would mean something else (a marker's impl)
                // or nothing (a free constant).
                let declared = self_to_model(args.declared, &input.ident);
                let (cardinality, target) = cardinality(&declared);
                relationships.push(Relationship {
                    name: args.name,
                    declared,
                    target,
                    cardinality,
                    options,
                    inferred_references: None,
                    link_target_is_key: false,
                    link_target_unique: None,
                });
            }
            Err(e) => cx.syn_error(e),
        }
    }

    Some(Model {
        ident: input.ident.clone(),
        vis: input.vis.clone(),
        table,
        primary_key,
        primary_key_declared,
        fields,
        relationships,
        unparsed,
        id: crate::shared::model_id(&input.ident.to_string()),
        checks_backend,
    })
}

/// `#[diesel(column_name = ..)]` of a field (an identifier or, as Diesel
/// also takes it, a string).
fn column_name(cx: &Ctxt, attrs: &[syn::Attribute]) -> Option<Ident> {
    let mut column = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("diesel")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("column_name") {
                let value = meta.value()?;
                // A string that is no identifier names no `table!` column:
                // Diesel's derives report that.
                column = if value.peek(syn::LitStr) {
                    let lit: syn::LitStr = value.parse()?;
                    syn::parse_str::<Ident>(&lit.value()).ok().map(|mut i| {
                        i.set_span(lit.span());
                        i
                    })
                } else {
                    Some(value.parse::<Ident>()?)
                };
            } else if meta.input.peek(Token![=]) {
                meta.value()?.parse::<proc_macro2::TokenStream>()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
                _content.parse::<proc_macro2::TokenStream>()?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    column
}

/// `Self` in a declared type (`Option<Self>`, `Vec<Self>`) replaced by the
/// model's name, spanned where `Self` was written.
fn self_to_model(ty: Type, model: &Ident) -> Type {
    match ty {
        Type::Path(mut path) if path.qself.is_none() => {
            if path.path.is_ident("Self") {
                let span = path.path.segments[0].ident.span();
                let mut ident = model.clone();
                ident.set_span(span);
                path.path.segments[0].ident = ident;
                return Type::Path(path);
            }
            for segment in &mut path.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                    for arg in &mut args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            *inner = self_to_model(inner.clone(), model);
                        }
                    }
                }
            }
            Type::Path(path)
        }
        other => other,
    }
}

/// `Vec<T>` is many, `Option<T>` is an optional one, anything else is one.
fn cardinality(ty: &Type) -> (Cardinality, Type) {
    for (wrapper, cardinality) in [
        ("Vec", Cardinality::Many),
        ("Option", Cardinality::OptionalOne),
    ] {
        if let Some(inner) = single_generic_argument(ty, wrapper) {
            return (cardinality, inner.clone());
        }
    }
    (Cardinality::One, ty.clone())
}

/// `T` of `Wrapper<T>`.
pub fn single_generic_argument<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// How messages print a type: the path's last segment (`Invoice`).
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        other => quote::quote!(#other).to_string(),
    }
}

/// Diesel's default table name rule: `InvoiceLine` -> `invoice_line`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, ch) in name.char_indices() {
        if ch.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// A collection with neither foreign_key nor back_populates nor secondary:
/// `check` leaves it to [`evidence::unnamed_check`], which tells which
/// foreign key to name from the migrations.
pub fn unnamed(rel: &Relationship) -> bool {
    rel.cardinality == Cardinality::Many
        && rel.options.foreign_key.is_none()
        && rel.options.foreign_key_row.is_none()
        && rel.options.secondary_row.is_none()
        && rel.options.back_populates.is_none()
        && rel.options.secondary.is_none()
}

/// An [`unnamed`] collection without a `backref` (which needs the key's
/// field): its key is the one the migrations show, if there is one
/// (`foreign_keys::inferred_key`).
pub fn inferable(rel: &Relationship) -> bool {
    unnamed(rel) && rel.options.backref.is_none()
}

/// How messages print a declared type: `Vec<Invoice>`, `Option<User>`.
pub fn declared(rel: &Relationship) -> String {
    let target = rel.target_name();
    match rel.cardinality {
        Cardinality::Many => format!("Vec<{target}>"),
        Cardinality::OptionalOne => format!("Option<{target}>"),
        Cardinality::One => target,
    }
}

/// Where an error about the foreign key points: the column named in
/// `foreign_key` (its last segment), or the relationship's name.
pub fn foreign_key_span(rel: &Relationship) -> Span {
    rel.options
        .foreign_key
        .as_ref()
        .and_then(|path| path.segments.last())
        .map(|segment| segment.ident.span())
        .unwrap_or_else(|| rel.name.span())
}
