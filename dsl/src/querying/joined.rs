//! Joined loading of a scalar (SQLAlchemy's `joinedload`): the rows of a
//! query with their many-to-one or one-to-one target, in ONE query, a
//! `LEFT JOIN` along the relationship.
//!
//! The eager loader ([`crate::eager`]) runs one query per level: the rows,
//! then the targets of all of them by key. Joined loading runs one in all,
//! at the price of the target's columns repeated on every row that shares
//! it. Both give the same [`Node`]s and the same errors: a foreign key
//! pointing at a row that is gone is [`RelationError::MissingTarget`], a
//! one-to-one meeting two rows [`RelationError::MultipleRows`], never a
//! silent `None` or first row. (The benchmark's `joined_many_to_one`
//! compares the two; docs/querying.md says when each wins.)
//!
//! The join is always a `LEFT JOIN`, for required scalars too: a row whose
//! target is gone must come back to be reported, not vanish from the page.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use diesel_relations::joined::LoadJoined;
//! let conn = &mut connection();
//! // SELECT invoices.*, customers.* FROM invoices LEFT JOIN customers ON .. WHERE .. ORDER BY ..
//! let page = invoices::table
//!     .filter(invoices::amount.gt(80))
//!     .order(invoices::id)
//!     .load_joined(conn, Invoice::customer)?;
//! assert_eq!(page.iter().map(|n| (n.id, n.related.name.as_str())).collect::<Vec<_>>(),
//!            [(1, "Alice"), (2, "Alice")]);
//! # Ok(())
//! # }
//! ```

use crate::eager::Node;
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking, Connected, Db, Load};
use crate::lazy::{ToOne, ToOneReverse};
use crate::querying::correlate::Correlated;
use crate::querying::joins::JoinOn;
use crate::relationship::{ManyToOne, Model, OneToOne};
use diesel::dsl::{AsSelect, LeftJoin, Select};
use diesel::internal::table_macro::LeftOuter;
use diesel::query_dsl::methods::SelectDsl;
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::{Expression, JoinOnDsl, Selectable, SelectableHelper};
use std::collections::HashSet;
use std::future::Future;

/// A scalar relationship that loads by a join: a many-to-one (`ToOne`) or
/// the side of a one-to-one without the foreign key (`ToOneReverse`).
pub trait JoinedScalar: Correlated {
    /// The model the relationship is declared on.
    type Source: Model;
    /// The model it leads to.
    type Target: Model;
    /// `Target` where required, `Option<Target>` where optional.
    type Output;
    /// Whether one source row may meet several target rows in the join (a
    /// one-to-one whose key is not UNIQUE in the database), which is then
    /// [`RelationError::MultipleRows`].
    const SEVERAL_POSSIBLE: bool;
    /// The value for `source` from what its join found, or the error the
    /// lazy accessor gives for the same rows.
    fn joined(source: &Self::Source, found: Option<Self::Target>) -> Result<Self::Output>;
    /// The error for a source that met `count` target rows.
    fn several(source: &Self::Source, count: usize) -> RelationError;
    /// `Model.relationship` and its foreign key, for a database error.
    fn names() -> (&'static str, &'static str);
}

impl<R> JoinedScalar for ToOne<R>
where
    R: ManyToOne<Target: Model>,
    R::Source: Model,
    ToOne<R>: Correlated,
{
    type Source = R::Source;
    type Target = R::Target;
    type Output = R::Output;
    const SEVERAL_POSSIBLE: bool = false;

    fn joined(source: &R::Source, found: Option<R::Target>) -> Result<R::Output> {
        match (found, R::foreign_key(source)) {
            (Some(target), _) => Ok(R::found(target)),
            (None, None) => R::null().ok_or(RelationError::NullForeignKey {
                relationship: R::full_name(),
                foreign_key: R::FOREIGN_KEY,
            }),
            (None, Some(key)) => Err(RelationError::MissingTarget {
                relationship: R::full_name(),
                target: R::target_name(),
                target_key: R::TARGET_KEY,
                foreign_key: R::FOREIGN_KEY,
                key: format!("{key:?}"),
            }),
        }
    }

    fn names() -> (&'static str, &'static str) {
        (R::full_name(), R::FOREIGN_KEY)
    }

    fn several(source: &R::Source, count: usize) -> RelationError {
        // The join is on the target's primary key or a UNIQUE column: the
        // database cannot give two; kept total all the same.
        RelationError::MultipleRows {
            relationship: R::full_name(),
            target: R::target_name(),
            foreign_key: R::FOREIGN_KEY,
            key: format!("{:?}", R::foreign_key(source)),
            count,
        }
    }
}

impl<R> JoinedScalar for ToOneReverse<R>
where
    R: OneToOne,
    ToOneReverse<R>: Correlated,
{
    type Source = R::Source;
    type Target = R::Target;
    type Output = R::Output;
    const SEVERAL_POSSIBLE: bool = true;

    fn joined(source: &R::Source, found: Option<R::Target>) -> Result<R::Output> {
        match found {
            Some(target) => Ok(R::found(target)),
            None => R::absent().ok_or_else(|| RelationError::MissingTarget {
                relationship: R::full_name(),
                target: R::target_name(),
                target_key: R::FOREIGN_KEY,
                foreign_key: R::FOREIGN_KEY,
                key: format!("{:?}", source.primary_key()),
            }),
        }
    }

    fn names() -> (&'static str, &'static str) {
        (R::full_name(), R::FOREIGN_KEY)
    }

    fn several(source: &R::Source, count: usize) -> RelationError {
        RelationError::MultipleRows {
            relationship: R::full_name(),
            target: R::target_name(),
            foreign_key: R::FOREIGN_KEY,
            key: format!("{:?}", source.primary_key()),
            count,
        }
    }
}

