//! Property tests: on random graphs, eager loading returns exactly what lazy
//! loading returns, for every relationship kind, also with the chunk size
//! forced small. SQLite, a fresh in-memory database per case.

use diesel::prelude::*;
use diesel_relations::eager::{with, with_chunk_size, Eager};
use diesel_relations_seeds::schema::chinook::{
    customers, employees, invoice_lines, invoices, playlist_track, playlists, tracks,
};
use diesel_relations_seeds::schema::{favourites, parents};
use diesel_relations_seeds::seeds::chinook::{
    Customer, Employee, Invoice, InvoiceLine, Playlist, Track,
};
use diesel_relations_seeds::seeds::parents::Parent;
use libtest_mimic::{Failed, Trial};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// A random graph over the Chinook-shaped tables and seed 002's parents.
#[derive(Debug, Clone)]
struct Graph {
    tracks: usize,
    /// Per employee: the index of an earlier employee it reports to.
    managers: Vec<Option<prop::sample::Index>>,
    /// Per customer: a support rep (employee index), and invoices, each a
    /// list of track indexes (the lines).
    customers: Vec<(Option<prop::sample::Index>, Vec<Vec<prop::sample::Index>>)>,
    /// Per playlist: track indexes (duplicates are dropped).
    playlists: Vec<Vec<prop::sample::Index>>,
    /// Per parent: whether it has a favourite.
    favourites: Vec<bool>,
    /// Keys per query for the eager side.
    chunk: usize,
    /// Sources picked out of key order, some more than once: grouping must
    /// not rely on the sources being ordered or distinct.
    picks: Vec<prop::sample::Index>,
}

fn graphs() -> impl Strategy<Value = Graph> {
    (
        1usize..6,
        prop::collection::vec(prop::option::of(any::<prop::sample::Index>()), 0..7),
        prop::collection::vec(
            (
                prop::option::of(any::<prop::sample::Index>()),
                prop::collection::vec(
                    prop::collection::vec(any::<prop::sample::Index>(), 0..4),
                    0..4,
                ),
            ),
            0..6,
        ),
        prop::collection::vec(
            prop::collection::vec(any::<prop::sample::Index>(), 0..5),
            0..4,
        ),
        prop::collection::vec(any::<bool>(), 0..5),
        prop_oneof![
            Just(1usize),
            Just(2),
            Just(3),
            Just(diesel_relations::eager::CHUNK)
        ],
        prop::collection::vec(any::<prop::sample::Index>(), 0..8),
    )
        .prop_map(
            |(tracks, managers, customers, playlists, favourites, chunk, picks)| Graph {
                tracks,
                managers,
                customers,
                playlists,
                favourites,
                chunk,
                picks,
            },
        )
}

type Error = Box<dyn std::error::Error + Send + Sync>;

