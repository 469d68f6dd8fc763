//! backref declares the other side; back_populates names one declared
//! there. One of the two.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, } }
diesel::table! { players (id) { id -> Integer, team_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relationship(team: Team, foreign_key = team_id, backref = players, back_populates = players)]
pub struct Player {
    pub id: i32,
    pub team_id: i32,
}

fn main() {}
