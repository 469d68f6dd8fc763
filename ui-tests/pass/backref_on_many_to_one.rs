//! backref on the scalar declares the collection on the target:
//! Player.team, backref = players, gives Team.players.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, } }
diesel::table! { players (id) { id -> Integer, team_id -> Integer, } }
diesel::joinable!(players -> teams (team_id));
diesel::allow_tables_to_appear_in_same_query!(teams, players);

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

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let team = Team { id: 1 };
    let _: Result<Vec<Player>, _> = team.players().load(conn);
    let player = Player { id: 1, team_id: 1 };
    let _: Result<Team, _> = player.team().get(conn);
}

fn main() {}
