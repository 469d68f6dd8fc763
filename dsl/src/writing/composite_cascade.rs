//! Deletes and removals through a collection whose foreign key is several
//! columns (`foreign_key = (children::a, children::b)`,
//! [`crate::composite::ToManyRows`]): the statements they run
//! (its [`ChildStatements`] for [`SeveralColumns`]), each naming the parent keys as `(a, b) IN (keys)`
//! ([`RowIn`]) and one child as `pk IN (child) AND (a = ? AND b = ?)`, and
//! the steps a parent's delete walks ([`RowChildren`], [`RowOwnChildren`],
//! [`RowDetach`]), which do what the one-column steps of
//! [`crate::cascade`] do: delete the children with their own cascades, or
//! set every column of their key to NULL, or refuse where a column is NOT
//! NULL.
//!
//! Apart from `cascade`, whose one-column steps it leaves as they are: a
//! declaration of one column costs rustc what it did.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! use diesel_relations::Relations;
//!
//! #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
//! #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
//! #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id),
//!                back_populates = authorship, cascade = "all, delete-orphan")]
//! pub struct Authorship {
//!     pub author_id: i32,
//!     pub book_id: i32,
//! }
//!
//! #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
//! #[diesel(table_name = signoffs)]
//! #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
//! pub struct Signoff {
//!     pub id: i32,
//!     pub author_id: i32,
//!     pub book_id: i32,
//!     pub note: String,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let conn = &mut connection();
//! let link = Authorship { author_id: 2, book_id: 2 };
//! link.signoffs().insert(conn, [(signoffs::id.eq(1), signoffs::note.eq("a"))])?;
//! Authorship { author_id: 1, book_id: 1 }.signoffs().insert(conn, [(signoffs::id.eq(2), signoffs::note.eq("b"))])?;
//! // The link's sign-offs go with it: `(author_id, book_id) IN (..)`.
//! assert_eq!(diesel_relations::delete(conn, &link)?, 1);
//! let left: Vec<i32> = signoffs::table.select(signoffs::id).load(conn)?;
//! assert_eq!(left, [2]);
//! # Ok(())
//! # }
//! ```

use crate::cascade::{CascadeList, DeleteFn, DeleteIn, Via};
use crate::children::{delete_children, passive, remove_child, ChildStatements};
use crate::composite::ToManyRows;
use crate::eager::chunk_size;
use crate::error::Result;
use crate::exec::{block, Blocking, Execute, Load, Transact, WriteDb};
use crate::keys::KeyList;
use crate::registry::Cascade;
use crate::relationship::{Model, Nullability, OneToManyRowDecl, Relationship, SeveralColumns};
use crate::rows::{key_chunk, pk_in, PkIn, RowEq, RowIn};
use crate::upkeep::LinkWrites;
use diesel::associations::HasTable;
use diesel::dsl::{CountStar, Filter, Select, SqlTypeOf};
use diesel::expression::{AsExpression, SqlLiteral};
use diesel::query_builder::{AsChangeset, AsQuery, IntoUpdateTarget};
use diesel::query_dsl::methods::{FilterDsl, SelectDsl};
use diesel::sql_types::SingleValue;
use diesel::{Column, Connection, ExpressionMethods, Table};
use std::future::Future;
use std::marker::PhantomData;