/// What the joined query selects: the source's columns, and the target's
/// as nullable.
pub type Selection<H, DB> = (
    AsSelect<<H as JoinedScalar>::Source, DB>,
    AsSelect<Option<<H as JoinedScalar>::Target>, DB>,
);

/// The joined query: `query LEFT JOIN target ON link`, with [`Selection`].
pub type JoinedQuery<Q, H, DB> = Select<LeftJoin<Q, JoinOn<H>>, Selection<H, DB>>;

/// The rows of a query, each with one scalar relationship's target, in one
/// query. Implemented for every Diesel query; `relationship` is the
/// accessor (`Invoice::customer`).
pub trait LoadJoined: Sized {
    /// Runs `self LEFT JOIN target` and gives each row with its target, in
    /// the query's order (see the module docs for the errors).
    fn load_joined<C, F, H>(
        self,
        conn: &mut C,
        _relationship: F,
    ) -> Result<Vec<Node<H::Source, H::Output>>>
    where
        C: diesel::Connection + Send,
        F: Fn(&H::Source) -> H,
        H: JoinedScalar,
        Self: Joins<Blocking, C, H>,
    {
        block(self.joined_in(conn))
    }

    /// [`LoadJoined::load_joined`] on a `diesel_async` connection (feature
    /// `async`; the future is `Send`).
    ///
    /// ```
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
    /// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { run(async {
    /// use diesel_relations::joined::LoadJoined;
    /// let conn = &mut async_connection();
    /// let page = invoices::table.order(invoices::id).load_joined_async(conn, Invoice::customer).await?;
    /// assert_eq!(page.iter().map(|n| n.related.id).collect::<Vec<_>>(), [1, 1, 2]);
    /// # Ok(()) }) }
    /// ```
    #[cfg(feature = "async")]
    fn load_joined_async<'a, C, F, H>(
        self,
        conn: &'a mut C,
        _relationship: F,
    ) -> impl Future<Output = Result<Vec<Node<H::Source, H::Output>>>> + Send + 'a
    where
        C: diesel_async::AsyncConnectionCore,
        F: Fn(&H::Source) -> H,
        H: JoinedScalar,
        Self: Joins<crate::exec::Async, C, H>,
    {
        self.joined_in(conn)
    }
}

impl<Q: diesel::QueryDsl> LoadJoined for Q {}

/// A query that joins along `H` and loads on connection `C` in mode `M`:
/// the bounds of [`LoadJoined`], proven once here.
#[doc(hidden)]
pub trait Joins<M, C, H: JoinedScalar>: Sized {
    /// The one body of both modes: builds the joined query, runs it, and
    /// shapes each row as the lazy accessor would.
    fn joined_in(
        self,
        conn: &mut C,
    ) -> impl Future<Output = Result<Vec<Node<H::Source, H::Output>>>> + Send + '_;
}

impl<M, C, Q, H> Joins<M, C, H> for Q
where
    C: Connected<M> + Load<M, JoinedQuery<Q, H, Db<C, M>>, (H::Source, Option<H::Target>)>,
    H: JoinedScalar + Correlated<Related: JoinOnDsl> + crate::querying::joins::SourceTable,
    H::Source: Selectable<Db<C, M>> + Send,
    H::Target: Send,
    H::Output: Send,
    Option<H::Target>: Selectable<Db<C, M>>,
    Q: JoinWithImplicitOnClause<JoinOn<H>, LeftOuter>,
    Selection<H, Db<C, M>>: Expression,
    LeftJoin<Q, JoinOn<H>>: SelectDsl<Selection<H, Db<C, M>>>,
    JoinedQuery<Q, H, Db<C, M>>: Send + 'static,
{
    fn joined_in(
        self,
        conn: &mut C,
    ) -> impl Future<Output = Result<Vec<Node<H::Source, H::Output>>>> + Send + '_ {
        let query = self
            .join_with_implicit_on_clause(crate::querying::joins::join::<H>(), LeftOuter)
            .select((H::Source::as_select(), <Option<H::Target>>::as_select()));
        async move {
            // Each row becomes its node as it is read: no second vector.
            let mut seen = HashSet::new();
            let mut nodes = Vec::new();
            conn.each(query, database_error::<H>, |(row, found)| {
                if H::SEVERAL_POSSIBLE && found.is_some() && !seen.insert(row.primary_key()) {
                    return Err(H::several(&row, 2));
                }
                let related = H::joined(&row, found)?;
                nodes.push(Node { row, related });
                Ok(())
            })
            .await?;
            Ok(nodes)
        }
    }
}

/// A database error of the joined query, naming the relationship.
fn database_error<H: JoinedScalar>(error: diesel::result::Error) -> RelationError {
    let (relationship, foreign_key) = H::names();
    RelationError::from_diesel(relationship, foreign_key, error)
}
