//! The seed examples print exactly what the SQLAlchemy reference prints.
//!
//! Each example is compiled into this test as a module and its `run` is
//! given a buffer instead of stdout; `tests/expected/` holds the reference
//! output of `seed_scenarios.py`, one file per section.

use libtest_mimic::{Failed, Trial};

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
    ]
}
