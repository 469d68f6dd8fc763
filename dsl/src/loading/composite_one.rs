//! A one-to-one through a composite foreign key, seen from the side
//! without the key (`detail: Option<Detail>, foreign_key = (details::a,
//! details::b)` on the parent, the columns UNIQUE together):
//! [`ToOneRowReverse`], the collection [`ToManyRows`] of at most one row.
//! Its loads are the collection's (one query lazily, one per chunk of
//! keys eagerly), each source's rows then checked to be one: two are
//! [`RelationError::MultipleRows`], never a silent first one.
//!
//! Apart from `composite`, whose handles it uses as they are.

use crate::composite::ToManyRows;
use crate::eager::{Fetch, Node};
use crate::error::{RelationError, Result};
use crate::exec::{block, Blocking};
use crate::lazy::LoadIn;
use crate::relationship::{Model, OneToOneRowDecl, Relationship, Shape};
use diesel::Connection;
use std::future::Future;

type Out<R> = <<R as OneToOneRowDecl>::Shape as Shape>::Out<<R as Relationship>::Target>;

/// The scalar side without the key of a one-to-one through a composite
/// foreign key (`authorship.contract()`): the target row whose UNIQUE
/// foreign key columns hold this source's composite primary key. What the
/// derive's accessor returns for a scalar declared with `foreign_key =
/// (table::a, table::b)`, the target's columns.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// use diesel_relations::Relations;
///
/// // contracts references authors_books by both columns, UNIQUE together.
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = authors_books, primary_key(author_id, book_id))]
/// #[relationship(contract: Option<Contract>, foreign_key = (contracts::author_id, contracts::book_id), back_populates = authorship)]
/// pub struct Authorship {
///     pub author_id: i32,
///     pub book_id: i32,
/// }
///
/// #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
/// #[diesel(table_name = contracts)]
/// #[relationship(authorship: Authorship, foreign_key = (author_id, book_id), back_populates = contract)]
/// pub struct Contract {
///     pub id: i32,
///     pub author_id: i32,
///     pub book_id: i32,
///     pub terms: String,
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use diesel_relations::eager::Eager;
/// let conn = &mut connection();
/// let signed = Authorship { author_id: 2, book_id: 1 };
/// // One query, `WHERE (author_id = 2 AND book_id = 1)`.
/// let contract = signed.contract().get(conn)?;
/// assert_eq!(contract.map(|c| c.terms).as_deref(), Some("standard"));
/// // Every authorship's contract: one query, `(author_id, book_id) IN (..)`.
/// let links = vec![Authorship { author_id: 1, book_id: 1 }, signed];
/// let pages = links.eager(conn, Authorship::contract)?;
/// assert_eq!(pages.iter().map(|p| p.related.as_ref().map(|c| c.id)).collect::<Vec<_>>(), [None, Some(1)]);
/// # Ok(())
/// # }
/// ```
pub struct ToOneRowReverse<R: OneToOneRowDecl> {
    rows: ToManyRows<R>,
}

impl<R: OneToOneRowDecl> Clone for ToOneRowReverse<R> {
    fn clone(&self) -> Self {
        ToOneRowReverse {
            rows: self.rows.clone(),
        }
    }
}

impl<R: OneToOneRowDecl> std::fmt::Debug for ToOneRowReverse<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", R::full_name(), self.rows.key())
    }
}

impl<R: OneToOneRowDecl> ToOneRowReverse<R> {
    /// The handle for the target of `source`.
    pub fn of(source: &R::Source) -> Self {
        ToOneRowReverse {
            rows: ToManyRows::of(source),
        }
    }

    /// The target's rows as the collection they are at most one of: its
    /// `query()` is the Diesel query.
    pub fn rows(&self) -> &ToManyRows<R> {
        &self.rows
    }

    /// Loads the target in one query. Two rows found is
    /// [`RelationError::MultipleRows`]; none is `None` where optional and
    /// [`RelationError::MissingTarget`] where declared required.
    pub fn get<C>(self, conn: &mut C) -> Result<Out<R>>
    where
        C: Connection + Send,
        Self: LoadIn<C, Blocking, Output = Out<R>>,
    {
        block(self.load_in(conn))
    }
}

/// A source's rows made its one target, or the error.
pub(crate) fn one<R: OneToOneRowDecl>(
    key: &<R::Source as Model>::Key,
    mut rows: Vec<R::Target>,
) -> Result<Out<R>> {
    match rows.len() {
        0 => <R::Shape as Shape>::from_option(None).ok_or_else(|| RelationError::MissingTarget {
            relationship: R::full_name(),
            target: R::target_name(),
            target_key: R::FOREIGN_KEY,
            foreign_key: R::FOREIGN_KEY,
            key: format!("{key:?}"),
        }),
        1 => Ok(<R::Shape as Shape>::found(rows.remove(0))),
        count => Err(RelationError::MultipleRows {
            relationship: R::full_name(),
            target: R::target_name(),
            foreign_key: R::FOREIGN_KEY,
            key: format!("{key:?}"),
            count,
        }),
    }
}

impl<R, C, M> LoadIn<C, M> for ToOneRowReverse<R>
where
    R: OneToOneRowDecl,
    ToManyRows<R>: LoadIn<C, M, Output = Vec<R::Target>>,
    R::Target: Send,
    C: Send,
{
    type Output = Out<R>;
    fn load_in(self, conn: &mut C) -> impl Future<Output = Result<Out<R>>> + Send + '_ {
        async move {
            let key = self.rows.key().clone();
            let rows = self.rows.load_in(conn).await?;
            one::<R>(&key, rows)
        }
    }
}

impl<R, C, M> Fetch<R::Source, C, M> for ToOneRowReverse<R>
where
    R: OneToOneRowDecl,
    ToManyRows<R>: Fetch<R::Source, C, M, Target = R::Target, Shape = crate::relationship::Many>,
    R::Source: Send + Sync,
    R::Target: Send + Sync,
    Out<R>: Send,
    C: Send,
{
    type Target = R::Target;
    type Shape = R::Shape;
    fn fetch<'a>(
        conn: &'a mut C,
        sources: &'a [R::Source],
    ) -> impl Future<Output = Result<Vec<Out<R>>>> + Send + 'a {
        async move {
            let rows = <ToManyRows<R> as Fetch<R::Source, C, M>>::fetch(conn, sources).await?;
            sources
                .iter()
                .zip(rows)
                .map(|(source, rows)| one::<R>(&source.primary_key(), rows))
                .collect()
        }
    }

    #[allow(clippy::type_complexity)]
    fn attach<'a>(
        conn: &'a mut C,
        sources: Vec<R::Source>,
    ) -> impl Future<Output = Result<Vec<Node<R::Source, Out<R>>>>> + Send + 'a
    where
        R::Source: 'a,
    {
        async move {
            let related = Self::fetch(conn, &sources).await?;
            Ok(crate::eager::nodes(sources, related))
        }
    }
}
