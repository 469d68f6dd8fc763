//! Property test: on random graphs, async eager loading returns exactly
//! what synchronous lazy loading returns (a query per row), for a nested
//! plan over sources picked out of order and repeated, siblings, a
//! self-referential collection and a many-to-many, with the keys per query
//! forced small. SQLite, a fresh in-memory database per case: the lazy
//! loads run on it first, then the same connection goes behind
//! `SyncConnectionWrapper` for the async side.

use diesel::prelude::*;
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_relations::asynchronous::{Eager, LoadRelated};
use diesel_relations::eager::{both, with, with_chunk_size};
use diesel_relations_seeds::schema::chinook::{
    customers, employees, invoice_lines, invoices, playlist_track, playlists, tracks,
};
use diesel_relations_seeds::seeds::chinook::{Customer, Employee, Invoice, InvoiceLine, Playlist};
use libtest_mimic::{Failed, Trial};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Employees (each reporting to an earlier one or none), customers (a
/// support rep, invoices of lines over the tracks), playlists.
#[derive(Debug, Clone)]
struct Graph {
    tracks: usize,
    managers: Vec<Option<Index>>,
    customers: Vec<(Option<Index>, Vec<Vec<Index>>)>,
    playlists: Vec<Vec<Index>>,
    chunk: usize,
    picks: Vec<Index>,
}

fn graphs() -> impl Strategy<Value = Graph> {
    (
        1usize..6,
        prop::collection::vec(prop::option::of(any::<Index>()), 0..7),
        prop::collection::vec(
            (
                prop::option::of(any::<Index>()),
                prop::collection::vec(prop::collection::vec(any::<Index>(), 0..4), 0..4),
            ),
            0..6,
        ),
        prop::collection::vec(prop::collection::vec(any::<Index>(), 0..5), 0..4),
        prop_oneof![Just(1usize), Just(2), Just(diesel_relations::eager::CHUNK)],
        prop::collection::vec(any::<Index>(), 0..8),
    )
        .prop_map(
            |(tracks, managers, customers, playlists, chunk, picks)| Graph {
                tracks,
                managers,
                customers,
                playlists,
                chunk,
                picks,
            },
        )
}

fn build(conn: &mut SqliteConnection, g: &Graph) -> QueryResult<()> {
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
    let (mut invoice, mut line) = (0, 0);
    for (c, (rep, invoices_of)) in g.customers.iter().enumerate() {
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
        for lines in invoices_of {
            invoice += 1;
            diesel::insert_into(invoices::table)
                .values((
                    invoices::invoice_id.eq(invoice),
                    invoices::customer_id.eq(c as i32 + 1),
                ))
                .execute(conn)?;
            for track in lines {
                line += 1;
                diesel::insert_into(invoice_lines::table)
                    .values((
                        invoice_lines::invoice_line_id.eq(line),
                        invoice_lines::invoice_id.eq(invoice),
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
    Ok(())
}

/// What each side reads, printed: the nested plan over the picked
/// customers, each customer's support rep, each employee's reports, each
/// playlist's tracks.
#[derive(Debug, PartialEq)]
struct Read {
    nested: String,
    reps: String,
    reports: String,
    playlists: String,
}

/// The picked sources: out of key order, some twice.
fn picked(all: &[Customer], picks: &[Index]) -> Vec<Customer> {
    if all.is_empty() {
        return Vec::new();
    }
    picks
        .iter()
        .map(|i| all[i.index(all.len())].clone())
        .collect()
}

fn lazily(conn: &mut SqliteConnection, g: &Graph) -> Result<Read, Error> {
    let all: Vec<Customer> = customers::table
        .order_by(customers::customer_id)
        .select(Customer::as_select())
        .load(conn)?;
    let mut nested = Vec::new();
    for c in picked(&all, &g.picks) {
        let mut invoices = Vec::new();
        for i in c.invoices().load(conn)? {
            let mut lines = Vec::new();
            for l in i.lines().load(conn)? {
                lines.push((l.invoice_line_id, l.track().get(conn)?));
            }
            invoices.push((i.invoice_id, lines));
        }
        nested.push((c.customer_id, invoices));
    }
    let mut reps = Vec::new();
    for c in &all {
        reps.push((c.support_rep().get(conn)?, c.invoices().load(conn)?));
    }
    let staff: Vec<Employee> = employees::table
        .order_by(employees::employee_id)
        .select(Employee::as_select())
        .load(conn)?;
    let mut reports = Vec::new();
    for e in &staff {
        reports.push(e.reports().load(conn)?);
    }
    let lists: Vec<Playlist> = playlists::table
        .order_by(playlists::playlist_id)
        .select(Playlist::as_select())
        .load(conn)?;
    let mut tracks = Vec::new();
    for p in &lists {
        tracks.push(p.tracks().load(conn)?);
    }
    Ok(Read {
        nested: format!("{nested:?}"),
        reps: format!("{reps:?}"),
        reports: format!("{reports:?}"),
        playlists: format!("{tracks:?}"),
    })
}

async fn eagerly(
    a: &mut SyncConnectionWrapper<SqliteConnection>,
    g: &Graph,
) -> Result<Read, Error> {
    // diesel's RunQueryDsl is in scope too (the prelude): name the async one.
    use diesel_async::RunQueryDsl as Async;
    let all: Vec<Customer> = Async::load(
        customers::table
            .order_by(customers::customer_id)
            .select(Customer::as_select()),
        a,
    )
    .await?;
    let pages = picked(&all, &g.picks)
        .eager(
            a,
            with(Customer::invoices, with(Invoice::lines, InvoiceLine::track)),
        )
        .await?;
    let nested: Vec<_> = pages
        .iter()
        .map(|c| {
            let invoices: Vec<_> = c
                .related
                .iter()
                .map(|i| {
                    (
                        i.invoice_id,
                        i.related
                            .iter()
                            .map(|l| (l.invoice_line_id, l.related.clone()))
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            (c.customer_id, invoices)
        })
        .collect();
    let reps: Vec<_> = all
        .eager(a, both(Customer::support_rep, Customer::invoices))
        .await?
        .into_iter()
        .map(|n| n.related)
        .collect();
    let staff: Vec<Employee> = Async::load(
        employees::table
            .order_by(employees::employee_id)
            .select(Employee::as_select()),
        a,
    )
    .await?;
    let reports = staff.load_related(a, Employee::reports).await?;
    let lists: Vec<Playlist> = Async::load(
        playlists::table
            .order_by(playlists::playlist_id)
            .select(Playlist::as_select()),
        a,
    )
    .await?;
    let tracks = lists.load_related(a, Playlist::tracks).await?;
    Ok(Read {
        nested: format!("{nested:?}"),
        reps: format!("{reps:?}"),
        reports: format!("{reports:?}"),
        playlists: format!("{tracks:?}"),
    })
}

fn case(g: &Graph) -> Result<(), Error> {
    let mut conn = diesel_relations_seeds::db::sqlite(":memory:")?;
    build(&mut conn, g)?;
    let lazy = lazily(&mut conn, g)?;
    let mut a = SyncConnectionWrapper::new(conn);
    // A current-thread runtime polls on this thread, where the chunk
    // size's override is set.
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    let eager = with_chunk_size(g.chunk, || rt.block_on(eagerly(&mut a, g)))?;
    if eager != lazy {
        return Err(format!("async eager {eager:?}\n  != sync lazy {lazy:?}").into());
    }
    Ok(())
}

pub fn trials() -> Vec<Trial> {
    vec![Trial::test(
        "sqlite::properties::async_eager_equals_sync_lazy",
        || {
            let mut runner = TestRunner::new(Config {
                cases: 48,
                ..Config::default()
            });
            runner
                .run(&graphs(), |g| {
                    case(&g).map_err(|e| TestCaseError::fail(e.to_string()))
                })
                .map_err(|e| Failed::from(e.to_string()))
        },
    )]
}
