//! Deleting a row the way its relationships say (SQLAlchemy's
//! `session.delete(obj)` with each relationship's `cascade`).
//!
//! For each relationship of the deleted model, in one transaction:
//! - a collection or one-to-one with `cascade = "all"`/`"delete"` deletes the
//!   children first, each with its own cascades;
//! - without a delete cascade, a nullable foreign key is set to NULL, and a
//!   NOT NULL one refuses with [`RelationError::DeleteRestricted`], nothing
//!   changed;
//! - a many-to-many deletes the association rows;
//! - `passive_deletes` leaves all of it to the database's ON DELETE;
//! - a collection another model declared onto this one with `backref`
//!   (`Player.team .. backref = players` declares `Team.players`) has
//!   SQLAlchemy's default cascade, so its foreign keys are set to NULL, or
//!   the delete is refused where they cannot be. The model's own derive
//!   cannot see it, so the delete finds it in the [registry](crate::registry)
//!   and writes its statements from the names there (`ReleaseBackref`,
//!   `CountBackref`).
//!
//! The derive states only which relationships take part ([`Cascades`]);
//! [`Delete`] is implemented here, generically, so rustc checks the
//! deletes' queries where a program deletes, not where models are declared.
//!
//! Every statement takes its keys in runs the backend can carry
//! ([`crate::keys::chunks`]): one bound list on SQLite and PostgreSQL, runs
//! under the bind and packet limits on MySQL/MariaDB. An error names the
//! relationship it happened in and its foreign key (`Customer.invoices`,
//! `invoices.customer_id`), the children's own `DELETE` included.
//! A cascade into the model's own table (an employee's reports) recurses
//! through the function being defined instead of through a bound, since a
//! bound on itself never resolves in rustc's trait solver (E0275). A cycle
//! of delete cascades through several models is refused by
//! [`crate::checks`] already; rustc refuses it too (E0275) where a program
//! deletes along it.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::{delete, delete_all};
//! let conn = &mut connection();
//! // Customer.invoices and Invoice.lines have cascade = "all": one call, one
//! // transaction, Alice's invoices and their lines first.
//! let alice: Customer = customers::table.find(1).select(Customer::as_select()).first(conn)?;
//! assert_eq!(delete(conn, &alice)?, 1);
//! assert_eq!(invoice_lines::table.count().get_result::<i64>(conn)?, 0);
//!
//! // Employee.reports has no cascade and a nullable key: reports_to is set to NULL.
//! let managers: Vec<Employee> = employees::table.filter(employees::id.le(2)).select(Employee::as_select()).load(conn)?;
//! assert_eq!(delete_all(conn, &managers)?, 2);
//! let left: Vec<Option<i32>> = employees::table.select(employees::reports_to).load(conn)?;
//! assert_eq!(left, [None, None]);
//! # Ok(())
//! # }
//! ```

use crate::children::{delete_children, passive};
// Defined beside the step that takes them, which this module calls.
pub use crate::children::{Boxed, DeleteFn, DeleteIn, Via};
use crate::eager::chunk_size;
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Execute, Load, Transact, WriteDb};
use crate::keys::{chunks, KeyIn, KeyList};
use crate::parent_keys::ParentKeys;
use crate::relationship::{ManyToMany, Model, OneColumn, OneToMany, OneToManyDecl};
use crate::rows::{key_chunk, pk_in, PkIn};
use crate::tx;
use crate::upkeep::LinkWrites;
use diesel::dsl::Filter;
use diesel::query_builder::IntoUpdateTarget;
use diesel::query_dsl::methods::FilterDsl;
use diesel::{Connection, RunQueryDsl, Table};
use std::future::Future;
use std::marker::PhantomData;

/// A model that can be deleted with its relationships' cascades on `C`.
pub trait Delete<C: Connection>: DeleteIn<C, Blocking> {
    /// Deletes the rows with these keys, cascades first. Runs in the
    /// caller's transaction; use [`delete`] for a transaction of its own.
    fn delete_keys(conn: &mut C, keys: Vec<Self::Key>) -> Result<usize> {
        Self::delete_keys_via(conn, keys, None)
    }