/// A tuple of foreign key columns as a whole: whether every one admits
/// NULL (only then can a child be released from its parent), and the
/// `SET a = NULL, b = NULL` that releases it.
///
/// ```
/// use diesel_relations::composite_cascade::RowColumns;
/// diesel::table! { notes (id) { id -> Integer, a -> Nullable<Integer>, b -> Nullable<Integer>, c -> Integer, } }
/// assert!(<(notes::a, notes::b) as RowColumns>::NULLABLE);
/// assert!(!<(notes::a, notes::c) as RowColumns>::NULLABLE);
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(
///     &diesel::update(notes::table).set(<(notes::a, notes::b) as RowColumns>::set_null()),
/// )
/// .to_string();
/// assert!(sql.starts_with("UPDATE `notes` SET `a` = NULL, `b` = NULL"), "{sql}");
/// ```
pub trait RowColumns {
    /// Whether every column admits NULL.
    const NULLABLE: bool;
    /// `(a = NULL, b = NULL, ..)`, as Diesel types an assignment.
    type SetNull;
    /// Builds it.
    fn set_null() -> Self::SetNull;
}

/// `column = NULL`.
type SetNullOf<C> = diesel::dsl::Eq<C, SqlLiteral<SqlTypeOf<C>>>;

macro_rules! row_columns {
    ($(($($c:ident),+))*) => {$(
        impl<$($c,)+> RowColumns for ($($c,)+)
        where
            $(
                $c: Column + Default,
                SqlTypeOf<$c>: SingleValue<IsNull: Nullability>,
                SqlLiteral<SqlTypeOf<$c>>: AsExpression<SqlTypeOf<$c>>,
            )+
        {
            const NULLABLE: bool = true $(&& <<SqlTypeOf<$c> as diesel::sql_types::SqlType>::IsNull as Nullability>::NULLABLE)+;
            type SetNull = ($(SetNullOf<$c>,)+);
            fn set_null() -> Self::SetNull {
                ($($c::default().eq(diesel::dsl::sql::<SqlTypeOf<$c>>("NULL")),)+)
            }
        }
    )*};
}

row_columns!((A, B)(A, B, C)(A, B, C, D));

type TargetTable<R> = <<R as Relationship>::Target as Model>::Table;
type TargetPk<R> = <TargetTable<R> as Table>::PrimaryKey;
type TargetKey<R> = <<R as Relationship>::Target as Model>::Key;
type SourceKey<R> = <<R as Relationship>::Source as Model>::Key;
type ChildFk<R> = <R as OneToManyRowDecl>::ForeignKey;
/// The children of many parents: `WHERE (a, b) IN (keys)`.
type ChildrenOf<R> = Filter<TargetTable<R>, RowIn<ChildFk<R>, SourceKey<R>>>;
/// One child of one parent: `WHERE pk IN (child) AND (a = ? AND b = ?)`.
type OneChild<R> =
    Filter<Filter<TargetTable<R>, PkIn<TargetOf<R>>>, RowEq<ChildFk<R>, SourceKey<R>>>;
type TargetOf<R> = <R as Relationship>::Target;
type SetNull<R> = <ChildFk<R> as RowColumns>::SetNull;

/// The statements of a composite collection's (or one-to-one's) deletes
/// and removals, built once here for every declaration whose columns make
/// them well-typed (as `crate::queries` builds the one-column ones): rustc
/// proves them where a program deletes or removes, not where it declares.
/// The steps that run them are [`crate::children`]'s, shared with one
/// column.
impl<R> ChildStatements<SeveralColumns> for R
where
    R: OneToManyRowDecl,
    ChildFk<R>: RowColumns,
    TargetTable<R>: FilterDsl<RowIn<ChildFk<R>, SourceKey<R>>> + FilterDsl<PkIn<R::Target>>,
    Filter<TargetTable<R>, PkIn<R::Target>>: FilterDsl<RowEq<ChildFk<R>, SourceKey<R>>>,
    ChildrenOf<R>: SelectDsl<TargetPk<R>> + IntoUpdateTarget + HasTable<Table = TargetTable<R>>,
    OneChild<R>: SelectDsl<CountStar> + IntoUpdateTarget + HasTable<Table = TargetTable<R>>,
    SetNull<R>: AsChangeset<Target = TargetTable<R>>,
    diesel::dsl::Update<ChildrenOf<R>, SetNull<R>>: AsQuery,
    diesel::dsl::Update<OneChild<R>, SetNull<R>>: AsQuery,
{
    type Key = SourceKey<R>;
    const NULLABLE: bool = <ChildFk<R> as RowColumns>::NULLABLE;
    const CASCADE: Cascade = <R as Relationship>::DECL.cascade();
    type ChildKeys = Select<ChildrenOf<R>, TargetPk<R>>;
    type Nullify = diesel::dsl::Update<ChildrenOf<R>, SetNull<R>>;
    type Release = diesel::dsl::Update<OneChild<R>, SetNull<R>>;
    type IsMember = Select<OneChild<R>, CountStar>;

    fn keys_per_statement<DB: KeyList>() -> usize {
        key_chunk::<R::Source, DB>(chunk_size::<DB>())
    }
    fn child_keys(keys: Vec<SourceKey<R>>) -> Self::ChildKeys {
        let pk = TargetTable::<R>::default().primary_key();
        SelectDsl::select(children_of::<R>(keys), pk)
    }
    fn nullify(keys: Vec<SourceKey<R>>) -> Self::Nullify {
        diesel::update(children_of::<R>(keys)).set(<ChildFk<R> as RowColumns>::set_null())
    }
    fn release(key: SourceKey<R>, child: TargetKey<R>) -> Self::Release {
        diesel::update(one_child::<R>(key, child)).set(<ChildFk<R> as RowColumns>::set_null())
    }
    fn is_member(key: SourceKey<R>, child: TargetKey<R>) -> Self::IsMember {
        SelectDsl::select(one_child::<R>(key, child), CountStar)
    }
}

fn children_of<R>(keys: Vec<SourceKey<R>>) -> ChildrenOf<R>
where
    R: OneToManyRowDecl,
    TargetTable<R>: FilterDsl<RowIn<ChildFk<R>, SourceKey<R>>>,
{
    FilterDsl::filter(
        TargetTable::<R>::default(),
        RowIn::new(ChildFk::<R>::default(), keys),
    )
}

fn one_child<R>(key: SourceKey<R>, child: TargetKey<R>) -> OneChild<R>
where
    R: OneToManyRowDecl,
    TargetTable<R>: FilterDsl<PkIn<R::Target>>,
    Filter<TargetTable<R>, PkIn<R::Target>>: FilterDsl<RowEq<ChildFk<R>, SourceKey<R>>>,
{
    let one = FilterDsl::filter(TargetTable::<R>::default(), pk_in::<R::Target>(vec![child]));
    FilterDsl::filter(one, RowEq::new(ChildFk::<R>::default(), key))
}

/// A composite collection with a delete cascade into another model: its
/// rows are deleted with their own cascades.
#[doc(hidden)]
pub struct RowChildren<R>(PhantomData<R>);
/// A composite collection with a delete cascade into the model's own table.
#[doc(hidden)]
pub struct RowOwnChildren<R>(PhantomData<R>);
/// A composite collection without a delete cascade: every column of its
/// foreign key is set to NULL, or the delete is refused where one cannot be.
#[doc(hidden)]
pub struct RowDetach<R>(PhantomData<R>);

impl<M, C, Mo, R> CascadeList<M, C, Mo> for RowChildren<R>
where
    M: Model,
    C: Transact<Mo> + Load<Mo, R::ChildKeys, TargetKey<R>> + Execute<Mo, R::Nullify> + Send,
    WriteDb<C, Mo>: KeyList,
    R: ChildStatements<SeveralColumns, Source = M, Key = M::Key>,
    R::Target: DeleteIn<C, Mo>,
    R::Nullify: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        _: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        delete_children::<SeveralColumns, R, C, Mo>(conn, keys, Some(R::Target::delete_in))
    }
    fn passive() -> Via {
        passive::<SeveralColumns, R>()
    }
}