fn build(conn: &mut SqliteConnection, g: &Graph) -> Result<(), Error> {
    for t in 1..=g.tracks as i32 {
        diesel::insert_into(tracks::table)
            .values((
                tracks::track_id.eq(t),
                tracks::name.eq(format!("t{t}")),
                tracks::milliseconds.eq(t),
            ))
            .execute(conn)?;
    }
    for (i, manager) in g.managers.iter().enumerate() {
        // Only earlier employees: a tree, no cycle.
        let boss = manager
            .as_ref()
            .filter(|_| i > 0)
            .map(|m| m.index(i) as i32 + 1);
        diesel::insert_into(employees::table)
            .values((
                employees::employee_id.eq(i as i32 + 1),
                employees::last_name.eq("E"),
                employees::first_name.eq(format!("e{i}")),
                employees::reports_to.eq(boss),
            ))
            .execute(conn)?;
    }
    let (mut invoice_id, mut line_id) = (0, 0);
    for (c, (rep, invoice_lines_of)) in g.customers.iter().enumerate() {
        let rep = rep
            .as_ref()
            .filter(|_| !g.managers.is_empty())
            .map(|r| r.index(g.managers.len()) as i32 + 1);
        diesel::insert_into(customers::table)
            .values((
                customers::customer_id.eq(c as i32 + 1),
                customers::first_name.eq("C"),
                customers::last_name.eq(format!("{c}")),
                customers::email.eq("c@example.com"),
                customers::support_rep_id.eq(rep),
            ))
            .execute(conn)?;
        for lines in invoice_lines_of {
            invoice_id += 1;
            diesel::insert_into(invoices::table)
                .values((
                    invoices::invoice_id.eq(invoice_id),
                    invoices::customer_id.eq(c as i32 + 1),
                ))
                .execute(conn)?;
            for track in lines {
                line_id += 1;
                diesel::insert_into(invoice_lines::table)
                    .values((
                        invoice_lines::invoice_line_id.eq(line_id),
                        invoice_lines::invoice_id.eq(invoice_id),
                        invoice_lines::track_id.eq(track.index(g.tracks) as i32 + 1),
                        invoice_lines::unit_price.eq(0.99),
                        invoice_lines::quantity.eq(1),
                    ))
                    .execute(conn)?;
            }
        }
    }
    for (p, members) in g.playlists.iter().enumerate() {
        diesel::insert_into(playlists::table)
            .values((
                playlists::playlist_id.eq(p as i32 + 1),
                playlists::name.eq(format!("p{p}")),
            ))
            .execute(conn)?;
        let mut ids: Vec<i32> = members
            .iter()
            .map(|m| m.index(g.tracks) as i32 + 1)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for t in ids {
            diesel::insert_into(playlist_track::table)
                .values((
                    playlist_track::playlist_id.eq(p as i32 + 1),
                    playlist_track::track_id.eq(t),
                ))
                .execute(conn)?;
        }
    }
    for (p, has) in g.favourites.iter().enumerate() {
        diesel::insert_into(parents::table)
            .values((parents::id.eq(p as i32 + 1), parents::name.eq("")))
            .execute(conn)?;
        if *has {
            diesel::insert_into(favourites::table)
                .values(favourites::parent_id.eq(p as i32 + 1))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Eager equals lazy for every kind on one graph.
fn eager_equals_lazy(g: &Graph) -> Result<(), Error> {
    let mut conn = diesel_relations_seeds::db::sqlite(":memory:")?;
    build(&mut conn, g)?;
    let conn = &mut conn;
    let check = |what: &str, eager: String, lazy: String| -> Result<(), Error> {
        if eager == lazy {
            Ok(())
        } else {
            Err(format!("{what}: eager {eager} != lazy {lazy}").into())
        }
    };

    // One-to-many, nested three levels (one-to-many, one-to-many, many-to-one).
    let cs: Vec<Customer> = customers::table
        .order_by(customers::customer_id)
        .select(Customer::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || {
        cs.clone().eager(
            conn,
            with(Customer::invoices, with(Invoice::lines, InvoiceLine::track)),
        )
    })?;
    let eager: Vec<Vec<Vec<(i32, String)>>> = eager
        .iter()
        .map(|c| {
            c.related
                .iter()
                .map(|i| {
                    i.related
                        .iter()
                        .map(|l| (l.invoice_line_id, l.related.name.clone()))
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut lazy = Vec::new();
    for c in &cs {
        let mut invoices = Vec::new();
        for i in c.invoices().load(conn)? {
            let mut lines = Vec::new();
            for l in i.lines().load(conn)? {
                lines.push((l.invoice_line_id, l.track().get(conn)?.name));
            }
            invoices.push(lines);
        }
        lazy.push(invoices);
    }
    check(
        "Customer.invoices.lines.track",
        format!("{eager:?}"),
        format!("{lazy:?}"),
    )?;

    // Many-to-one, optional; and the self-referential pair.
    let eager = with_chunk_size(g.chunk, || cs.clone().eager(conn, Customer::support_rep))?;
    let eager: Vec<Option<i32>> = eager
        .iter()
        .map(|c| c.related.as_ref().map(|e| e.employee_id))
        .collect();
    let lazy: Vec<Option<i32>> = cs
        .iter()
        .map(|c| c.support_rep().get(conn).map(|e| e.map(|e| e.employee_id)))
        .collect::<Result<_, _>>()?;
    check(
        "Customer.support_rep",
        format!("{eager:?}"),
        format!("{lazy:?}"),
    )?;
    let es: Vec<Employee> = employees::table
        .order_by(employees::employee_id)
        .select(Employee::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || {
        es.clone().eager(
            conn,
            diesel_relations::both(Employee::manager, Employee::reports),
        )
    })?;
    let eager: Vec<(Option<i32>, Vec<i32>)> = eager
        .iter()
        .map(|e| {
            (
                e.related.0.as_ref().map(|m| m.employee_id),
                e.related.1.iter().map(|r| r.employee_id).collect(),
            )
        })
        .collect();
    let mut lazy = Vec::new();
    for e in &es {
        let manager = e.manager().get(conn)?.map(|m| m.employee_id);
        let reports: Vec<i32> = e
            .reports()
            .load(conn)?
            .iter()
            .map(|r| r.employee_id)
            .collect();
        lazy.push((manager, reports));
    }
    check(
        "Employee.manager/reports",
        format!("{eager:?}"),
        format!("{lazy:?}"),
    )?;

    // Many-to-many, both ways, and through an association object.
    let ps: Vec<Playlist> = playlists::table
        .order_by(playlists::playlist_id)
        .select(Playlist::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || ps.clone().eager(conn, Playlist::tracks))?;
    let eager: Vec<Vec<i32>> = eager
        .iter()
        .map(|p| p.related.iter().map(|t| t.track_id).collect())
        .collect();
    let lazy: Vec<Vec<i32>> = ps
        .iter()
        .map(|p| {
            p.tracks()
                .load(conn)
                .map(|v| v.iter().map(|t| t.track_id).collect())
        })
        .collect::<Result<_, _>>()?;
    check("Playlist.tracks", format!("{eager:?}"), format!("{lazy:?}"))?;
    let ts: Vec<Track> = tracks::table
        .order_by(tracks::track_id)
        .select(Track::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || ts.clone().eager(conn, Track::playlists))?;
    let eager: Vec<Vec<i32>> = eager
        .iter()
        .map(|t| t.related.iter().map(|p| p.playlist_id).collect())
        .collect();
    let lazy: Vec<Vec<i32>> = ts
        .iter()
        .map(|t| {
            t.playlists()
                .load(conn)
                .map(|v| v.iter().map(|p| p.playlist_id).collect())
        })
        .collect::<Result<_, _>>()?;
    check("Track.playlists", format!("{eager:?}"), format!("{lazy:?}"))?;
    let is: Vec<Invoice> = invoices::table
        .order_by(invoices::invoice_id)
        .select(Invoice::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || is.clone().eager(conn, Invoice::tracks))?;
    let eager: Vec<Vec<i32>> = eager
        .iter()
        .map(|i| i.related.iter().map(|t| t.track_id).collect())
        .collect();
    let lazy: Vec<Vec<i32>> = is
        .iter()
        .map(|i| {
            i.tracks()
                .load(conn)
                .map(|v| v.iter().map(|t| t.track_id).collect())
        })
        .collect::<Result<_, _>>()?;
    check("Invoice.tracks", format!("{eager:?}"), format!("{lazy:?}"))?;

    // Sources out of order and repeated: a one-to-many and a many-to-many.
    let picked: Vec<Customer> = g
        .picks
        .iter()
        .filter(|_| !cs.is_empty())
        .map(|ix| cs[ix.index(cs.len())].clone())
        .collect();
    let eager = with_chunk_size(g.chunk, || picked.clone().eager(conn, Customer::invoices))?;
    let eager: Vec<Vec<i32>> = eager
        .iter()
        .map(|c| c.related.iter().map(|i| i.invoice_id).collect())
        .collect();
    let lazy: Vec<Vec<i32>> = picked
        .iter()
        .map(|c| {
            c.invoices()
                .load(conn)
                .map(|v| v.iter().map(|i| i.invoice_id).collect())
        })
        .collect::<Result<_, _>>()?;
    check(
        "Customer.invoices, picked",
        format!("{eager:?}"),
        format!("{lazy:?}"),
    )?;
    let picked: Vec<Track> = g
        .picks
        .iter()
        .map(|ix| ts[ix.index(ts.len())].clone())
        .collect();
    let eager = with_chunk_size(g.chunk, || picked.clone().eager(conn, Track::playlists))?;
    let eager: Vec<Vec<i32>> = eager
        .iter()
        .map(|t| t.related.iter().map(|p| p.playlist_id).collect())
        .collect();
    let lazy: Vec<Vec<i32>> = picked
        .iter()
        .map(|t| {
            t.playlists()
                .load(conn)
                .map(|v| v.iter().map(|p| p.playlist_id).collect())
        })
        .collect::<Result<_, _>>()?;
    check(
        "Track.playlists, picked",
        format!("{eager:?}"),
        format!("{lazy:?}"),
    )?;

    // One-to-one.
    let parents_list: Vec<Parent> = parents::table
        .order_by(parents::id)
        .select(Parent::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || {
        parents_list.clone().eager(conn, Parent::favourite)
    })?;
    let eager: Vec<Option<i32>> = eager
        .iter()
        .map(|p| p.related.as_ref().map(|f| f.id))
        .collect();
    let lazy: Vec<Option<i32>> = parents_list
        .iter()
        .map(|p| p.favourite().get(conn).map(|f| f.map(|f| f.id)))
        .collect::<Result<_, _>>()?;
    check(
        "Parent.favourite",
        format!("{eager:?}"),
        format!("{lazy:?}"),
    )?;
    Ok(())
}

fn eager_equals_lazy_on_random_graphs() -> Result<(), Failed> {
    let mut runner = TestRunner::new(Config {
        cases: 256,
        ..Config::default()
    });
    runner
        .run(&graphs(), |g| {
            eager_equals_lazy(&g).map_err(|e| TestCaseError::fail(e.to_string()))
        })
        .map_err(|e| Failed::from(e.to_string()))
}

pub fn trials() -> Vec<Trial> {
    vec![Trial::test(
        "sqlite::properties::eager_equals_lazy_on_random_graphs",
        eager_equals_lazy_on_random_graphs,
    )]
}