    /// [`Delete::delete_keys`], for rows a cascade deletes through `via`
    /// (`Model.relationship`, `table.foreign_key`), which an error of their
    /// own `DELETE` names; `None` for rows the caller deletes, whose error
    /// names the relationship the database's ON DELETE answers for (a
    /// `passive_deletes` one), if the model declares one.
    #[doc(hidden)]
    fn delete_keys_via(conn: &mut C, keys: Vec<Self::Key>, via: Via) -> Result<usize> {
        block(Self::delete_in(conn, keys, via))
    }
}

impl<C: Connection, M: DeleteIn<C, Blocking>> Delete<C> for M {}

/// Deletes `row` and applies its relationships' cascades, in one
/// transaction. Returns the number of rows of `row`'s table deleted (0 if it
/// was already gone).
/// If the database rolls the transaction back meanwhile (a deadlock), the
/// error is [`RelationError::TransactionAborted`] and nothing the caller
/// does afterwards in its transaction commits (see `writing::tx`).
pub fn delete<C, M>(conn: &mut C, row: &M) -> Result<usize>
where
    C: Connection,
    C::Backend: LinkWrites,
    M: Delete<C>,
{
    delete_all(conn, std::slice::from_ref(row))
}

/// [`delete`] for several rows of one model, in one transaction.
pub fn delete_all<C, M>(conn: &mut C, rows: &[M]) -> Result<usize>
where
    C: Connection,
    C::Backend: LinkWrites,
    M: Delete<C>,
{
    block(delete_all_in::<Blocking, C, M>(conn, rows))
}

/// [`delete`] on a `diesel_async` connection (feature `async`; the future
/// is `Send`).
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
/// use diesel_relations::{delete_all_async, delete_async};
/// let conn = &mut async_connection();
/// let alice = Customer { id: 1, name: "Alice".into() };
/// // Her invoices and their lines first, in one transaction.
/// assert_eq!(delete_async(conn, &alice).await?, 1);
/// let lines: i64 = diesel_async::RunQueryDsl::get_result(invoice_lines::table.count(), conn).await?;
/// assert_eq!(lines, 0);
/// let managers = [Employee { id: 1, name: "Grace".into(), reports_to: None }];
/// assert_eq!(delete_all_async(conn, &managers).await?, 1);
/// # Ok(()) }) }
/// ```
#[cfg(feature = "async")]
pub fn delete_async<'a, C, M>(
    conn: &'a mut C,
    row: &M,
) -> impl Future<Output = Result<usize>> + Send + 'a
where
    C: diesel_async::AsyncConnection,
    WriteDb<C, crate::exec::Async>: LinkWrites,
    M: DeleteIn<C, crate::exec::Async>,
{
    delete_all_in::<crate::exec::Async, C, M>(conn, std::slice::from_ref(row))
}

/// [`delete_all`] on a `diesel_async` connection (feature `async`; the
/// future is `Send`): see [`delete_async`].
#[cfg(feature = "async")]
pub fn delete_all_async<'a, C, M>(
    conn: &'a mut C,
    rows: &[M],
) -> impl Future<Output = Result<usize>> + Send + 'a
where
    C: diesel_async::AsyncConnection,
    WriteDb<C, crate::exec::Async>: LinkWrites,
    M: DeleteIn<C, crate::exec::Async>,
{
    delete_all_in::<crate::exec::Async, C, M>(conn, rows)
}

/// [`delete_all`], in mode `Mo`.
fn delete_all_in<'a, Mo, C, M>(
    conn: &'a mut C,
    rows: &[M],
) -> impl Future<Output = Result<usize>> + 'a
where
    C: Transact<Mo>,
    WriteDb<C, Mo>: LinkWrites,
    M: DeleteIn<C, Mo>,
{
    let keys: Vec<M::Key> = rows.iter().map(Model::primary_key).collect();
    async move {
        let nested = tx::begin::<Mo, C>(conn, M::MODEL).await?;
        let result = M::delete_in(conn, keys, None).await;
        tx::finish::<Mo, C, _>(conn, M::MODEL, nested, result).await
    }
}

/// The relationships a model's delete walks, as the derive lists them: a
/// cons list `(Step, (Step, ()))` of [`Children`], [`OwnChildren`],
/// [`Detach`] and [`Unlink`].
#[doc(hidden)]
pub trait Cascades: Model {
    type List;
}

/// `DELETE FROM table WHERE pk IN (keys)`.
#[doc(hidden)]
pub type DeleteRows<M> = diesel::dsl::delete<Filter<<M as Model>::Table, PkIn<M>>>;

