//! A many-to-many whose association table references a composite key on
//! one side or both (`secondary = line_tags((order_id, line_no),
//! tag_id)`): the handle [`ToManyRowsThrough`], its lazy load and its
//! eager load. Both are one query (per chunk of keys):
//!
//! ```sql
//! SELECT secondary.source_columns, target.*
//! FROM target JOIN secondary ON (target.a = secondary.x AND target.b = secondary.y)
//! WHERE secondary.source_columns IN (keys)   -- KeyIn or RowIn, by the source's key
//! ORDER BY target.pk
//! ```
//!
//! Each side's columns are one column where that side's key is one column
//! and a tuple where it is several; which form applies is the side's
//! [`Model::KeyForm`] ([`KeyJoin`] for the `ON`, [`KeyForm::In`] for the
//! `IN`).
//!
//! Apart from `queries`, whose one-column many-to-many it leaves as it is.

use crate::eager::{chunk_size, Fetch, Node};
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Connected, Db, Load};
use crate::keys::KeyList;
use crate::lazy::LoadIn;
use crate::relationship::{
    KeyForm, Many, ManyToManyRowDecl, Model, OneColumn, Relationship, SeveralColumns,
};
use crate::rows::key_chunk;
use diesel::dsl::{AsSelect, Filter, InnerJoin, Order, Select};
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::internal::table_macro::Inner;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::query_dsl::methods::{FilterDsl, OrderDsl, SelectDsl};
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::sql_types::Bool;
use diesel::{Connection, JoinOnDsl, QueryResult, Selectable, SelectableHelper, Table};
use std::future::Future;
use std::marker::PhantomData;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

type SourceOf<R> = <R as Relationship>::Source;
type TargetOf<R> = <R as Relationship>::Target;
/// The source's key, as the association table's source columns hold it.
pub type SourceKey<R> = <SourceOf<R> as Model>::Key;
/// The target's key, as the association table's target columns hold it.
pub type TargetKey<R> = <TargetOf<R> as Model>::Key;
type TargetTable<R> = <TargetOf<R> as Model>::Table;
type TargetPk<R> = <TargetTable<R> as Table>::PrimaryKey;
type SourceForm<R> = <SourceOf<R> as Model>::KeyForm;
type TargetForm<R> = <TargetOf<R> as Model>::KeyForm;
type Secondary<R> = <R as ManyToManyRowDecl>::Secondary;
type SourceColumns<R> = <R as ManyToManyRowDecl>::SourceColumns;
type TargetColumns<R> = <R as ManyToManyRowDecl>::TargetColumns;

/// `target.pk = secondary.columns`, column by column, for a key of one
/// column ([`OneColumn`]: Diesel's `eq`) or several ([`SeveralColumns`]:
/// [`ColumnsEq`]). A trait of the key's form rather than of the columns,
/// for the reason [`crate::rows::PkIn`] is: rustc cannot tell a column
/// from a tuple of columns in two impls of one trait.
///
/// ```
/// use diesel_relations::composite_m2m::KeyJoin;
/// use diesel_relations::SeveralColumns;
/// diesel::table! { lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
/// diesel::table! { line_tags (order_id, line_no, tag_id) { order_id -> Integer, line_no -> Integer, tag_id -> Integer, } }
/// let on = <SeveralColumns as KeyJoin<_, _>>::on(
///     (lines::order_id, lines::line_no),
///     (line_tags::order_id, line_tags::line_no),
/// );
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&on).to_string();
/// assert!(sql.starts_with("(`lines`.`order_id` = `line_tags`.`order_id` AND `lines`.`line_no` = `line_tags`.`line_no`)"), "{sql}");
/// ```
pub trait KeyJoin<Key, Columns> {
    /// The boolean expression.
    type On;
    /// `key = columns`, column by column.
    fn on(key: Key, columns: Columns) -> Self::On;
}

impl<Key, Col> KeyJoin<Key, Col> for OneColumn
where
    Key: diesel::ExpressionMethods,
    Col: diesel::expression::AsExpression<<Key as Expression>::SqlType>,
    <Key as Expression>::SqlType: diesel::sql_types::SqlType,
{
    type On = diesel::dsl::Eq<Key, Col>;
    fn on(key: Key, columns: Col) -> Self::On {
        key.eq(columns)
    }
}

impl<Key, Cols> KeyJoin<Key, Cols> for SeveralColumns {
    type On = ColumnsEq<Key, Cols>;
    fn on(key: Key, columns: Cols) -> Self::On {
        ColumnsEq {
            left: key,
            right: columns,
        }
    }
}

