//! The library on a real schema nobody here wrote: Chinook.
//!
//! Give it a Chinook SQLite database, or the `Chinook_Sqlite.sql` script
//! (run into an in-memory database first):
//!
//! ```text
//! cargo run --example chinook -- path/to/Chinook.sqlite
//! cargo run --example chinook -- path/to/Chinook_Sqlite.sql
//! ```
//!
//! It walks the employee tree (a self-referential foreign key) one query
//! per level, the support reps' customers (a second foreign key into
//! Employee), an invoice's lines (an association object) and straight
//! through them to the tracks, and playlists, whose `PlaylistTrack` is both
//! a plain association table (read through it) and an association object
//! keyed by its two foreign keys (eager-loaded with each row's track);
//! then queries through the relationships: a self-referential join, an
//! EXISTS through an association table, counts per row, and a filtered,
//! ordered and limited eager load.
//! Models: `src/seeds/chinook.rs`.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_relations::eager::with;
use diesel_relations::narrowed::Narrow;
use diesel_relations::{CountRelated, Eager, LoadRelated, Related};
use diesel_relations_seeds::schema::chinook::{
    artists, customers, employees, invoices, playlists, tracks,
};
use diesel_relations_seeds::seeds::chinook::{
    Artist, Customer, Employee, Invoice, Playlist, PlaylistTrack, Track,
};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn full_name(e: &Employee) -> String {
    format!("{} {}", e.first_name, e.last_name)
}

