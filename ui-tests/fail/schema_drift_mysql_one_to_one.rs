//! schemas/mysql_project says players.captain_of is INT NULL; this table!
//! says Integer (NOT NULL): a one-to-one naming that foreign key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { teams (id) { id -> Integer, name -> Text, } }
diesel::table! { players (id) { id -> Integer, captain_of -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(teams, players);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
#[relations(migrations = "schemas/mysql_project")]
#[relationship(captain: Option<Player>, foreign_key = players::captain_of)]
pub struct Team {
    pub id: i32,
    pub name: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = players)]
#[relations(migrations = "schemas/mysql_project")]
pub struct Player {
    pub id: i32,
    pub captain_of: i32,
}

fn main() {}