/// `(a0 = b0 AND a1 = b1 ..)` of two tuples of columns, 2 to 4 each: the
/// `ON` of a join on a composite key (see [`KeyJoin`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnsEq<A, B> {
    left: A,
    right: B,
}

impl<A, B> ColumnsEq<A, B> {
    /// `left = right`, column by column (the `ON` of a join, or the link
    /// of an `EXISTS`, through a composite key).
    pub fn new(left: A, right: B) -> Self {
        ColumnsEq { left, right }
    }
}

impl<A, B> Expression for ColumnsEq<A, B> {
    type SqlType = Bool;
}

impl<A, B, QS> AppearsOnTable<QS> for ColumnsEq<A, B>
where
    A: AppearsOnTable<QS>,
    B: AppearsOnTable<QS>,
{
}

impl<A, B, QS> SelectableExpression<QS> for ColumnsEq<A, B>
where
    A: SelectableExpression<QS>,
    B: SelectableExpression<QS>,
{
}

impl<A, B, GB> ValidGrouping<GB> for ColumnsEq<A, B> {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl<A, B> QueryId for ColumnsEq<A, B> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

macro_rules! columns_eq {
    ($(($($a:ident $b:ident $i:tt),+))*) => {$(
        impl<DB, $($a,)+ $($b,)+> QueryFragment<DB> for ColumnsEq<($($a,)+), ($($b,)+)>
        where
            DB: diesel::backend::Backend,
            $($a: QueryFragment<DB>, $b: QueryFragment<DB>,)+
        {
            fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
                out.push_sql("(");
                $(
                    if $i > 0 {
                        out.push_sql(" AND ");
                    }
                    self.left.$i.walk_ast(out.reborrow())?;
                    out.push_sql(" = ");
                    self.right.$i.walk_ast(out.reborrow())?;
                )+
                out.push_sql(")");
                Ok(())
            }
        }
    )*};
}

columns_eq!((A0 B0 0, A1 B1 1)(A0 B0 0, A1 B1 1, A2 B2 2)(A0 B0 0, A1 B1 1, A2 B2 2, A3 B3 3));

/// The `ON` of the target joined with the association table.
pub type OnExpr<R> = <TargetForm<R> as KeyJoin<TargetPk<R>, TargetColumns<R>>>::On;
/// The target joined with the association table.
pub type Joined<R> = InnerJoin<TargetTable<R>, diesel::dsl::On<Secondary<R>, OnExpr<R>>>;
/// The association rows' source columns in a list of source keys.
pub type SourceIn<R> = <SourceForm<R> as KeyForm>::In<SourceColumns<R>, SourceKey<R>>;
/// The targets linked to sources, unordered (so that `.count()` works).
pub type Linked<R> = Filter<Joined<R>, SourceIn<R>>;
/// The targets linked to sources, in the target's key order.
pub type LinkedTargets<R> = Order<Linked<R>, TargetPk<R>>;
/// [`LinkedTargets`] selecting each row's source key and the target.
pub type LinkedRows<R, DB> =
    Select<LinkedTargets<R>, (SourceColumns<R>, AsSelect<TargetOf<R>, DB>)>;

/// The targets linked to the sources of `keys`, joined with their
/// association rows, unordered.
pub fn linked<R>(keys: Vec<SourceKey<R>>) -> Linked<R>
where
    R: ManyToManyRowDecl,
    TargetForm<R>: KeyJoin<TargetPk<R>, TargetColumns<R>>,
    TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
    Joined<R>: FilterDsl<SourceIn<R>>,
{
    let target = <TargetTable<R> as Default>::default();
    let on =
        <TargetForm<R> as KeyJoin<_, _>>::on(target.primary_key(), TargetColumns::<R>::default());
    let joined = target.join_with_implicit_on_clause(Secondary::<R>::default().on(on), Inner);
    let keys = <SourceForm<R> as KeyForm>::key_in(SourceColumns::<R>::default(), keys);
    FilterDsl::filter(joined, keys)
}

/// [`linked`] in the target's key order.
pub fn linked_targets<R>(keys: Vec<SourceKey<R>>) -> LinkedTargets<R>
where
    R: ManyToManyRowDecl,
    TargetForm<R>: KeyJoin<TargetPk<R>, TargetColumns<R>>,
    TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
    Joined<R>: FilterDsl<SourceIn<R>>,
    Filter<Joined<R>, SourceIn<R>>: OrderDsl<TargetPk<R>>,
{
    let pk = Table::primary_key(&<TargetTable<R> as Default>::default());
    OrderDsl::order(linked::<R>(keys), pk)
}

