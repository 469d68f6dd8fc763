//! What a relationship relates, as Diesel types, for each accessor's handle.
//!
//! A relationship ties rows of its target's table to rows of its source's
//! table by one condition, the same for every use: an `EXISTS` subquery
//! filters the related rows by it (Diesel checks that the subquery's
//! columns are of its own tables or of the outer query's), a join puts it
//! in its `ON` clause. [`Correlated`] states both halves for each kind,
//! from the facts the derive declares; nothing here is generated.
//!
//! The condition compares the two columns as `Nullable` (which writes
//! nothing in the SQL): a nullable foreign key then compares with a NOT
//! NULL key without a cast, and a NULL key relates to nothing, as in SQL.
//!
//! A condition naming a table that is neither related nor in the outer
//! query does not compile: Diesel's own check of the subquery, at `.load`
//! ("type mismatch resolving `<Join<..> as AppearsInFromClause<table>>::Count
//! == Once`": expected `Once`, found `Never`; the note names the column).
//!
//! ```compile_fail,E0271
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//! # use diesel_relations::{Related, Relations};
//! # #[derive(Queryable, Selectable, Identifiable, Relations)]
//! # #[diesel(table_name = customers)]
//! # #[relationship(invoices: Vec<Invoice>, back_populates = customer)]
//! # pub struct Customer { pub id: i32, pub name: String }
//! # #[derive(Queryable, Selectable, Identifiable, Relations)]
//! # #[diesel(table_name = invoices)]
//! # #[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
//! # pub struct Invoice { pub id: i32, pub custid: i32, pub amount: i32 }
//! # fn main() {
//! # let conn = &mut connection();
//! // books is not in the query: refused.
//! let _ = customers::table
//!     .filter(Customer::invoices.any(books::title.eq("Rust")))
//!     .select(customers::name)
//!     .load::<String>(conn);
//! # }
//! ```

use crate::lazy::{ToMany, ToManyThrough, ToOne, ToOneReverse};
use crate::relationship::{
    ManyToManyDecl, ManyToOneDecl, Model, OneToManyDecl, ParentColumn, Relationship,
};
use diesel::dsl::{InnerJoin, SqlTypeOf};
use diesel::expression::{AsExpression, Expression};
use diesel::internal::table_macro::Inner;
use diesel::query_dsl::JoinWithImplicitOnClause;
use diesel::sql_types::SingleValue;
use diesel::{Column, ExpressionMethods, JoinOnDsl, NullableExpressionMethods};

/// `a = b`, both sides read as `Nullable`.
pub type Link<A, B> = diesel::dsl::Eq<diesel::dsl::Nullable<A>, diesel::dsl::Nullable<B>>;

/// The related side of a relationship, as Diesel types. Implemented for
/// each accessor's handle ([`ToMany`], [`ToOneReverse`], [`ToOne`],
/// [`ToManyThrough`]), so `H` below is the accessor's return type.
///
/// ```
/// # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
/// # use diesel_relations::Relations;
/// use diesel_relations::correlate::Correlated;
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = customers)]
/// # #[relationship(invoices: Vec<Invoice>, back_populates = customer)]
/// # pub struct Customer { pub id: i32, pub name: String }
/// # #[derive(Queryable, Selectable, Identifiable, Relations)]
/// # #[diesel(table_name = invoices)]
/// # #[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
/// # pub struct Invoice { pub id: i32, pub custid: i32, pub amount: i32 }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let conn = &mut connection();
/// fn link_of<P, H: Correlated>(_: fn(&P) -> H) -> H::Link { H::link() }
///
/// // `invoices.custid = customers.id`, usable wherever both tables are in the query.
/// let link = link_of(Customer::invoices);
/// let pairs: Vec<(String, i32)> = customers::table
///     .inner_join(invoices::table.on(link))
///     .select((customers::name, invoices::amount))
///     .order(invoices::id)
///     .load(conn)?;
/// assert_eq!(pairs[2], ("Bob".to_string(), 75));
/// # Ok(())
/// # }
/// ```
pub trait Correlated {
    /// Where the related rows are: the target's table, or for a
    /// many-to-many the target's table joined with the association table.
    type Related;
    /// The condition tying a related row to a row of the source's table:
    /// `child.fk = source.key` (one-to-many, one-to-one),
    /// `target.key = source.fk` (many-to-one),
    /// `association.source_column = source.key` (many-to-many).
    type Link;
    /// See [`Correlated::Related`].
    fn related() -> Self::Related;
    /// See [`Correlated::Link`].
    fn link() -> Self::Link;
}