impl<M, C, Mo, R> CascadeList<M, C, Mo> for RowOwnChildren<R>
where
    M: Model,
    C: Transact<Mo> + Load<Mo, R::ChildKeys, M::Key> + Execute<Mo, R::Nullify> + Send,
    WriteDb<C, Mo>: KeyList,
    R: ChildStatements<SeveralColumns, Source = M, Target = M, Key = M::Key>,
    R::Nullify: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        this: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        delete_children::<SeveralColumns, R, C, Mo>(conn, keys, Some(this))
    }
    fn passive() -> Via {
        passive::<SeveralColumns, R>()
    }
}

impl<M, C, Mo, R> CascadeList<M, C, Mo> for RowDetach<R>
where
    M: Model,
    C: Transact<Mo> + Load<Mo, R::ChildKeys, TargetKey<R>> + Execute<Mo, R::Nullify> + Send,
    WriteDb<C, Mo>: KeyList,
    R: ChildStatements<SeveralColumns, Source = M, Key = M::Key>,
    R::Nullify: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        _: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        // The derive lists a delete cascade as RowChildren or RowOwnChildren.
        delete_children::<SeveralColumns, R, C, Mo>(conn, keys, None)
    }
    fn passive() -> Via {
        passive::<SeveralColumns, R>()
    }
}