/// The collection side of a many-to-many whose association table
/// references a composite key (`authorship.reviewers()`): the targets
/// linked to this source, in the target's key order. What the derive's
/// accessor returns for `secondary = table((a, b), c)`.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::Relations;
///
/// // authorship_reviewers (author_id, book_id) -> authors_books, reviewer_id -> reviewers.
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(reviewers: Vec<Reviewer>, secondary = authorship_reviewers((author_id, book_id), reviewer_id), back_populates = authorships)]
/// pub struct Authorship {
///     pub author_id: i32,
///     pub book_id: i32,
/// }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = reviewers)]
/// #[relationship(authorships: Vec<Authorship>, secondary = authorship_reviewers(reviewer_id, (author_id, book_id)), back_populates = reviewers)]
/// pub struct Reviewer {
///     pub id: i32,
///     pub name: String,
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::eager::Eager;
/// let conn = &mut connection();
/// let link = Authorship { author_id: 2, book_id: 1 };
/// // One query: reviewers JOIN authorship_reviewers .. WHERE (author_id, book_id) IN (..).
/// let names: Vec<String> = link.reviewers().load(conn)?.into_iter().map(|r| r.name).collect();
/// assert_eq!(names, ["Cy", "Di"]);
/// // From the other side, a one-column key: `reviewer_id IN (..)`.
/// let cy = Reviewer { id: 1, name: "Cy".into() };
/// let pages = vec![cy].eager(conn, Reviewer::authorships)?;
/// assert_eq!(pages[0].related.iter().map(|a| (a.author_id, a.book_id)).collect::<Vec<_>>(), [(1, 1), (2, 1)]);
/// # Ok(())
/// # }
/// ```
pub struct ToManyRowsThrough<R: ManyToManyRowDecl> {
    key: SourceKey<R>,
    rel: PhantomData<fn() -> R>,
}

key_handle!(ToManyRowsThrough: ManyToManyRowDecl, of = " The handle for the targets of `source`.", key = " The source key the association rows' source columns hold.");

impl<R: ManyToManyRowDecl> ToManyRowsThrough<R> {
    /// The Diesel query of the targets, joined with their association
    /// rows, unordered (so that `.count()` works; `load` orders by the
    /// target's key).
    pub fn query(&self) -> Linked<R>
    where
        TargetForm<R>: KeyJoin<TargetPk<R>, TargetColumns<R>>,
        TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
        Joined<R>: FilterDsl<SourceIn<R>>,
    {
        linked::<R>(vec![self.key.clone()])
    }

    /// Loads the targets in the target's key order, in one query.
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<R::Target>>
    where
        C: Connection + Send,
        Self: LoadIn<C, Blocking, Output = Vec<R::Target>>,
    {
        block(self.load_in(conn))
    }
}

fn error<R: ManyToManyRowDecl>(e: diesel::result::Error) -> RelationError {
    RelationError::from_diesel(R::full_name(), R::SECONDARY, e)
}

/// The targets of `keys`' sources, grouped by source key, each group in
/// the target's key order with a target once (an association table
/// without a key may hold a pair twice): one query per chunk of keys.
fn grouped<'a, R, C, M>(
    conn: &'a mut C,
    keys: Vec<SourceKey<R>>,
) -> impl Future<Output = Result<HashMap<SourceKey<R>, Vec<R::Target>>>> + Send + 'a
where
    R: ManyToManyRowDecl,
    R::Target: Selectable<Db<C, M>> + Send,
    C: Connected<M> + Load<M, LinkedRows<R, Db<C, M>>, (SourceKey<R>, R::Target)>,
    Db<C, M>: KeyList,
    TargetForm<R>: KeyJoin<TargetPk<R>, TargetColumns<R>>,
    TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
    Joined<R>: FilterDsl<SourceIn<R>>,
    Filter<Joined<R>, SourceIn<R>>: OrderDsl<TargetPk<R>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    SourceColumns<R>: Expression,
    LinkedTargets<R>: SelectDsl<(SourceColumns<R>, AsSelect<R::Target, Db<C, M>>)>,
{
    async move {
        let mut groups: HashMap<SourceKey<R>, Vec<R::Target>> =
            HashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let size = key_chunk::<R::Source, Db<C, M>>(chunk_size::<Db<C, M>>());
        for chunk in crate::keys::chunks::<Db<C, M>, _>(&keys, size) {
            let query = SelectDsl::select(
                linked_targets::<R>(chunk.to_vec()),
                (SourceColumns::<R>::default(), R::Target::as_select()),
            );
            Load::<M, _, (SourceKey<R>, R::Target)>::each(
                conn,
                query,
                error::<R>,
                |(key, target)| {
                    let group = groups.entry(key).or_default();
                    // In key order: a pair held twice comes twice in a row.
                    if group
                        .last()
                        .is_none_or(|last| last.primary_key() != target.primary_key())
                    {
                        group.push(target);
                    }
                    Ok(())
                },
            )
            .await?;
        }
        Ok(groups)
    }
}

