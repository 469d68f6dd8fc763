//! Foreign keys to a UNIQUE column that is not the primary key (Django's
//! `to_field`): a member belongs to a club by the club's TEXT `code`, while
//! the club's primary key is an INTEGER `id`.
//!
//! `Member.club` names the column with `references = clubs::code`; the
//! collection `Club.members` takes it from there through `back_populates`.
//! `Club.badge` is a one-to-one over a nullable UNIQUE `club_badges.club_code`,
//! which names `references` itself.

use crate::schema::{club_badges, club_members, clubs};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = clubs)]
#[relationship(members: Vec<Member>, back_populates = club, cascade = "all")]
#[relationship(badge: Option<Badge>, foreign_key = club_badges::club_code, references = clubs::code)]
pub struct Club {
    pub id: i32,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = clubs)]
pub struct NewClub<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = club_members)]
#[relationship(club: Club, foreign_key = club_code, references = clubs::code, back_populates = members)]
pub struct Member {
    pub id: i32,
    pub club_code: String,
    pub name: String,
}

/// A member to insert through `club.members().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = club_members)]
pub struct NewMember<'a> {
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = club_badges)]
pub struct Badge {
    pub id: i32,
    pub club_code: Option<String>,
    pub label: String,
}

/// A badge to insert through `club.badge().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = club_badges)]
pub struct NewBadge<'a> {
    pub label: &'a str,
}
