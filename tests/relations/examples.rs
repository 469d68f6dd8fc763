//! The seed examples print exactly what the SQLAlchemy reference prints.
//!
//! Each example is compiled into this test as a module and its `run` is
//! given a buffer instead of stdout; `tests/expected/` holds the reference
//! output of `seed_scenarios.py`, one file per section.

use libtest_mimic::{Failed, Trial};

#[path = "../../examples/chinook.rs"]
mod chinook;
#[path = "../../examples/customers_invoices.rs"]
mod customers_invoices;
#[path = "../../examples/customers_orders.rs"]
mod customers_orders;
#[path = "../../examples/parent_child.rs"]
mod parent_child;
#[path = "../../examples/players_teams.rs"]
mod players_teams;
#[path = "../../examples/tour.rs"]
mod tour;
#[path = "../../examples/users_posts_authors_books.rs"]
mod users_posts_authors_books;

type Scenario = fn(
    &mut diesel::SqliteConnection,
    &mut Vec<u8>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>>;

fn reproduces(name: &'static str, expected: &'static str, scenario: Scenario) -> Trial {
    Trial::test(
        format!("sqlite::examples::{name}_prints_the_reference"),
        move || {
            let mut conn = diesel_relations_seeds::db::sqlite(":memory:")
                .map_err(|e| Failed::from(e.to_string()))?;
            let mut out = Vec::new();
            scenario(&mut conn, &mut out).map_err(|e| Failed::from(e.to_string()))?;
            let out = String::from_utf8(out).map_err(|e| Failed::from(e.to_string()))?;
            if out != expected {
                return Err(format!("{name} printed:\n{out}\nexpected:\n{expected}").into());
            }
            Ok(())
        },
    )
}

/// The tour on a database file, which raw rusqlite then reads on its own:
/// every row is where the relationships put it and no foreign key dangles.
fn tour_writes_a_consistent_file() -> Result<(), Failed> {
    let path = std::env::temp_dir().join(format!(
        "diesel-relations-tour-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let result = (|| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let mut conn =
            diesel_relations_seeds::db::sqlite(path.to_str().ok_or("temp path is not UTF-8")?)?;
        tour::seed(&mut conn)?;
        let mut out = Vec::new();
        tour::walk(&mut conn, &mut out)?;
        let expected = include_str!("../expected/tour.txt");
        if String::from_utf8(out)? != expected {
            return Err("the tour's walk differs from tests/expected/tour.txt".into());
        }
        drop(conn);

        let raw = rusqlite::Connection::open(&path)?;
        let dangling: i64 =
            raw.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if dangling != 0 {
            return Err(format!("{dangling} foreign key(s) dangle").into());
        }
        let mut stmt = raw.prepare(
            "SELECT c.name, i.invno FROM invoices i JOIN customers c ON c.id = i.custid ORDER BY i.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{}:{}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let want = [
            "Gopal Krishna:10",
            "Gopal Krishna:14",
            "Govind Pant:3",
            "Govind Pant:4",
        ];
        if rows != want {
            return Err(format!("invoices read back {rows:?}, want {want:?}").into());
        }
        let orphans: i64 = raw.query_row(
            "SELECT count(*) FROM posts WHERE author_id IS NULL",
            [],
            |r| r.get(0),
        )?;
        if orphans != 1 {
            return Err(format!("{orphans} posts without author, want 1").into());
        }
        Ok(())
    })();
    let _ = std::fs::remove_file(&path);
    result.map_err(|e| Failed::from(e.to_string()))
}

/// A small Chinook-shaped data set for our own migrations' schema: the
/// tree, the second key into Employee, both association tables.
const SMALL_CHINOOK: &str = r#"
            INSERT INTO "Employee" VALUES (1, 'Adams', 'Andrew', 'General Manager', NULL),
                (2, 'Edwards', 'Nancy', 'Sales Manager', 1), (3, 'Peacock', 'Jane', 'Sales Agent', 2),
                (4, 'King', 'Robert', 'IT Staff', 3);
            INSERT INTO "Customer" VALUES (1, 'Luis', 'Goncalves', 'l@example.com', 3),
                (2, 'Leonie', 'Kohler', 'k@example.com', 3), (3, 'Astrid', 'Gruber', 'a@example.com', 2);
            INSERT INTO "Artist" VALUES (1, 'AC/DC');
            INSERT INTO "Album" VALUES (1, 'Let There Be Rock', 1), (2, 'For Those About To Rock', 1);
            INSERT INTO "Track" VALUES (1, 'Go Down', 1, 331180), (2, 'Dog Eat Dog', 1, 215196),
                (3, 'Put The Finger On You', 2, 205662);
            INSERT INTO "Invoice" VALUES (1, 2, 'Stuttgart'), (2, 2, 'Bonn'), (3, 2, NULL),
                (4, 2, 'Berlin');
            INSERT INTO "InvoiceLine" VALUES (1, 1, 2, 0.99, 1), (2, 1, 3, 0.99, 2);
            INSERT INTO "Playlist" VALUES (1, 'Music'), (2, 'Empty');
            INSERT INTO "PlaylistTrack" VALUES (1, 1), (1, 3);
            "#;

/// The Chinook example on a small Chinook-shaped database built by our own
/// migrations: the tree, the second key into Employee, the association
/// object and the association table all show up.
fn chinook_walks_a_small_chinook() -> Result<(), Failed> {
    use diesel::connection::SimpleConnection;
    let result = (|| -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let mut conn = diesel_relations_seeds::db::sqlite(":memory:")?;
        conn.batch_execute(SMALL_CHINOOK)?;
        let mut out = Vec::new();
        chinook::run(&mut conn, &mut out)?;
        Ok(String::from_utf8(out)?)
    })()
    .map_err(|e| Failed::from(e.to_string()))?;
    let want = "== Employee.reports, walked one query per level
Andrew Adams (General Manager)
  Nancy Edwards reports to Andrew Adams
    Jane Peacock reports to Nancy Edwards
      Robert King reports to Jane Peacock
== Employee.customers (Customer.SupportRepId, a second key into Employee)
Nancy Edwards looks after 1 customers
Jane Peacock looks after 2 customers
== Invoice.lines (an association object) and Invoice.tracks (through it)
invoice 1 of Leonie Kohler
  1 x Dog Eat Dog at 0.99
  2 x Put The Finger On You at 0.99
  tracks, straight through: Dog Eat Dog, Put The Finger On You
== Artist.albums and Album.tracks
AC/DC
  For Those About To Rock (1 tracks)
  Let There Be Rock (2 tracks)
== Playlist.tracks (PlaylistTrack)
Music: 2 tracks
Empty: 0 tracks
== Playlist.playlist_tracks (PlaylistTrack, keyed by both foreign keys) with PlaylistTrack.track
Music: 2 rows, the first: 1 Go Down, 3 Put The Finger On You
Empty: 0 rows
== Querying through the relationships
Andrew's manager: -
Nancy's manager: Andrew
Jane's manager: Nancy
Robert's manager: Jane
2 tracks on Music, the first: Go Down, Put The Finger On You
customers per employee: Andrew 0, Nancy 1, Jane 2, Robert 0
Luis's latest invoices with a city: -
Leonie's latest invoices with a city: 4, 2
Astrid's latest invoices with a city: -
";
    if result != want {
        return Err(format!("chinook printed:\n{result}\nexpected:\n{want}").into());
    }
    Ok(())
}

