//! The accessor a relationship with a mistake still gets.
//!
//! A derive that reports a mistake in one relationship writes the rest of
//! the model whole, and for that relationship an accessor of the shape it
//! declares, returning [`Poisoned`]: the program's uses of it
//! (`post.author().get(conn)?.name`, `customer.invoices().filter(..)`)
//! type-check as they would with the mistake fixed, so the checker's
//! message is the only error. Nothing here runs: the crate does not
//! compile while the mistake is there.

use core::future::Future;
use core::marker::PhantomData;

use diesel::expression::{AsExpression, IntoSql};
use diesel::sql_types::Bool;

use crate::correlate::Correlated;
use crate::eager::{Fetch, Fetched, Node};
use crate::filters::{Collection, Scalar};
use crate::relationship::Shape;
use crate::Result;

/// The handle of a relationship the checker rejected; `D` is its declared
/// type (`User`, `Option<User>`, `Vec<Post>`), `T` its target, `Sh` the
/// shape of `D` ([`One`](crate::One), [`MaybeOne`](crate::MaybeOne),
/// [`Many`](crate::Many)), for the eager loader. Each method
/// has the shape of the real handles' (`get` and `load` return `D`), and
/// it dereferences to the target's table, so that Diesel's query methods
/// apply as to a real handle's query.
pub struct Poisoned<D, T, Sh>(Phantom<D, T, Sh>);

/// Owns nothing, and is `Send` and `Sync` whatever the types.
type Phantom<D, T, Sh> = PhantomData<fn() -> (D, T, Sh)>;

const NEVER: &str = "a relationship the checker rejected: the crate does not compile";

impl<D, T, Sh> Poisoned<D, T, Sh> {
    /// The handle (what the accessor returns).
    pub fn of<S>(_: &S) -> Self {
        Poisoned(PhantomData)
    }

    /// As `ToOne::get` / `ToOneReverse::get`.
    pub fn get<C>(&self, _conn: &mut C) -> Result<D> {
        unreachable!("{NEVER}")
    }

    /// As `ToMany::load` / `ToManyThrough::load`.
    pub fn load<C>(&self, _conn: &mut C) -> Result<D> {
        unreachable!("{NEVER}")
    }

    /// As the handles' `insert`.
    pub fn insert<C, V>(&self, _conn: &mut C, _rows: V) -> Result<usize> {
        unreachable!("{NEVER}")
    }

    /// As `ToOneReverse::create`.
    pub fn create<C>(&self, _conn: &mut C) -> Result<usize> {
        unreachable!("{NEVER}")
    }

    /// As `ToMany::remove`.
    pub fn remove<C>(&self, _conn: &mut C, _child: &T) -> Result<bool> {
        unreachable!("{NEVER}")
    }

    /// As `ToManyThrough::link`.
    pub fn link<'t, C>(
        &self,
        _conn: &mut C,
        _targets: impl IntoIterator<Item = &'t T>,
    ) -> Result<usize>
    where
        T: 't,
    {
        unreachable!("{NEVER}")
    }

    /// As `ToManyThrough::unlink`.
    pub fn unlink<'t, C>(
        &self,
        _conn: &mut C,
        _targets: impl IntoIterator<Item = &'t T>,
    ) -> Result<usize>
    where
        T: 't,
    {
        unreachable!("{NEVER}")
    }

    /// As `ToManyThrough::set`.
    pub fn set<'t, C>(
        &self,
        _conn: &mut C,
        _targets: impl IntoIterator<Item = &'t T>,
    ) -> Result<(usize, usize)>
    where
        T: 't,
    {
        unreachable!("{NEVER}")
    }

    /// As `ToManyThrough::clear`.
    pub fn clear<C>(&self, _conn: &mut C) -> Result<usize> {
        unreachable!("{NEVER}")
    }
}

impl<D, T: diesel::associations::HasTable, Sh> Poisoned<D, T, Sh> {
    /// As the handles' `query`: the target's table.
    pub fn query(&self) -> T::Table {
        T::table()
    }

    /// As the handles' `ordered`.
    pub fn ordered(&self) -> T::Table {
        T::table()
    }
}

impl<D, T: diesel::associations::HasTable, Sh> core::ops::Deref for Poisoned<D, T, Sh> {
    type Target = T::Table;
    fn deref(&self) -> &T::Table {
        unreachable!("{NEVER}")
    }
}

/// `any`/`none`/`has`/`exists` through a rejected relationship: its
/// target's table, tied by `TRUE` (never run).
#[diagnostic::do_not_recommend]
impl<D, T, Sh> Correlated for Poisoned<D, T, Sh>
where
    T: diesel::associations::HasTable<Table: Default>,
{
    type Related = T::Table;
    type Link = <bool as AsExpression<Bool>>::Expression;
    fn related() -> T::Table {
        T::Table::default()
    }
    fn link() -> Self::Link {
        true.into_sql::<Bool>()
    }
}

/// The same through an alias (`join_as`, `any_as`).
#[diagnostic::do_not_recommend]
impl<D, T, Sh, S> crate::aliased::CorrelatedAs<S> for Poisoned<D, T, Sh>
where
    S: diesel::query_source::AliasSource,
{
    type Related = diesel::query_source::Alias<S>;
    type Link = <bool as AsExpression<Bool>>::Expression;
    fn related(alias: diesel::query_source::Alias<S>) -> Self::Related {
        alias
    }
    fn link(_: diesel::query_source::Alias<S>) -> Self::Link {
        true.into_sql::<Bool>()
    }
}

/// Either shape: the declared one is in error. None of these impls is
/// listed in rustc's "the following other types implement" (they are
/// never what a user should write).
#[diagnostic::do_not_recommend]
impl<D, T, Sh> Collection for Poisoned<D, T, Sh> {}
#[diagnostic::do_not_recommend]
impl<D, T, Sh> Scalar for Poisoned<D, T, Sh> {}

/// In an eager plan (`with(Model::rejected, ..)`), of its declared shape.
#[diagnostic::do_not_recommend]
impl<P, C, M, D, T, Sh> Fetch<P, C, M> for Poisoned<D, T, Sh>
where
    T: Send + Sync,
    Sh: Shape,
{
    type Target = T;
    type Shape = Sh;
    // Not `async fn`: that would capture the arguments, and then need
    // `C: Send` and `P: Sync`, which the real handles do not ask.
    #[allow(clippy::manual_async_fn)]
    fn fetch<'a>(
        _: &'a mut C,
        _: &'a [P],
    ) -> impl Future<Output = Result<Vec<Fetched<Self, P, C, M>>>> + Send + 'a {
        async { unreachable!("{NEVER}") }
    }
    #[allow(clippy::type_complexity, clippy::manual_async_fn)]
    fn attach<'a>(
        _: &'a mut C,
        _: Vec<P>,
    ) -> impl Future<Output = Result<Vec<Node<P, Fetched<Self, P, C, M>>>>> + Send + 'a
    where
        P: 'a,
    {
        async { unreachable!("{NEVER}") }
    }
}
