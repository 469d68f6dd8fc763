//! Members borrow volumes through `loans`, an association object's table
//! whose rows carry a column of their own, `borrowed_at`: both sides of the
//! many-to-many are ordered by it (SQLAlchemy's `order_by` on a secondary
//! column), and are `viewonly`, as loans are written as rows of their own.

use crate::schema::{loans, members, volumes};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = members)]
#[relationship(borrowed: Vec<Volume>, secondary = loans(member_id, volume_id), back_populates = borrowers, order_by = loans::borrowed_at, viewonly)]
pub struct Member {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = members)]
pub struct NewMember<'a> {
    pub id: i32,
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = volumes)]
#[relationship(borrowers: Vec<Member>, secondary = loans, back_populates = borrowed, order_by = (loans::borrowed_at.desc(), members::name), viewonly)]
pub struct Volume {
    pub id: i32,
    pub title: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = volumes)]
pub struct NewVolume<'a> {
    pub id: i32,
    pub title: &'a str,
}

/// A loan: who borrowed which volume when (seconds since the epoch).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = loans)]
pub struct NewLoan {
    pub member_id: i32,
    pub volume_id: i32,
    pub borrowed_at: i64,
}