impl<M, C, Mo> DeleteIn<C, Mo> for M
where
    M: Cascades<KeyForm: BackrefForm>,
    C: Transact<Mo>
        + Execute<Mo, DeleteRows<M>>
        + Execute<Mo, ReleaseBackref<M>>
        + Load<Mo, CountBackref<M>, i64>
        + Send,
    WriteDb<C, Mo>: KeyList,
    M::List: CascadeList<M, C, Mo>,
    M::Table: FilterDsl<PkIn<M>>,
    Filter<M::Table, PkIn<M>>: IntoUpdateTarget,
    DeleteRows<M>: Send,
{
    fn delete_in(conn: &mut C, keys: Vec<M::Key>, via: Via) -> Boxed<'_, usize> {
        Box::pin(async move {
            if keys.is_empty() {
                return Ok(0);
            }
            M::List::run(conn, &keys, M::delete_in).await?;
            for collection in crate::registry::declared_onto(&M::DECL) {
                backref::<M, C, Mo>(conn, collection, &keys).await?;
            }
            let named = via.or_else(M::List::passive);
            let err = |e: diesel::result::Error| {
                let (relationship, foreign_key) = named
                    .or_else(|| referrer::<M>(&e))
                    .unwrap_or((M::MODEL, M::TABLE));
                RelationError::from_diesel(relationship, foreign_key, e)
            };
            let mut deleted = 0;
            let per_statement = key_chunk::<M, WriteDb<C, Mo>>(chunk_size::<WriteDb<C, Mo>>());
            for run in chunks::<WriteDb<C, Mo>, _>(&keys, per_statement) {
                let rows = diesel::delete(FilterDsl::filter(
                    M::Table::default(),
                    pk_in::<M>(run.to_vec()),
                ));
                deleted += Execute::<Mo, _>::execute(conn, rows).await.map_err(err)?;
            }
            Ok(deleted)
        })
    }
}

/// The relationship of another model whose foreign key points at `M`'s
/// table, for a `DELETE` of `M`'s rows the database refused: one of
/// `M`'s own relationships would have been handled before it (or named by
/// [`CascadeList::passive`]), so it is a foreign key that another model
/// declares on the same table (`shop::Customer.orders` when an
/// `invoicing::Customer` is deleted), or one only the other side declares
/// (`Order.customer`). Where several could be, the one whose table the
/// database's message names; `None` if the program declares none.
fn referrer<M: Model>(error: &diesel::result::Error) -> Option<(&'static str, &'static str)> {
    use crate::registry::RelationshipKind;
    let diesel::result::Error::DatabaseError(_, info) = error else {
        return None;
    };
    let message = info.message();
    let own = M::DECL;
    let all = crate::registry::relationships();
    let is_own =
        |r: &&&crate::registry::RelationshipInfo| r.model == own.model && r.module == own.module;
    // The foreign keys of `M`'s own relationships were handled already,
    // and so were those of their other sides.
    let handled: Vec<_> = all
        .iter()
        .filter(is_own)
        .filter_map(|r| r.foreign_key)
        .collect();
    let candidates: Vec<_> = all
        .iter()
        .filter(|r| !is_own(r))
        .filter(|r| r.foreign_key.is_some_and(|fk| !handled.contains(&fk)))
        .filter(|r| match r.kind {
            RelationshipKind::OneToMany | RelationshipKind::OneToOne => r.table == M::TABLE,
            RelationshipKind::ManyToOne => r.target_table == M::TABLE,
            RelationshipKind::ManyToMany => false,
        })
        .collect();
    let chosen = candidates
        .iter()
        .find(|r| r.foreign_key.is_some_and(|fk| message.contains(fk.table)))
        .or(candidates.first())?;
    let fk = chosen.foreign_key?;
    Some((
        interned(format!("{}.{}", chosen.model, chosen.name)),
        interned(fk.to_string()),
    ))
}

/// `name` as a `&'static str`, made once per distinct name (a program
/// declares finitely many relationships): what an error's fields hold.
fn interned(name: String) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

/// The steps of a [`Cascades`] list, run in order, in mode `Mo`.
#[doc(hidden)]
pub trait CascadeList<M: Model, C, Mo> {
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        this: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a;
    /// The first step the database's ON DELETE answers for
    /// (`passive_deletes`): what an error of the model's own `DELETE`
    /// names when a caller deletes.
    fn passive() -> Via {
        None
    }
}

