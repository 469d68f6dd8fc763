//! A MySQL project's migration (schemas/mysql_project): backticks,
//! AUTO_INCREMENT, ENGINE=InnoDB, `KEY idx (..)` and `UNIQUE KEY` inside
//! CREATE TABLE, a named CONSTRAINT and one added by ALTER TABLE. Two foreign
//! keys from players to teams (no joinable! for them) and a one-to-one on the
//! UNIQUE one, all proven by the migration.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, name -> Text, } }
diesel::table! {
    players (id) {
        id -> Integer,
        team_id -> Integer,
        captain_of -> Nullable<Integer>,
        score -> Integer,
    }
}
diesel::allow_tables_to_appear_in_same_query!(teams, players);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
#[relations(migrations = "schemas/mysql_project")]
#[relationship(players: Vec<Player>, back_populates = team)]
#[relationship(captain: Option<Player>, back_populates = captains)]
pub struct Team {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relations(migrations = "schemas/mysql_project")]
#[relationship(team: Team, foreign_key = team_id, back_populates = players)]
#[relationship(captains: Option<Team>, foreign_key = captain_of, back_populates = captain)]
pub struct Player {
    pub id: i32,
    pub team_id: i32,
    pub captain_of: Option<i32>,
    pub score: i32,
}

fn main() {}
