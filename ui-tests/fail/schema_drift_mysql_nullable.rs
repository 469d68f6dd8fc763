//! schemas/mysql_project says players.team_id is INT NOT NULL; this table!
//! says Nullable<Integer>.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, name -> Text, } }
diesel::table! { players (id) { id -> Integer, team_id -> Nullable<Integer>, } }
diesel::allow_tables_to_appear_in_same_query!(teams, players);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
#[relations(migrations = "schemas/mysql_project")]
pub struct Team {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relations(migrations = "schemas/mysql_project")]
#[relationship(team: Option<Team>, foreign_key = team_id)]
pub struct Player {
    pub id: i32,
    pub team_id: Option<i32>,
}

fn main() {}
