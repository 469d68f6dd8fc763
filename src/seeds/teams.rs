//! Seed 001: a player plays for a team; a team has a roster.
//!
//! As in SQLAlchemy, the player declares `team` with `backref = players`,
//! which declares the roster (`Team.players`) on the team.

use crate::schema::{players, teams};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: i32,
    pub name: String,
    pub city: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = teams)]
pub struct NewTeam<'a> {
    pub name: &'a str,
    pub city: &'a str,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relationship(team: Team, foreign_key = team_id, backref = players)]
pub struct Player {
    pub id: i32,
    pub team_id: i32,
    pub name: String,
    pub position: String,
}

/// A player to insert through `team.players().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = players)]
pub struct NewPlayer<'a> {
    pub name: &'a str,
    pub position: &'a str,
}
