//! Seed 002: many-to-many through an association table, kept in step by
//! `set`, `unlink` and `delete`; and a one-to-one (`uselist=False`).
//!
//! Prints exactly what the SQLAlchemy version prints
//! (`tests/expected/parent_child_patterns.txt`). Models:
//! `src/seeds/parents.rs`.
//!
//! ```text
//! cargo run --example parent_child
//! ```

use diesel::prelude::*;
use diesel_relations_seeds::db;
use diesel_relations_seeds::schema::{association, children, parents};
use diesel_relations_seeds::seeds::parents::{Child, Parent};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn new_parent(conn: &mut SqliteConnection) -> QueryResult<Parent> {
    diesel::insert_into(parents::table)
        .default_values()
        .returning(Parent::as_returning())
        .get_result(conn)
}

fn new_child(conn: &mut SqliteConnection) -> QueryResult<Child> {
    diesel::insert_into(children::table)
        .default_values()
        .returning(Child::as_returning())
        .get_result(conn)
}

fn association_rows(conn: &mut SqliteConnection) -> QueryResult<i64> {
    association::table.count().get_result(conn)
}

fn ids(children: &[Child]) -> String {
    let ids: Vec<String> = children.iter().map(|c| c.id.to_string()).collect();
    format!("[{}]", ids.join(", "))
}

pub fn run(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    let (p1, p2, c1, c2) = conn.transaction(|conn| {
        let (p1, p2) = (new_parent(conn)?, new_parent(conn)?);
        let (c1, c2, c3) = (new_child(conn)?, new_child(conn)?, new_child(conn)?);
        // p1.children = [c1, c2]; p2.children = [c2, c3]
        p1.children().set(conn, [&c1, &c2])?;
        p2.children().set(conn, [&c2, &c3])?;
        // p1.favourite = Favourite()
        p1.favourite().create(conn)?;
        Ok::<_, Error>((p1, p2, c1, c2))
    })?;

    writeln!(out, "association rows {}", association_rows(conn)?)?;
    let c2_parents: Vec<String> = c2
        .parents()
        .load(conn)?
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    writeln!(out, "c2 parents [{}]", c2_parents.join(", "))?;
    let favourite = p1.favourite().get(conn)?.ok_or("p1 has a favourite")?;
    let back = favourite
        .parent()
        .get(conn)?
        .ok_or("the favourite has a parent")?;
    let p2_favourite = p2
        .favourite()
        .get(conn)?
        .map_or("None".to_owned(), |f| f.id.to_string());
    writeln!(
        out,
        "p1 favourite {} -> parent {} ; p2 favourite {p2_favourite}",
        favourite.id, back.id
    )?;

    // p1.children.remove(c1)
    p1.children().unlink(conn, [&c1])?;
    writeln!(
        out,
        "after remove: association rows {}",
        association_rows(conn)?
    )?;

    // session.delete(c2): its association rows go with it.
    diesel_relations::delete(conn, &c2)?;
    writeln!(
        out,
        "after delete child 2: association rows {} p1 children {} p2 children {}",
        association_rows(conn)?,
        ids(&p1.children().load(conn)?),
        ids(&p2.children().load(conn)?)
    )?;
    Ok(())
}

#[allow(dead_code)] // tests include this file for `run` only
fn main() -> Result<(), Error> {
    let mut conn = db::sqlite(":memory:")?;
    run(&mut conn, &mut std::io::stdout().lock())
}