impl<R, C, M> LoadIn<C, M> for ToManyRowsThrough<R>
where
    R: ManyToManyRowDecl,
    R::Target: Selectable<Db<C, M>> + Send,
    C: Connected<M> + Load<M, LinkedRows<R, Db<C, M>>, (SourceKey<R>, R::Target)>,
    Db<C, M>: KeyList,
    TargetForm<R>: KeyJoin<TargetPk<R>, TargetColumns<R>>,
    TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
    Joined<R>: FilterDsl<SourceIn<R>>,
    Filter<Joined<R>, SourceIn<R>>: OrderDsl<TargetPk<R>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    SourceColumns<R>: Expression,
    LinkedTargets<R>: SelectDsl<(SourceColumns<R>, AsSelect<R::Target, Db<C, M>>)>,
{
    type Output = Vec<R::Target>;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Vec<R::Target>>> + Send + '_ {
        async move {
            let key = self.key;
            let mut groups = grouped::<R, C, M>(conn, vec![key.clone()]).await?;
            Ok(groups.remove(&key).unwrap_or_default())
        }
    }
}

impl<R, C, M> Fetch<R::Source, C, M> for ToManyRowsThrough<R>
where
    R: ManyToManyRowDecl,
    R::Source: Send + Sync,
    R::Target: Clone + Selectable<Db<C, M>> + Send + Sync,
    C: Connected<M> + Load<M, LinkedRows<R, Db<C, M>>, (SourceKey<R>, R::Target)>,
    Db<C, M>: KeyList,
    TargetForm<R>: KeyJoin<TargetPk<R>, TargetColumns<R>>,
    TargetTable<R>: JoinWithImplicitOnClause<diesel::dsl::On<Secondary<R>, OnExpr<R>>, Inner>,
    Joined<R>: FilterDsl<SourceIn<R>>,
    Filter<Joined<R>, SourceIn<R>>: OrderDsl<TargetPk<R>>,
    AsSelect<R::Target, Db<C, M>>: Expression,
    SourceColumns<R>: Expression,
    LinkedTargets<R>: SelectDsl<(SourceColumns<R>, AsSelect<R::Target, Db<C, M>>)>,
{
    type Target = R::Target;
    type Shape = Many;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<Vec<R::Target>>>> + Send + 'a {
        async move {
            let mut seen: HashSet<SourceKey<R>> = HashSet::default();
            let keys: Vec<SourceKey<R>> = sources
                .iter()
                .map(Model::primary_key)
                .filter(|k| seen.insert(k.clone()))
                .collect();
            drop(seen);
            let mut groups = grouped::<R, C, M>(conn, keys).await?;
            // A source listed twice gets its targets twice: the last copy
            // takes the loaded rows, the others a clone.
            let mut wanted: HashMap<SourceKey<R>, usize> = HashMap::default();
            for s in sources {
                *wanted.entry(s.primary_key()).or_default() += 1;
            }
            let mut out = Vec::with_capacity(sources.len());
            for s in sources {
                let key = s.primary_key();
                let left = wanted.get_mut(&key).map_or(0, |n| {
                    *n -= 1;
                    *n
                });
                out.push(if left == 0 {
                    groups.remove(&key).unwrap_or_default()
                } else {
                    groups.get(&key).map_or_else(Vec::new, |t| t.clone())
                });
            }
            Ok(out)
        }
    }

    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, Vec<R::Target>>>>> + Send + 'a
    where
        R::Source: 'a,
    {
        async move {
            let related = Self::fetch(conn, &sources).await?;
            Ok(crate::eager::nodes(sources, related))
        }
    }
}
