//! Seed 001: players on a team. The player declares `team` with
//! `backref = players`, which gives the team its roster; the tutorial's
//! JOIN goes through the relationship, with no ON clause written.
//!
//! Prints exactly what the SQLAlchemy version prints
//! (`tests/expected/players_teams.txt`). Models: `src/seeds/teams.rs`.
//!
//! ```text
//! cargo run --example players_teams
//! ```

use diesel::prelude::*;
use diesel_relations::Related;
use diesel_relations_seeds::schema::{players, teams};
use diesel_relations_seeds::seeds::teams::{NewPlayer, NewTeam, Player, Team};
use diesel_relations_seeds::{db, py_list, py_repr};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

pub fn run(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    let team: Team = conn.transaction(|conn| {
        let team: Team = diesel::insert_into(teams::table)
            .values(NewTeam {
                name: "The Piggers",
                city: "Austin, TX",
            })
            .returning(Team::as_returning())
            .get_result(conn)?;
        // Player(team=t): the backref collection fills in players.team_id.
        team.players().insert(
            conn,
            [
                NewPlayer {
                    name: "Joe McMan",
                    position: "Quarterback",
                },
                NewPlayer {
                    name: "Bo Bryant",
                    position: "Kicker",
                },
            ],
        )?;
        Ok::<_, Error>(team)
    })?;

    // The tutorial's JOIN, through the relationship: `Player::team.join()`
    // is Diesel's join with the ON clause the declaration gives
    // (`teams.id = players.team_id`), so each row comes with its team.
    let joined: Vec<(Player, Team)> = players::table
        .inner_join(Player::team.join())
        .order_by(players::id)
        .select((Player::as_select(), Team::as_select()))
        .load(conn)?;
    for (p, t) in joined {
        writeln!(
            out,
            "{{'name': {}, 'position': {}, 'team_name': {}, 'team_city': {}}}",
            py_repr(&p.name),
            py_repr(&p.position),
            py_repr(&t.name),
            py_repr(&t.city)
        )?;
    }
    let roster = team.players().load(conn)?;
    writeln!(
        out,
        "team roster: {}",
        py_list(roster.iter().map(|p| p.name.as_str()))
    )?;
    Ok(())
}

#[allow(dead_code)] // tests include this file for `run` only
fn main() -> Result<(), Error> {
    let mut conn = db::sqlite(":memory:")?;
    run(&mut conn, &mut std::io::stdout().lock())
}
