//! Player.team's backref would declare Team.players, which Team declares itself (Player comes first).
//! The one error is at Team.players, the declaration the compiler meets second.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, } }
diesel::table! { players (id) { id -> Integer, team_id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relationship(team: Team, foreign_key = team_id, backref = players)]
pub struct Player {
    pub id: i32,
    pub team_id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
#[relationship(players: Vec<Player>, foreign_key = players::team_id)]
pub struct Team {
    pub id: i32,
}

fn main() {}
