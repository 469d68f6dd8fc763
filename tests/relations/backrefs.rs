//! Deleting a parent whose collection another model declared with
//! `backref` (`Player.team .. backref = players` declares `Team.players`):
//! SQLAlchemy's default cascade for it (`save-update, merge`) sets the
//! children's foreign key to NULL, which `players.team_id` (NOT NULL)
//! cannot take, so the delete is refused naming `Team.players` and nothing
//! changes, whether or not the database enforces the foreign key (SQLite
//! leaves it unenforced unless `PRAGMA foreign_keys = ON`). The nullable
//! case (the foreign key set to NULL) is tests/backref_delete.rs: its
//! models would overlap the seed ones here.

use diesel::prelude::*;
use diesel_relations::{delete, delete_all, RelationError};
use diesel_relations_seeds::schema::{players, teams};
use diesel_relations_seeds::seeds::teams::{NewPlayer, NewTeam, Team};

/// Two teams, the first with two players: `(with_players, without)`.
macro_rules! teams {
    ($conn:expr) => {{
        for name in ["Ajax", "Empty"] {
            diesel::insert_into(teams::table)
                .values(NewTeam {
                    name,
                    city: "Amsterdam",
                })
                .execute($conn)?;
        }
        let all: Vec<Team> = teams::table
            .order_by(teams::id)
            .select(Team::as_select())
            .load($conn)?;
        all[0].players().insert(
            $conn,
            [
                NewPlayer {
                    name: "Cruijff",
                    position: "forward",
                },
                NewPlayer {
                    name: "Neeskens",
                    position: "midfield",
                },
            ],
        )?;
        (all[0].clone(), all[1].clone())
    }};
}

/// Deletes `$team`: refused, naming Team.players, nothing changed; then the
/// team without players goes.
macro_rules! refused {
    ($conn:expr) => {{
        let (ajax, empty) = teams!($conn);
        match delete($conn, &ajax) {
            Err(
                e @ RelationError::DeleteRestricted {
                    relationship,
                    target,
                    foreign_key,
                    count,
                    backref,
                },
            ) => {
                ensure_eq!(
                    (relationship, target, foreign_key, count, backref),
                    (
                        "Team.players",
                        "Player",
                        "players.team_id",
                        2,
                        Some("Player.team")
                    )
                );
                // A backref takes no cascade: the message says what to
                // write instead.
                ensure_eq!(
                    e.to_string(),
                    "Team.players: cannot delete: 2 Player row(s) point at it through \
                     players.team_id, which is NOT NULL; Team.players is the backref of \
                     Player.team, which takes no cascade: declare players on Team with \
                     back_populates = \"team\" and cascade = \"all, delete-orphan\" (and \
                     back_populates = \"players\" instead of backref on Player.team), or \
                     delete or move the Player rows first"
                );
            }
            other => {
                return Err(
                    format!("expected DeleteRestricted naming Team.players, got {other:?}").into(),
                )
            }
        }
        // All of it or nothing: a list with the team without players too.
        ensure_eq!(
            delete_all($conn, &[empty.clone(), ajax.clone()]).is_err(),
            true
        );
        ensure_eq!(teams::table.count().get_result::<i64>($conn)?, 2);
        let left: Vec<i32> = players::table
            .order_by(players::id)
            .select(players::team_id)
            .load($conn)?;
        ensure_eq!(left, vec![ajax.id, ajax.id]);
        ensure_eq!(delete($conn, &empty)?, 1);
        ensure_eq!(teams::table.count().get_result::<i64>($conn)?, 1);
        Ok(())
    }};
}

backend_tests! {
    fn deleting_a_team_with_players_is_refused_naming_the_backref(conn) {
        refused!(conn)
    }

    fn deleting_a_team_with_players_is_refused_with_foreign_keys_unenforced(conn) {
        use crate::harness::TestBackend;
        conn.disable_foreign_key_checks()?;
        refused!(conn)
    }
}