impl<M: Model, C, Mo> CascadeList<M, C, Mo> for () {
    fn run<'a>(
        _: &'a mut C,
        _: &'a [M::Key],
        _: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        std::future::ready(Ok(()))
    }
}

impl<M: Model, C: Send, Mo, H, T> CascadeList<M, C, Mo> for (H, T)
where
    H: CascadeList<M, C, Mo>,
    T: CascadeList<M, C, Mo>,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        this: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        async move {
            H::run(conn, keys, this).await?;
            T::run(conn, keys, this).await
        }
    }
    fn passive() -> Via {
        H::passive().or_else(T::passive)
    }
}

/// A collection with a delete cascade into another model: its rows are
/// deleted with their own cascades.
#[doc(hidden)]
pub struct Children<R>(PhantomData<R>);
/// A collection with a delete cascade into the model's own table.
#[doc(hidden)]
pub struct OwnChildren<R>(PhantomData<R>);
/// A collection without a delete cascade: its foreign keys are set to NULL,
/// or the delete is refused where they cannot be.
#[doc(hidden)]
pub struct Detach<R>(PhantomData<R>);
/// A many-to-many: its association rows are deleted.
#[doc(hidden)]
pub struct Unlink<R>(PhantomData<R>);

impl<M, C, Mo, R> CascadeList<M, C, Mo> for Children<R>
where
    M: Model,
    C: Transact<Mo>
        + Load<Mo, R::ChildKeys, <R::Target as Model>::Key>
        + Execute<Mo, R::Nullify>
        + Send,
    WriteDb<C, Mo>: KeyList,
    R: OneToMany<Source = M> + OneToManyDecl,
    <R as OneToManyDecl>::Parent: ParentKeys<M, C, R::Key, Mo>,
    R::Target: DeleteIn<C, Mo>,
    R::Nullify: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        _: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        async move {
            let keys = <R as OneToManyDecl>::Parent::existing(conn, keys, R::full_name()).await?;
            delete_children::<OneColumn, R, C, Mo>(conn, &keys, Some(R::Target::delete_in)).await
        }
    }
    fn passive() -> Via {
        passive::<OneColumn, R>()
    }
}

impl<M, C, Mo, R> CascadeList<M, C, Mo> for OwnChildren<R>
where
    M: Model,
    C: Transact<Mo> + Load<Mo, R::ChildKeys, M::Key> + Execute<Mo, R::Nullify> + Send,
    WriteDb<C, Mo>: KeyList,
    R: OneToMany<Source = M, Target = M> + OneToManyDecl,
    <R as OneToManyDecl>::Parent: ParentKeys<M, C, R::Key, Mo>,
    R::Nullify: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        this: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        async move {
            let keys = <R as OneToManyDecl>::Parent::existing(conn, keys, R::full_name()).await?;
            delete_children::<OneColumn, R, C, Mo>(conn, &keys, Some(this)).await
        }
    }
    fn passive() -> Via {
        passive::<OneColumn, R>()
    }
}

impl<M, C, Mo, R> CascadeList<M, C, Mo> for Detach<R>
where
    M: Model,
    C: Transact<Mo>
        + Load<Mo, R::ChildKeys, <R::Target as Model>::Key>
        + Execute<Mo, R::Nullify>
        + Send,
    WriteDb<C, Mo>: KeyList,
    R: OneToMany<Source = M> + OneToManyDecl,
    <R as OneToManyDecl>::Parent: ParentKeys<M, C, R::Key, Mo>,
    R::Nullify: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        _: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        async move {
            let keys = <R as OneToManyDecl>::Parent::existing(conn, keys, R::full_name()).await?;
            // The derive lists a delete cascade as Children or OwnChildren.
            delete_children::<OneColumn, R, C, Mo>(conn, &keys, None).await
        }
    }
    fn passive() -> Via {
        passive::<OneColumn, R>()
    }
}

impl<M, C, Mo, R> CascadeList<M, C, Mo> for Unlink<R>
where
    M: Model,
    C: Transact<Mo> + Execute<Mo, R::UnlinkSources> + Send,
    WriteDb<C, Mo>: KeyList,
    R: ManyToMany<Source = M>,
    R::SourceLink: ParentKeys<M, C, R::SourceKey, Mo>,
    R::UnlinkSources: Send,
{
    fn run<'a>(
        conn: &'a mut C,
        keys: &'a [M::Key],
        _: DeleteFn<C, M>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        async move {
            if R::PASSIVE_DELETES || R::VIEWONLY {
                return Ok(());
            }
            // The values the association rows hold: the keys themselves, or
            // the sources' UNIQUE column read by their keys (`references`).
            let keys = R::SourceLink::existing(conn, keys, R::full_name()).await?;
            many_to_many::<R, C, Mo>(conn, &keys).await
        }
    }
    fn passive() -> Via {
        R::PASSIVE_DELETES.then(|| (R::full_name(), R::SECONDARY))
    }
}