impl<R> ToManyRows<R>
where
    R: ChildStatements<SeveralColumns, Key = SourceKey<R>> + OneToManyRowDecl,
{
    /// Removes `child` from this parent's collection, as the one-column
    /// [`crate::lazy::ToMany::remove`] does: with `delete-orphan` the child
    /// is deleted (with its own cascades), otherwise every column of its
    /// foreign key is set to NULL; a key with a NOT NULL column and no
    /// `delete-orphan` is [`RelationError::RemoveRestricted`](crate::RelationError::RemoveRestricted) and nothing
    /// changes. Returns whether `child` was in the collection (a child of
    /// another parent is `Ok(false)`, untouched).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// use diesel_relations::Relations;
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
    /// #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id),
    ///                back_populates = authorship, cascade = "all, delete-orphan")]
    /// pub struct Authorship {
    ///     pub author_id: i32,
    ///     pub book_id: i32,
    /// }
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
    /// #[diesel(table_name = signoffs)]
    /// #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
    /// pub struct Signoff {
    ///     pub id: i32,
    ///     pub author_id: i32,
    ///     pub book_id: i32,
    ///     pub note: String,
    /// }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let conn = &mut connection();
    /// let link = Authorship { author_id: 2, book_id: 1 };
    /// link.signoffs().insert(conn, [(signoffs::id.eq(1), signoffs::note.eq("a"))])?;
    /// let other = Signoff { id: 2, author_id: 1, book_id: 1, note: "b".into() };
    /// diesel::insert_into(signoffs::table).values(&other).execute(conn)?;
    /// let mine = link.signoffs().load(conn)?.remove(0);
    /// // delete-orphan: the removed sign-off is deleted; another link's is not touched.
    /// assert!(link.signoffs().remove(conn, &mine)?);
    /// assert!(!link.signoffs().remove(conn, &other)?);
    /// let left: Vec<i32> = signoffs::table.select(signoffs::id).load(conn)?;
    /// assert_eq!(left, [2]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn remove<C>(&self, conn: &mut C, child: &R::Target) -> Result<bool>
    where
        C: Connection + Execute<Blocking, R::Release> + Load<Blocking, R::IsMember, i64>,
        C::Backend: LinkWrites,
        R::Target: DeleteIn<C, Blocking>,
    {
        block(self.remove_in::<Blocking, C>(conn, child))
    }

    /// [`ToManyRows::remove`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// use diesel_relations::Relations;
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    /// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
    /// #[relationship(signoffs: Vec<Signoff>, foreign_key = (signoffs::author_id, signoffs::book_id), back_populates = authorship)]
    /// pub struct Authorship {
    ///     pub author_id: i32,
    ///     pub book_id: i32,
    /// }
    ///
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
    /// #[diesel(table_name = signoffs)]
    /// #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = signoffs)]
    /// pub struct Signoff {
    ///     pub id: i32,
    ///     pub author_id: i32,
    ///     pub book_id: i32,
    ///     pub note: String,
    /// }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// let conn = &mut async_connection();
    /// let link = Authorship { author_id: 2, book_id: 1 };
    /// let note = Signoff { id: 1, author_id: 2, book_id: 1, note: "a".into() };
    /// // NOT NULL columns and no delete-orphan: refused, nothing changed.
    /// let refused = link.signoffs().remove_async(conn, &note).await;
    /// assert!(matches!(refused, Err(diesel_relations::RelationError::RemoveRestricted { .. })));
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn remove_async<'a, C>(
        &self,
        conn: &'a mut C,
        child: &R::Target,
    ) -> impl Future<Output = Result<bool>> + Send + 'a
    where
        C: diesel_async::AsyncConnection
            + Execute<crate::exec::Async, R::Release>
            + Load<crate::exec::Async, R::IsMember, i64>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        R::Target: DeleteIn<C, crate::exec::Async>,
        R::Release: Send,
        R::IsMember: Send,
    {
        self.remove_in::<crate::exec::Async, C>(conn, child)
    }

    /// [`ToManyRows::remove`], in mode `M`, in a savepoint.
    fn remove_in<'a, M, C>(
        &self,
        conn: &'a mut C,
        child: &R::Target,
    ) -> impl Future<Output = Result<bool>> + 'a
    where
        C: Transact<M> + Execute<M, R::Release> + Load<M, R::IsMember, i64>,
        WriteDb<C, M>: LinkWrites,
        R::Target: DeleteIn<C, M>,
    {
        remove_child::<SeveralColumns, R, M, C>(conn, self.key().clone(), child)
    }
}
