//! Player and Coach each declare Team.players by a backref.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, } }
diesel::table! { players (id) { id -> Integer, team_id -> Integer, } }
diesel::table! { coaches (id) { id -> Integer, team_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(teams, players, coaches);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relationship(team: Team, foreign_key = team_id, backref = players)]
pub struct Player {
    pub id: i32,
    pub team_id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = coaches)]
#[relationship(team: Team, foreign_key = team_id, backref = players)]
pub struct Coach {
    pub id: i32,
    pub team_id: i32,
}

fn main() {}