/// The association rows of the deleted sources.
fn many_to_many<'a, R, C, Mo>(
    conn: &'a mut C,
    keys: &'a [R::SourceKey],
) -> impl Future<Output = Result<()>> + Send + 'a
where
    R: ManyToMany,
    C: Transact<Mo> + Execute<Mo, R::UnlinkSources> + Send,
    WriteDb<C, Mo>: KeyList,
    R::UnlinkSources: Send,
{
    async move {
        if R::PASSIVE_DELETES || R::VIEWONLY {
            return Ok(());
        }
        for run in chunks::<WriteDb<C, Mo>, _>(keys, chunk_size::<WriteDb<C, Mo>>()) {
            Execute::<Mo, _>::execute(conn, R::unlink_sources(run.to_vec()))
                .await
                .map_err(|e| RelationError::from_diesel(R::full_name(), R::SECONDARY, e))?;
        }
        Ok(())
    }
}

/// A primary key's SQL type.
type KeyType<M> = <<<M as Model>::Table as Table>::PrimaryKey as diesel::Expression>::SqlType;

/// Sets a backref collection's foreign key to NULL in the rows pointing at
/// these keys: `UPDATE children SET fk = NULL WHERE fk IN (keys)`.
#[doc(hidden)]
pub type ReleaseBackref<M> = BackrefRows<BackrefKeys<M>, true>;
/// Counts the rows of a backref collection pointing at these keys:
/// `SELECT COUNT(*) FROM children WHERE fk IN (keys)`.
#[doc(hidden)]
pub type CountBackref<M> = BackrefRows<BackrefKeys<M>, false>;

/// `fk IN (keys)` of a backref's statement: [`KeyIn`] over the foreign key,
/// by its name, for a model keyed by one column.
#[doc(hidden)]
pub type BackrefKeys<M> =
    <<M as Model>::KeyForm as BackrefForm>::Keys<KeyType<M>, <M as Model>::Key>;

/// How a backref's statement names the deleted keys, by the form of the
/// model's key. A backref's foreign key is one column, which cannot
/// reference a composite key (the checker refuses one): a model keyed by
/// several columns has no backref, and its statement is an error if one
/// were ever written ([`NoBackref`]).
#[doc(hidden)]
pub trait BackrefForm {
    type Keys<ST, K>;
    fn keys<ST, K>(column: NamedColumn<ST>, keys: Vec<K>) -> Self::Keys<ST, K>;
}

impl BackrefForm for crate::relationship::OneColumn {
    type Keys<ST, K> = KeyIn<NamedColumn<ST>, K>;
    fn keys<ST, K>(column: NamedColumn<ST>, keys: Vec<K>) -> Self::Keys<ST, K> {
        KeyIn::new(column, keys)
    }
}

impl BackrefForm for crate::relationship::SeveralColumns {
    type Keys<ST, K> = NoBackref;
    fn keys<ST, K>(_: NamedColumn<ST>, _: Vec<K>) -> NoBackref {
        NoBackref
    }
}

/// The keys of a backref onto a model with a composite key: rendering
/// them is an error (see [`BackrefForm`]).
#[doc(hidden)]
pub struct NoBackref;

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for NoBackref {
    fn walk_ast<'b>(
        &'b self,
        _: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> diesel::QueryResult<()> {
        Err(diesel::result::Error::QueryBuilderError(
            "a backref's one-column foreign key cannot point at a composite primary key".into(),
        ))
    }
}

/// A statement on the rows of a backref collection, named by the registry:
/// `RELEASE` sets their foreign key to NULL, otherwise it counts them. The
/// keys are bound with the parent key's SQL type, which the foreign key
/// shares.
#[doc(hidden)]
pub struct BackrefRows<Keys, const RELEASE: bool> {
    schema: &'static str,
    table: &'static str,
    column: &'static str,
    keys: Keys,
}