/// What the example's eager load through `PlaylistTrack` (the association
/// object) returns, against hand-written Diesel on the same small Chinook:
/// every playlist's rows in key order, each with its track.
fn chinook_playlist_tracks_match_hand_written_diesel() -> Result<(), Failed> {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel_relations::eager::{with, Eager};
    use diesel_relations_seeds::schema::chinook::{playlist_track, playlists, tracks};
    use diesel_relations_seeds::seeds::chinook::{Playlist, PlaylistTrack};
    type Rows = Vec<(i32, Vec<(i32, i32, String)>)>;
    let (ours, by_hand) = (|| -> Result<(Rows, Rows), Box<dyn std::error::Error + Send + Sync>> {
        let mut conn = diesel_relations_seeds::db::sqlite(":memory:")?;
        conn.batch_execute(SMALL_CHINOOK)?;
        let conn = &mut conn;
        let lists: Vec<Playlist> = playlists::table
            .order_by(playlists::playlist_id)
            .select(Playlist::as_select())
            .load(conn)?;
        let ours = lists
            .clone()
            .eager(conn, with(Playlist::playlist_tracks, PlaylistTrack::track))?
            .iter()
            .map(|p| {
                let rows = p.related.iter();
                (
                    p.playlist_id,
                    rows.map(|r| (r.playlist_id, r.track_id, r.related.name.clone()))
                        .collect(),
                )
            })
            .collect();
        let pairs: Vec<(i32, i32, String)> = playlist_track::table
            .inner_join(tracks::table)
            .order_by((playlist_track::playlist_id, playlist_track::track_id))
            .select((
                playlist_track::playlist_id,
                playlist_track::track_id,
                tracks::name,
            ))
            .load(conn)?;
        let by_hand = lists
            .iter()
            .map(|p| {
                let mine = pairs.iter().filter(|r| r.0 == p.playlist_id).cloned();
                (p.playlist_id, mine.collect())
            })
            .collect();
        Ok((ours, by_hand))
    })()
    .map_err(|e| Failed::from(e.to_string()))?;
    if ours != by_hand {
        return Err(format!("eager {ours:?}, by hand {by_hand:?}").into());
    }
    if ours.iter().map(|(_, r)| r.len()).sum::<usize>() != 2 {
        return Err(format!("eager {ours:?}: want the 2 PlaylistTrack rows").into());
    }
    Ok(())
}

pub fn trials() -> Vec<Trial> {
    vec![
        reproduces(
            "customers_invoices",
            include_str!("../expected/customers_invoices.txt"),
            customers_invoices::run,
        ),
        reproduces(
            "players_teams",
            include_str!("../expected/players_teams.txt"),
            players_teams::run,
        ),
        reproduces(
            "parent_child",
            include_str!("../expected/parent_child_patterns.txt"),
            parent_child::run,
        ),
        reproduces(
            "users_posts_authors_books",
            include_str!("../expected/users_posts_authors_books.txt"),
            users_posts_authors_books::run,
        ),
        reproduces(
            "customers_orders",
            include_str!("../expected/customers_orders.txt"),
            customers_orders::run,
        ),
        Trial::test(
            "sqlite::examples::tour_writes_a_consistent_file",
            tour_writes_a_consistent_file,
        ),
        Trial::test(
            "sqlite::examples::chinook_walks_a_small_chinook",
            chinook_walks_a_small_chinook,
        ),
        Trial::test(
            "sqlite::examples::chinook_playlist_tracks_match_hand_written_diesel",
            chinook_playlist_tracks_match_hand_written_diesel,
        ),
    ]
}