pub fn run(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    writeln!(out, "== Employee.reports, walked one query per level")?;
    let mut level: Vec<Employee> = employees::table
        .filter(employees::reports_to.is_null())
        .order_by(employees::employee_id)
        .select(Employee::as_select())
        .load(conn)?;
    for root in &level {
        writeln!(
            out,
            "{} ({})",
            full_name(root),
            root.title.as_deref().unwrap_or("-")
        )?;
    }
    for depth in 1..=3 {
        let reports = level.load_related(conn, Employee::reports)?;
        for (manager, reports) in level.iter().zip(&reports) {
            for e in reports {
                let indent = "  ".repeat(depth);
                writeln!(
                    out,
                    "{indent}{} reports to {}",
                    full_name(e),
                    full_name(manager)
                )?;
            }
        }
        level = reports.into_iter().flatten().collect();
    }

    writeln!(
        out,
        "== Employee.customers (Customer.SupportRepId, a second key into Employee)"
    )?;
    let reps: Vec<Employee> = employees::table
        .order_by(employees::employee_id)
        .select(Employee::as_select())
        .load(conn)?;
    let customers = reps.load_related(conn, Employee::customers)?;
    for (rep, customers) in reps.iter().zip(&customers) {
        if !customers.is_empty() {
            writeln!(
                out,
                "{} looks after {} customers",
                full_name(rep),
                customers.len()
            )?;
        }
    }

    writeln!(
        out,
        "== Invoice.lines (an association object) and Invoice.tracks (through it)"
    )?;
    if let Some(invoice) = invoices::table
        .order_by(invoices::invoice_id)
        .select(Invoice::as_select())
        .first(conn)
        .optional()?
    {
        let customer = invoice.customer().get(conn)?;
        writeln!(
            out,
            "invoice {} of {} {}",
            invoice.invoice_id, customer.first_name, customer.last_name
        )?;
        for line in invoice.lines().load(conn)? {
            let track = line.track().get(conn)?;
            writeln!(
                out,
                "  {} x {} at {:.2}",
                line.quantity, track.name, line.unit_price
            )?;
        }
        let through: Vec<String> = invoice
            .tracks()
            .load(conn)?
            .into_iter()
            .map(|t| t.name)
            .collect();
        writeln!(out, "  tracks, straight through: {}", through.join(", "))?;
    }

    writeln!(out, "== Artist.albums and Album.tracks")?;
    if let Some(artist) = artists::table
        .order_by(artists::artist_id)
        .select(Artist::as_select())
        .first(conn)
        .optional()?
    {
        writeln!(out, "{}", artist.name.as_deref().unwrap_or("(no name)"))?;
        let albums = artist.albums().load(conn)?;
        let tracks =
            albums.load_related(conn, diesel_relations_seeds::seeds::chinook::Album::tracks)?;
        for (album, tracks) in albums.iter().zip(&tracks) {
            writeln!(out, "  {} ({} tracks)", album.title, tracks.len())?;
        }
    }

    writeln!(out, "== Playlist.tracks (PlaylistTrack)")?;
    for playlist in playlists::table
        .order_by(playlists::playlist_id)
        .select(Playlist::as_select())
        .load(conn)?
    {
        let n: i64 = playlist.tracks().count().get_result(conn)?;
        writeln!(
            out,
            "{}: {n} tracks",
            playlist.name.as_deref().unwrap_or("(no name)")
        )?;
    }

    writeln!(
        out,
        "== Playlist.playlist_tracks (PlaylistTrack, keyed by both foreign keys) with PlaylistTrack.track"
    )?;
    // Two queries for every playlist: their PlaylistTrack rows (ordered by
    // the key, (PlaylistId, TrackId)), then those rows' tracks.
    let lists: Vec<Playlist> = playlists::table
        .order_by(playlists::playlist_id)
        .select(Playlist::as_select())
        .load(conn)?;
    for playlist in lists.eager(conn, with(Playlist::playlist_tracks, PlaylistTrack::track))? {
        let first: Vec<String> = playlist
            .related
            .iter()
            .take(2)
            .map(|row| format!("{} {}", row.track_id, row.related.name))
            .collect();
        writeln!(
            out,
            "{}: {} rows{}",
            playlist.name.as_deref().unwrap_or("(no name)"),
            playlist.related.len(),
            if first.is_empty() {
                String::new()
            } else {
                format!(", the first: {}", first.join(", "))
            }
        )?;
    }

    writeln!(out, "== Querying through the relationships")?;
    // Employee.manager is self-referential: the joined employees table is
    // an alias, and the ON clause (managers.EmployeeId = ReportsTo) comes
    // from the declaration.
    let managers = diesel::alias!(employees as managers);
    let with_managers: Vec<(String, Option<String>)> = employees::table
        .left_join(Employee::manager.join_as(managers))
        .order_by(employees::employee_id)
        .select((
            employees::first_name,
            managers.field(employees::first_name).nullable(),
        ))
        .load(conn)?;
    for (name, manager) in with_managers {
        writeln!(
            out,
            "{name}'s manager: {}",
            manager.as_deref().unwrap_or("-")
        )?;
    }
    // EXISTS through the association table PlaylistTrack.
    let on_music = tracks::table.filter(Track::playlists.any(playlists::name.eq("Music")));
    let n: i64 = on_music.count().get_result(conn)?;
    let first: Vec<String> = on_music
        .order_by(tracks::track_id)
        .limit(2)
        .select(tracks::name)
        .load(conn)?;
    writeln!(out, "{n} tracks on Music, the first: {}", first.join(", "))?;
    // Customers of the reps, counted in one GROUP BY query, aligned with reps.
    let counts = reps.count_related(conn, Employee::customers)?;
    let counted: Vec<String> = reps
        .iter()
        .zip(counts)
        .map(|(rep, n)| format!("{} {n}", rep.first_name))
        .collect();
    writeln!(out, "customers per employee: {}", counted.join(", "))?;
    // Each of the first customers with its two latest invoices billed to
    // a city: a filtered, ordered and limited eager load, one query for
    // all of them (ROW_NUMBER() per customer).
    let first: Vec<Customer> = customers::table
        .order_by(customers::customer_id)
        .limit(3)
        .select(Customer::as_select())
        .load(conn)?;
    let latest = Customer::invoices
        .filter(invoices::billing_city.is_not_null())
        .order(invoices::invoice_id.desc())
        .limit_per_parent(2);
    for customer in first.eager(conn, latest)? {
        let ids: Vec<String> = customer
            .related
            .iter()
            .map(|i| i.invoice_id.to_string())
            .collect();
        writeln!(
            out,
            "{}'s latest invoices with a city: {}",
            customer.first_name,
            if ids.is_empty() {
                "-".to_owned()
            } else {
                ids.join(", ")
            }
        )?;
    }
    Ok(())
}

/// Opens the database, or runs a `.sql` script into an in-memory one.
fn open(path: &str) -> Result<SqliteConnection, Error> {
    if path.ends_with(".sql") {
        let script = std::fs::read_to_string(path)?;
        let mut conn = SqliteConnection::establish(":memory:")?;
        conn.batch_execute(&script)?;
        Ok(conn)
    } else if std::path::Path::new(path).exists() {
        Ok(SqliteConnection::establish(path)?)
    } else {
        Err(format!("{path}: no such file").into())
    }
}

#[allow(dead_code)] // tests include this file for `run` only
fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!(
            "usage: cargo run --example chinook -- <Chinook.sqlite or Chinook_Sqlite.sql>\n\
             (the Chinook sample database, MIT licensed, from the Chinook project's releases)"
        );
        return std::process::ExitCode::from(2);
    };
    let result = open(&path).and_then(|mut conn| run(&mut conn, &mut std::io::stdout().lock()));
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chinook: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