/// The statement on `foreign_key`'s rows pointing at `keys` of `M`.
fn backref_rows<M, const RELEASE: bool>(
    foreign_key: crate::registry::ColumnRef,
    keys: Vec<M::Key>,
) -> BackrefRows<BackrefKeys<M>, RELEASE>
where
    M: Model<KeyForm: BackrefForm>,
{
    let column = NamedColumn {
        column: foreign_key.column,
        sql_type: PhantomData,
    };
    BackrefRows {
        schema: foreign_key.schema,
        table: foreign_key.table,
        column: foreign_key.column,
        keys: <M::KeyForm as BackrefForm>::keys(column, keys),
    }
}

impl<Keys, const RELEASE: bool> diesel::query_builder::QueryId for BackrefRows<Keys, RELEASE> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Keys> diesel::query_builder::Query for BackrefRows<Keys, false> {
    type SqlType = diesel::sql_types::BigInt;
}

impl<Keys, C, const RELEASE: bool> RunQueryDsl<C> for BackrefRows<Keys, RELEASE> {}

impl<Keys, DB, const RELEASE: bool> diesel::query_builder::QueryFragment<DB>
    for BackrefRows<Keys, RELEASE>
where
    DB: diesel::backend::Backend,
    Keys: diesel::query_builder::QueryFragment<DB>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> diesel::QueryResult<()> {
        if RELEASE {
            out.push_sql("UPDATE ");
            crate::relationship::push_qualified(&mut out, self.schema, self.table)?;
            out.push_sql(" SET ");
            out.push_identifier(self.column)?;
            out.push_sql(" = NULL");
        } else {
            out.push_sql("SELECT COUNT(*) FROM ");
            crate::relationship::push_qualified(&mut out, self.schema, self.table)?;
        }
        out.push_sql(" WHERE ");
        self.keys.walk_ast(out.reborrow())
    }
}

/// A column known by its SQL name only, typed `ST`.
#[doc(hidden)]
pub struct NamedColumn<ST> {
    column: &'static str,
    sql_type: PhantomData<ST>,
}

impl<ST> diesel::Expression for NamedColumn<ST>
where
    ST: diesel::sql_types::SqlType + diesel::expression::TypedExpressionType,
{
    type SqlType = ST;
}

impl<ST, DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB>
    for NamedColumn<ST>
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> diesel::QueryResult<()> {
        out.push_identifier(self.column)
    }
}

/// The rows of `collection`, a collection another model declared onto `M`
/// by `backref`, that point at the deleted `keys`: with SQLAlchemy's
/// default cascade (a backref has no other), their foreign key is set to
/// NULL, or, NOT NULL, the delete is refused with
/// [`RelationError::DeleteRestricted`] naming the collection.
async fn backref<M, C, Mo>(
    conn: &mut C,
    collection: &'static crate::registry::RelationshipInfo,
    keys: &[M::Key],
) -> Result<()>
where
    M: Model<KeyForm: BackrefForm>,
    C: Transact<Mo> + Execute<Mo, ReleaseBackref<M>> + Load<Mo, CountBackref<M>, i64>,
    WriteDb<C, Mo>: KeyList,
{
    let Some(foreign_key) = collection.foreign_key else {
        return Ok(());
    };
    let relationship = interned(collection.full_name());
    let fk_name = interned(foreign_key.to_string());
    let err = |e| RelationError::from_diesel(relationship, fk_name, e);
    let runs = || chunks::<WriteDb<C, Mo>, _>(keys, chunk_size::<WriteDb<C, Mo>>());
    if collection.nullable {
        for run in runs() {
            let release = backref_rows::<M, true>(foreign_key, run.to_vec());
            Execute::<Mo, _>::execute(conn, release)
                .await
                .map_err(err)?;
        }
        return Ok(());
    }
    let mut count = 0;
    for run in runs() {
        let counted = backref_rows::<M, false>(foreign_key, run.to_vec());
        let rows: Vec<i64> = Load::<Mo, _, _>::all(conn, counted).await.map_err(err)?;
        count += rows.into_iter().sum::<i64>();
    }
    if count > 0 {
        return Err(RelationError::DeleteRestricted {
            relationship,
            target: collection.target,
            foreign_key: fk_name,
            count: count as usize,
            backref: collection
                .back_populates
                .map(|back| interned(format!("{}.{back}", collection.target))),
        });
    }
    Ok(())
}