/// [`Link`] of two columns.
fn link<A, B>() -> Link<A, B>
where
    A: Expression + Default,
    B: Expression + Default,
    diesel::dsl::Nullable<A>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<B>: AsExpression<SqlTypeOf<diesel::dsl::Nullable<A>>>,
{
    A::default().nullable().eq(B::default().nullable())
}

/// The source's column a collection's foreign key references.
type ParentCol<R> =
    <<R as OneToManyDecl>::Parent as ParentColumn<<R as Relationship>::Source>>::Column;
type ChildTable<R> = <<R as OneToManyDecl>::ForeignKey as Column>::Table;

macro_rules! one_to_many {
    ($handle:ident) => {
        impl<R> Correlated for $handle<R>
        where
            R: OneToManyDecl,
            ChildTable<R>: Default,
            ParentCol<R>: Expression + Default,
            diesel::dsl::Nullable<R::ForeignKey>: Expression<SqlType: SingleValue>,
            diesel::dsl::Nullable<ParentCol<R>>:
                AsExpression<SqlTypeOf<diesel::dsl::Nullable<R::ForeignKey>>>,
        {
            type Related = ChildTable<R>;
            type Link = Link<R::ForeignKey, ParentCol<R>>;
            fn related() -> Self::Related {
                Default::default()
            }
            fn link() -> Self::Link {
                link::<R::ForeignKey, ParentCol<R>>()
            }
        }
    };
}

one_to_many!(ToMany);
one_to_many!(ToOneReverse);

/// The target's column a scalar's foreign key references.
type Referenced<R> =
    <<R as ManyToOneDecl>::Parent as ParentColumn<<R as Relationship>::Target>>::Column;
type TargetTable<R> = <<R as Relationship>::Target as Model>::Table;

impl<R> Correlated for ToOne<R>
where
    R: ManyToOneDecl,
    Referenced<R>: Expression + Default,
    diesel::dsl::Nullable<Referenced<R>>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<R::ForeignKey>:
        AsExpression<SqlTypeOf<diesel::dsl::Nullable<Referenced<R>>>>,
{
    type Related = TargetTable<R>;
    type Link = Link<Referenced<R>, R::ForeignKey>;
    fn related() -> Self::Related {
        Default::default()
    }
    fn link() -> Self::Link {
        link::<Referenced<R>, R::ForeignKey>()
    }
}

type LinkSource<R> = <R as ManyToManyDecl>::SourceColumn;
type LinkTarget<R> = <R as ManyToManyDecl>::TargetColumn;
type LinkTable<R> = <LinkSource<R> as Column>::Table;
/// The source's column the association rows reference (its primary key,
/// or the UNIQUE column `references` names).
type SourcePk<R> = crate::relationship::LinkSourceRef<R>;
/// The target's column the association rows reference.
type TargetPk<R> = crate::relationship::LinkTargetRef<R>;
/// `association JOIN` .. `ON association.target_column = target.key`.
type LinksOn<R> = diesel::dsl::On<LinkTable<R>, Link<LinkTarget<R>, TargetPk<R>>>;

impl<R> Correlated for ToManyThrough<R>
where
    R: ManyToManyDecl,
    LinkTable<R>: Default,
    TargetPk<R>: Expression + Default,
    SourcePk<R>: Expression + Default,
    diesel::dsl::Nullable<LinkTarget<R>>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<TargetPk<R>>:
        AsExpression<SqlTypeOf<diesel::dsl::Nullable<LinkTarget<R>>>>,
    diesel::dsl::Nullable<LinkSource<R>>: Expression<SqlType: SingleValue>,
    diesel::dsl::Nullable<SourcePk<R>>:
        AsExpression<SqlTypeOf<diesel::dsl::Nullable<LinkSource<R>>>>,
    TargetTable<R>: JoinWithImplicitOnClause<LinksOn<R>, Inner>,
{
    type Related = InnerJoin<TargetTable<R>, LinksOn<R>>;
    type Link = Link<LinkSource<R>, SourcePk<R>>;
    fn related() -> Self::Related {
        let on = link::<LinkTarget<R>, TargetPk<R>>();
        TargetTable::<R>::default()
            .join_with_implicit_on_clause(LinkTable::<R>::default().on(on), Inner)
    }
    fn link() -> Self::Link {
        link::<LinkSource<R>, SourcePk<R>>()
    }
}
