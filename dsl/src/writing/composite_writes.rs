//! Writes through a collection whose foreign key is several columns
//! (`foreign_key = (children::a, children::b)`, [`ToManyRows`]): `insert`
//! sets every column of the foreign key from the parent's composite key,
//! in one multi-row INSERT inside a savepoint, like the one-column
//! [`crate::lazy::ToMany::insert`].

use crate::composite::ToManyRows;
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Execute, Transact, WriteDb};
use crate::relationship::{Model, OneToManyRowDecl, Relationship};
use crate::tx;
use crate::upkeep::{LinkWrites, MultiRow, MultiRowInsert};
use diesel::dsl::{insert_into, Values};
use diesel::expression::AsExpression;
use diesel::sql_types::{SingleValue, SqlType};
use diesel::{Column, Connection, Expression, ExpressionMethods, Insertable};
use std::future::Future;

/// The foreign key columns of a composite collection, given the parent's
/// key: the `(a = k0, b = k1, ..)` a child row is inserted with, so that
/// no column of the key is left to the caller's values.
///
/// ```
/// use diesel_relations::composite_writes::AssignRow;
/// diesel::table! { lines (order_id, line_no) { order_id -> Integer, line_no -> Integer, } }
/// let assign = (lines::order_id, lines::line_no).assign_row((1, 2));
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(
///     &diesel::insert_into(lines::table).values(assign),
/// )
/// .to_string();
/// assert!(sql.starts_with("INSERT INTO `lines` (`order_id`, `line_no`) VALUES (?, ?)"));
/// ```
pub trait AssignRow<K> {
    /// The tuple of `column = value` assignments.
    type Assign;
    /// Each column set to its component of `key`.
    fn assign_row(self, key: K) -> Self::Assign;
}

macro_rules! assign_row {
    ($(($($c:ident $k:ident $i:tt),+))*) => {$(
        impl<$($c,)+ $($k,)+> AssignRow<($($k,)+)> for ($($c,)+)
        where
            $($c: Column + Expression<SqlType: SqlType + SingleValue>, $k: AsExpression<<$c as Expression>::SqlType>,)+
        {
            type Assign = ($(diesel::dsl::Eq<$c, $k>,)+);
            fn assign_row(self, key: ($($k,)+)) -> Self::Assign {
                ($(self.$i.eq(key.$i),)+)
            }
        }
    )*};
}

assign_row! {
    (A KA 0, B KB 1)
    (A KA 0, B KB 1, C KC 2)
    (A KA 0, B KB 1, C KC 2, D KD 3)
}

type TargetTable<R> = <<R as Relationship>::Target as Model>::Table;
type SourceKey<R> = <<R as Relationship>::Source as Model>::Key;
/// The assignments of a composite collection's foreign key.
pub type AssignOf<R> = <<R as OneToManyRowDecl>::ForeignKey as AssignRow<SourceKey<R>>>::Assign;
/// One child row to insert: the foreign key's columns, then the caller's values.
pub type ChildRowOf<R, V> = (AssignOf<R>, V);
/// The INSERT of children rows `V` through a composite collection.
pub type InsertRows<R, V> = Values<insert_into<TargetTable<R>>, Vec<ChildRowOf<R, V>>>;

impl<R> ToManyRows<R>
where
    R: OneToManyRowDecl,
    R::ForeignKey: AssignRow<SourceKey<R>>,
{
    /// Inserts children of this parent in one multi-row INSERT, every
    /// column of the foreign key set to the parent's key; `rows` leave
    /// those columns out. A parent that does not exist is
    /// [`RelationError::ForeignKeyViolation`] naming the relationship, and
    /// nothing is inserted.
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
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
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
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
    /// let added = link.signoffs().insert(conn, [
    ///     (signoffs::id.eq(7), signoffs::note.eq("seen")),
    ///     (signoffs::id.eq(8), signoffs::note.eq("ok")),
    /// ])?;
    /// assert_eq!(added, 2);
    /// let notes = link.signoffs().load(conn)?;
    /// assert_eq!(notes.iter().map(|n| (n.id, n.author_id, n.book_id)).collect::<Vec<_>>(),
    ///            [(7, 2, 1), (8, 2, 1)]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn insert<C, V>(&self, conn: &mut C, rows: impl IntoIterator<Item = V>) -> Result<usize>
    where
        C: Connection,
        C::Backend: LinkWrites + MultiRowInsert<C, InsertRows<R, V>>,
        Vec<ChildRowOf<R, V>>: Insertable<TargetTable<R>>,
    {
        block(self.insert_in::<Blocking, C, V, _>(conn, rows, MultiRow))
    }

    /// [`ToManyRows::insert`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`), as the one-column
    /// [`crate::lazy::ToMany::insert_async`].
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
    /// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
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
    /// let added = link.signoffs().insert_async(conn, [(signoffs::id.eq(7), signoffs::note.eq("seen"))]).await?;
    /// assert_eq!(added, 1);
    /// let notes = link.signoffs().load_async(conn).await?;
    /// assert_eq!(notes.iter().map(|n| (n.id, n.author_id, n.book_id)).collect::<Vec<_>>(), [(7, 2, 1)]);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    pub fn insert_async<'a, C, V>(
        &self,
        conn: &'a mut C,
        rows: impl IntoIterator<Item = V>,
    ) -> impl Future<Output = Result<usize>> + Send + 'a
    where
        C: diesel_async::AsyncConnection + Execute<crate::exec::Async, InsertRows<R, V>>,
        WriteDb<C, crate::exec::Async>: LinkWrites,
        Vec<ChildRowOf<R, V>>: Insertable<TargetTable<R>, Values: Send> + Send + 'a,
        InsertRows<R, V>: Send,
        V: 'a,
    {
        self.insert_in::<crate::exec::Async, C, V, _>(conn, rows, std::convert::identity)
    }

    /// The INSERT of [`ToManyRows::insert`], in mode `M`; `wrap` gives the
    /// statement its mode's executor.
    fn insert_in<'a, M, C, V, Q>(
        &self,
        conn: &'a mut C,
        rows: impl IntoIterator<Item = V>,
        wrap: fn(InsertRows<R, V>) -> Q,
    ) -> impl Future<Output = Result<usize>> + 'a
    where
        C: Transact<M> + Execute<M, Q>,
        Q: 'a,
        WriteDb<C, M>: LinkWrites,
        Vec<ChildRowOf<R, V>>: Insertable<TargetTable<R>> + 'a,
        V: 'a,
    {
        let rows: Vec<ChildRowOf<R, V>> = rows
            .into_iter()
            .map(|row| (R::ForeignKey::default().assign_row(self.key().clone()), row))
            .collect();
        async move {
            if rows.is_empty() {
                return Ok(0);
            }
            // A savepoint inside the caller's transaction, as for one column.
            let nested = tx::begin::<M, C>(conn, R::full_name()).await?;
            let statement = insert_into(<TargetTable<R> as Default>::default()).values(rows);
            let result = Execute::<M, _>::execute(conn, wrap(statement))
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::FOREIGN_KEY, e));
            tx::finish::<M, C, _>(conn, R::full_name(), nested, result).await
        }
    }
}
