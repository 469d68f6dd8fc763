//! The benchmark: this library against hand-written Diesel (its guide's
//! `belonging_to` + `grouped_by`) and the raw driver (rusqlite, the
//! `postgres` crate, the `mysql` crate: prepared statements, grouping by
//! hand), in the same process, on the same data.
//!
//! ```text
//! cargo run --release --example bench -- --customers 10000 [--backend sqlite|postgres|mysql] [--runs 5] [--json] [--only SCENARIO]
//! cargo run --release --features async --example bench -- --backend postgres-async   # the load scenarios on diesel-async
//! ```
//!
//! Data (deterministic): N customers with 10 invoices each and 3 lines per
//! invoice, N/2 authors, 2N books with 2 authors each, N parents of which
//! every other has a favourite. Each scenario runs the three ways in turn
//! (the order rotates every round), `--runs` rounds; the medians are
//! printed with their ratios, or one JSON line per scenario with `--json`.
//! Peak memory is the most heap the run held at once, from a counting
//! allocator. PostgreSQL and MySQL use `PG_DATABASE_URL` /
//! `MYSQL_DATABASE_URL` (a database `diesel_relations_bench` is created next
//! to the one in the URL, and dropped at the end); MySQL needs
//! `--features mysql`. `--backend postgres-async` (`--features async`) runs
//! the load scenarios on `AsyncPgConnection`: this library's async eager
//! API against hand-written diesel-async (`belonging_to` + `grouped_by`,
//! each query awaited), in the `diesel` column.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_relations::eager::{with, Eager};
use diesel_relations::graph::{insert_children, insert_rows, link_all};
use diesel_relations::joined::LoadJoined;
use diesel_relations::narrowed::Narrow;
use diesel_relations::CountRelated;
use diesel_relations_seeds::schema::chinook::{customers, invoice_lines, invoices, tracks};
use diesel_relations_seeds::schema::{authors, authors_books, books, favourites, parents};
use diesel_relations_seeds::seeds::books::{Author, AuthorBook, Book};
use diesel_relations_seeds::seeds::chinook::{Customer, Invoice, InvoiceLine};
use diesel_relations_seeds::seeds::parents::{Favourite, Parent};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error + Send + Sync>;

// ---------------------------------------------------------------- memory

/// Counts the heap in use and its peak, so each run's peak can be compared.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now =
                    CURRENT.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One timed run: its time, the most heap it held above where it started,
/// and the rows it produced.
struct Run {
    time: Duration,
    peak: usize,
    rows: usize,
}

fn measure(f: impl FnOnce() -> Result<usize, Error>) -> Result<Run, Error> {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let start = Instant::now();
    let rows = f()?;
    let time = start.elapsed();
    Ok(Run {
        time,
        peak: PEAK.load(Relaxed).saturating_sub(base),
        rows,
    })
}

// ------------------------------------------------------------------ data

/// The data set for N customers, as plain tuples every way inserts.
struct Data {
    customers: usize,
}

impl Data {
    const TRACKS: i32 = 100;
    fn invoices(&self) -> impl Iterator<Item = (i32, i32)> {
        (0..self.customers as i32 * 10).map(|i| (i + 1, i / 10 + 1))
    }
    fn lines(&self) -> impl Iterator<Item = (i32, i32, i32)> {
        (0..self.customers as i32 * 30).map(|l| (l + 1, l / 3 + 1, l % Self::TRACKS + 1))
    }
    fn authors(&self) -> i32 {
        (self.customers as i32 / 2).max(2)
    }
    fn books(&self) -> i32 {
        self.customers as i32 * 2
    }
    /// Two distinct authors per book.
    fn book_authors(&self) -> impl Iterator<Item = (i32, i32)> + '_ {
        let a = self.authors();
        (1..=self.books()).flat_map(move |b| {
            let first = (b - 1) % a + 1;
            let second = (b * 7) % a + 1;
            let second = if second == first {
                first % a + 1
            } else {
                second
            };
            [(first, b), (second, b)]
        })
    }
}

/// Loads the data set through Diesel (multi-row INSERTs of 1000 rows).
macro_rules! populate_with_diesel {
    ($conn:expr, $data:expr) => {{
        let data: &Data = $data;
        let conn = $conn;
        conn.transaction(|conn| {
            let tracks_rows: Vec<_> = (1..=Data::TRACKS)
                .map(|t| {
                    (
                        tracks::track_id.eq(t),
                        tracks::name.eq(format!("track {t}")),
                        tracks::milliseconds.eq(t * 1000),
                    )
                })
                .collect();
            diesel::insert_into(tracks::table)
                .values(tracks_rows)
                .execute(conn)?;
            let cs: Vec<_> = (1..=data.customers as i32)
                .map(|c| {
                    (
                        customers::customer_id.eq(c),
                        customers::first_name.eq(format!("first {c}")),
                        customers::last_name.eq(format!("last {c}")),
                        customers::email.eq(format!("c{c}@example.com")),
                    )
                })
                .collect();
            for chunk in cs.chunks(1000) {
                diesel::insert_into(customers::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let is: Vec<_> = data
                .invoices()
                .map(|(i, c)| {
                    (
                        invoices::invoice_id.eq(i),
                        invoices::customer_id.eq(c),
                        invoices::billing_city.eq(Some("Oslo")),
                    )
                })
                .collect();
            for chunk in is.chunks(1000) {
                diesel::insert_into(invoices::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let ls: Vec<_> = data
                .lines()
                .map(|(l, i, t)| {
                    (
                        invoice_lines::invoice_line_id.eq(l),
                        invoice_lines::invoice_id.eq(i),
                        invoice_lines::track_id.eq(t),
                        invoice_lines::unit_price.eq(0.99),
                        invoice_lines::quantity.eq(1),
                    )
                })
                .collect();
            for chunk in ls.chunks(1000) {
                diesel::insert_into(invoice_lines::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let au: Vec<_> = (1..=data.authors())
                .map(|a| (authors::id.eq(a), authors::name.eq(format!("author {a}"))))
                .collect();
            for chunk in au.chunks(1000) {
                diesel::insert_into(authors::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let bo: Vec<_> = (1..=data.books())
                .map(|b| (books::id.eq(b), books::title.eq(format!("book {b}"))))
                .collect();
            for chunk in bo.chunks(1000) {
                diesel::insert_into(books::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let ab: Vec<_> = data
                .book_authors()
                .map(|(a, b)| (authors_books::author_id.eq(a), authors_books::book_id.eq(b)))
                .collect();
            for chunk in ab.chunks(1000) {
                diesel::insert_into(authors_books::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let ps: Vec<_> = (1..=data.customers as i32)
                .map(|p| (parents::id.eq(p), parents::name.eq(format!("parent {p}"))))
                .collect();
            for chunk in ps.chunks(1000) {
                diesel::insert_into(parents::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            let fs: Vec<_> = (1..=data.customers as i32)
                .step_by(2)
                .map(|p| (favourites::id.eq(p), favourites::parent_id.eq(Some(p))))
                .collect();
            for chunk in fs.chunks(1000) {
                diesel::insert_into(favourites::table)
                    .values(chunk.to_vec())
                    .execute(conn)?;
            }
            Ok::<_, Error>(())
        })
    }};
}

// -------------------------------------------------- the three ways to load

/// The number of rows a nested result holds, so every way reports the same
/// count and the work cannot be optimized away.
fn count<T>(groups: &[Vec<T>]) -> usize {
    groups.iter().map(Vec::len).sum()
}

/// The track id at or below which a line is kept by "filtered_eager" (half
/// of the lines).
const HALF: i32 = Data::TRACKS / 2;

/// The sum of the invoice ids of some groups: two ways agree on which rows
/// they kept, not only on how many.
fn id_sum<'a>(groups: impl Iterator<Item = &'a [Invoice]>) -> usize {
    groups.flatten().map(|i| i.invoice_id as usize).sum()
}

/// This library and hand-written Diesel, for one connection type.
macro_rules! diesel_ways {
    ($name:ident, $conn:ty) => {
        mod $name {
            use super::*;

            pub fn ours(conn: &mut $conn, scenario: &str) -> Result<usize, Error> {
                Ok(match scenario {
                    "one_to_many" => {
                        let cs = customers::table.select(Customer::as_select()).load(conn)?;
                        let pages = cs.eager(conn, Customer::invoices)?;
                        pages.iter().map(|c| c.related.len()).sum()
                    }
                    "many_to_one" => {
                        let is = invoices::table.select(Invoice::as_select()).load(conn)?;
                        let pages = is.eager(conn, Invoice::customer)?;
                        pages
                            .iter()
                            .filter(|i| i.related.customer_id == i.customer_id)
                            .count()
                    }
                    "nested_3" => {
                        let cs = customers::table.select(Customer::as_select()).load(conn)?;
                        let pages = cs.eager(conn, with(Customer::invoices, Invoice::lines))?;
                        pages
                            .iter()
                            .flat_map(|c| &c.related)
                            .map(|i| i.related.len())
                            .sum()
                    }
                    "many_to_many" => {
                        let bs = books::table.select(Book::as_select()).load(conn)?;
                        let pages = bs.eager(conn, Book::authors)?;
                        pages.iter().map(|b| b.related.len()).sum()
                    }
                    "one_to_one" => {
                        let ps = parents::table.select(Parent::as_select()).load(conn)?;
                        let pages = ps.eager(conn, Parent::favourite)?;
                        pages.iter().filter(|p| p.related.is_some()).count()
                    }
                    "joined_many_to_one" => {
                        let pages = invoices::table.load_joined(conn, Invoice::customer)?;
                        pages
                            .iter()
                            .filter(|i| i.related.customer_id == i.customer_id)
                            .count()
                    }
                    "filtered_eager" => {
                        let is = invoices::table.select(Invoice::as_select()).load(conn)?;
                        let half = Invoice::lines.filter(invoice_lines::track_id.le(HALF));
                        let pages = is.eager(conn, half)?;
                        pages.iter().map(|i| i.related.len()).sum()
                    }
                    "top3_per_parent" => {
                        let cs = customers::table.select(Customer::as_select()).load(conn)?;
                        let latest = Customer::invoices
                            .order(invoices::invoice_id.desc())
                            .limit_per_parent(3);
                        let pages = cs.eager(conn, latest)?;
                        id_sum(pages.iter().map(|c| c.related.as_slice()))
                    }
                    "count_per_parent" => {
                        let cs = customers::table.select(Customer::as_select()).load(conn)?;
                        let counts = cs.count_related(conn, Customer::invoices)?;
                        counts.iter().sum::<i64>() as usize
                    }
                    other => return Err(format!("no scenario {other}").into()),
                })
            }

            /// Parents' keys in chunks a careful person would also use:
            /// the backend's bind limit.
            const CHUNK: usize = diesel_relations::eager::CHUNK;

            pub fn diesel(conn: &mut $conn, scenario: &str) -> Result<usize, Error> {
                Ok(match scenario {
                    "one_to_many" => {
                        let cs: Vec<Customer> =
                            customers::table.select(Customer::as_select()).load(conn)?;
                        let mut is: Vec<Invoice> = Vec::new();
                        for chunk in cs.chunks(CHUNK) {
                            is.extend(
                                Invoice::belonging_to(chunk)
                                    .select(Invoice::as_select())
                                    .load(conn)?,
                            );
                        }
                        let grouped = is.grouped_by(&cs);
                        count(&grouped)
                    }
                    "many_to_one" => {
                        let is: Vec<Invoice> =
                            invoices::table.select(Invoice::as_select()).load(conn)?;
                        let mut ids: Vec<i32> = is.iter().map(|i| i.customer_id).collect();
                        ids.sort_unstable();
                        ids.dedup();
                        let mut by_id: HashMap<i32, Customer> = HashMap::with_capacity(ids.len());
                        for chunk in ids.chunks(CHUNK) {
                            let cs: Vec<Customer> = customers::table
                                .filter(customers::customer_id.eq_any(chunk))
                                .select(Customer::as_select())
                                .load(conn)?;
                            by_id.extend(cs.into_iter().map(|c| (c.customer_id, c)));
                        }
                        let pairs: Vec<(Invoice, Customer)> = is
                            .into_iter()
                            .filter_map(|i| by_id.get(&i.customer_id).cloned().map(|c| (i, c)))
                            .collect();
                        pairs
                            .iter()
                            .filter(|(i, c)| c.customer_id == i.customer_id)
                            .count()
                    }
                    "nested_3" => {
                        let cs: Vec<Customer> =
                            customers::table.select(Customer::as_select()).load(conn)?;
                        let mut is: Vec<Invoice> = Vec::new();
                        for chunk in cs.chunks(CHUNK) {
                            is.extend(
                                Invoice::belonging_to(chunk)
                                    .select(Invoice::as_select())
                                    .load(conn)?,
                            );
                        }
                        let mut ls: Vec<InvoiceLine> = Vec::new();
                        for chunk in is.chunks(CHUNK) {
                            ls.extend(
                                InvoiceLine::belonging_to(chunk)
                                    .select(InvoiceLine::as_select())
                                    .load(conn)?,
                            );
                        }
                        let lines = ls.grouped_by(&is);
                        let invoices: Vec<Vec<(Invoice, Vec<InvoiceLine>)>> =
                            is.into_iter().zip(lines).grouped_by(&cs);
                        invoices.iter().flatten().map(|(_, l)| l.len()).sum()
                    }
                    "many_to_many" => {
                        let bs: Vec<Book> = books::table.select(Book::as_select()).load(conn)?;
                        let mut links: Vec<(AuthorBook, Author)> = Vec::new();
                        for chunk in bs.chunks(CHUNK) {
                            links.extend(
                                AuthorBook::belonging_to(chunk)
                                    .inner_join(authors::table)
                                    .select((AuthorBook::as_select(), Author::as_select()))
                                    .load::<(AuthorBook, Author)>(conn)?,
                            );
                        }
                        let grouped: Vec<Vec<Author>> = links
                            .grouped_by(&bs)
                            .into_iter()
                            .map(|pairs| pairs.into_iter().map(|(_, a)| a).collect())
                            .collect();
                        count(&grouped)
                    }
                    "one_to_one" => {
                        let ps: Vec<Parent> =
                            parents::table.select(Parent::as_select()).load(conn)?;
                        let mut fs: Vec<Favourite> = Vec::new();
                        for chunk in ps.chunks(CHUNK) {
                            fs.extend(
                                Favourite::belonging_to(chunk)
                                    .select(Favourite::as_select())
                                    .load(conn)?,
                            );
                        }
                        let per: Vec<Option<Favourite>> = fs
                            .grouped_by(&ps)
                            .into_iter()
                            .map(|mut f| f.pop())
                            .collect();
                        per.iter().filter(|f| f.is_some()).count()
                    }
                    "joined_many_to_one" => {
                        let pairs: Vec<(Invoice, Customer)> = invoices::table
                            .inner_join(customers::table)
                            .select((Invoice::as_select(), Customer::as_select()))
                            .load(conn)?;
                        pairs
                            .iter()
                            .filter(|(i, c)| c.customer_id == i.customer_id)
                            .count()
                    }
                    "filtered_eager" => {
                        let is: Vec<Invoice> =
                            invoices::table.select(Invoice::as_select()).load(conn)?;
                        let mut ls: Vec<InvoiceLine> = Vec::new();
                        for chunk in is.chunks(CHUNK) {
                            ls.extend(
                                InvoiceLine::belonging_to(chunk)
                                    .filter(invoice_lines::track_id.le(HALF))
                                    .select(InvoiceLine::as_select())
                                    .load(conn)?,
                            );
                        }
                        count(&ls.grouped_by(&is))
                    }
                    "top3_per_parent" => {
                        // The fastest hand-written way at 10 invoices per
                        // customer: all of them, the first 3 kept in memory.
                        let cs: Vec<Customer> =
                            customers::table.select(Customer::as_select()).load(conn)?;
                        let mut is: Vec<Invoice> = Vec::new();
                        for chunk in cs.chunks(CHUNK) {
                            is.extend(
                                Invoice::belonging_to(chunk)
                                    .order(invoices::invoice_id.desc())
                                    .select(Invoice::as_select())
                                    .load(conn)?,
                            );
                        }
                        let mut grouped = is.grouped_by(&cs);
                        for group in &mut grouped {
                            group.truncate(3);
                        }
                        id_sum(grouped.iter().map(Vec::as_slice))
                    }
                    "count_per_parent" => {
                        let cs: Vec<Customer> =
                            customers::table.select(Customer::as_select()).load(conn)?;
                        let mut counts: HashMap<i32, i64> = HashMap::with_capacity(cs.len());
                        for chunk in cs.chunks(CHUNK) {
                            let ids: Vec<i32> = chunk.iter().map(|c| c.customer_id).collect();
                            let rows: Vec<(i32, i64)> = invoices::table
                                .filter(invoices::customer_id.eq_any(ids))
                                .group_by(invoices::customer_id)
                                .select((invoices::customer_id, diesel::dsl::count_star()))
                                .load(conn)?;
                            counts.extend(rows);
                        }
                        let aligned: Vec<i64> = cs
                            .iter()
                            .map(|c| counts.get(&c.customer_id).copied().unwrap_or(0))
                            .collect();
                        aligned.iter().sum::<i64>() as usize
                    }
                    other => return Err(format!("no scenario {other}").into()),
                })
            }

            /// `insert_graph` through this library: a level per INSERT.
            pub fn ours_insert(conn: &mut $conn, data: &Data) -> Result<usize, Error> {
                conn.transaction(|conn| {
                    let cs = (1..=data.customers).map(|c| NewCustomer::new(c));
                    let keys = insert_rows::<Customer, _, _>(conn, cs.collect())?;
                    let groups = keys
                        .into_iter()
                        .map(|k| (k, (0..10).map(|_| NewInvoice::new()).collect()));
                    let invoice_keys = insert_children(conn, Customer::invoices, groups)?;
                    let groups = invoice_keys
                        .into_iter()
                        .flatten()
                        .map(|k| (k, (0..3).map(NewLine::new).collect()));
                    let line_keys = insert_children(conn, Invoice::lines, groups)?;
                    Ok::<_, Error>(line_keys.iter().map(Vec::len).sum())
                })
            }

            /// `insert_graph` by hand with Diesel: RETURNING where there is
            /// one, like the library, else the consecutive-id range.
            pub fn diesel_insert(conn: &mut $conn, data: &Data) -> Result<usize, Error> {
                conn.transaction(|conn| {
                    let cs: Vec<NewCustomer> = (1..=data.customers).map(NewCustomer::new).collect();
                    let mut customer_keys: Vec<i32> = Vec::with_capacity(cs.len());
                    for chunk in cs.chunks(1000) {
                        customer_keys.extend(super::keys_of::$name(
                            conn,
                            chunk.to_vec(),
                            customers::table,
                        )?);
                    }
                    let is: Vec<(diesel::dsl::Eq<invoices::customer_id, i32>, NewInvoice)> =
                        customer_keys
                            .iter()
                            .flat_map(|k| {
                                (0..10)
                                    .map(move |_| (invoices::customer_id.eq(*k), NewInvoice::new()))
                            })
                            .collect();
                    let mut invoice_keys: Vec<i32> = Vec::with_capacity(is.len());
                    for chunk in is.chunks(1000) {
                        invoice_keys.extend(super::keys_of::$name(
                            conn,
                            chunk.to_vec(),
                            invoices::table,
                        )?);
                    }
                    let ls: Vec<(diesel::dsl::Eq<invoice_lines::invoice_id, i32>, NewLine)> =
                        invoice_keys
                            .iter()
                            .flat_map(|k| {
                                (0..3).map(move |q| {
                                    (invoice_lines::invoice_id.eq(*k), NewLine::new(q))
                                })
                            })
                            .collect();
                    let mut n = 0;
                    for chunk in ls.chunks(1000) {
                        n += diesel::insert_into(invoice_lines::table)
                            .values(chunk.to_vec())
                            .execute(conn)?;
                    }
                    Ok::<_, Error>(n)
                })
            }

            /// `link_m2m` through this library: existing links read once, the
            /// missing ones inserted.
            pub fn ours_link(conn: &mut $conn, data: &Data) -> Result<usize, Error> {
                let authors: Vec<Author> = authors::table
                    .order_by(authors::id)
                    .select(Author::as_select())
                    .load(conn)?;
                let books: Vec<Book> = books::table
                    .order_by(books::id)
                    .select(Book::as_select())
                    .load(conn)?;
                let mut wanted: HashMap<i32, Vec<&Author>> = HashMap::new();
                for (a, b) in data.book_authors() {
                    wanted
                        .entry(b)
                        .or_default()
                        .push(&authors[(a - 1) as usize]);
                }
                let links = books
                    .iter()
                    .map(|b| (b, wanted.remove(&b.id).unwrap_or_default()));
                Ok(link_all(conn, Book::authors, links)?)
            }

            /// `link_m2m` by hand with Diesel: the pairs, inserted.
            pub fn diesel_link(conn: &mut $conn, data: &Data) -> Result<usize, Error> {
                let _authors: Vec<Author> = authors::table
                    .order_by(authors::id)
                    .select(Author::as_select())
                    .load(conn)?;
                let _books: Vec<Book> = books::table
                    .order_by(books::id)
                    .select(Book::as_select())
                    .load(conn)?;
                let pairs: Vec<_> = data
                    .book_authors()
                    .map(|(a, b)| (authors_books::author_id.eq(a), authors_books::book_id.eq(b)))
                    .collect();
                conn.transaction(|conn| {
                    let mut n = 0;
                    for chunk in pairs.chunks(1000) {
                        n += diesel::insert_into(authors_books::table)
                            .values(chunk.to_vec())
                            .execute(conn)?;
                    }
                    Ok::<_, Error>(n)
                })
            }

            /// `link_m2m` by hand with Diesel, idempotent as `link_all` is:
            /// a pair already there is skipped by the association table's
            /// primary key (`INSERT OR IGNORE` on SQLite, `ON CONFLICT DO
            /// NOTHING` on PostgreSQL, `INSERT IGNORE` on MySQL). It needs
            /// that key, which `link_all` does not.
            pub fn diesel_link_ignoring(conn: &mut $conn, data: &Data) -> Result<usize, Error> {
                let _authors: Vec<Author> = authors::table
                    .order_by(authors::id)
                    .select(Author::as_select())
                    .load(conn)?;
                let _books: Vec<Book> = books::table
                    .order_by(books::id)
                    .select(Book::as_select())
                    .load(conn)?;
                let pairs: Vec<_> = data
                    .book_authors()
                    .map(|(a, b)| (authors_books::author_id.eq(a), authors_books::book_id.eq(b)))
                    .collect();
                conn.transaction(|conn| {
                    let mut n = 0;
                    for chunk in pairs.chunks(1000) {
                        n += super::ignoring::$name(conn, chunk.to_vec())?;
                    }
                    Ok::<_, Error>(n)
                })
            }
        }
    };
}

#[derive(Clone, Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct NewCustomer {
    first_name: String,
    last_name: String,
    email: String,
}

impl NewCustomer {
    fn new(c: usize) -> Self {
        NewCustomer {
            first_name: format!("first {c}"),
            last_name: format!("last {c}"),
            email: format!("c{c}@example.com"),
        }
    }
}

#[derive(Clone, Insertable)]
#[diesel(table_name = invoices, treat_none_as_default_value = false)]
struct NewInvoice {
    billing_city: Option<String>,
}

impl NewInvoice {
    fn new() -> Self {
        NewInvoice {
            billing_city: Some("Oslo".to_owned()),
        }
    }
}

#[derive(Clone, Insertable)]
#[diesel(table_name = invoice_lines, treat_none_as_default_value = false)]
struct NewLine {
    track_id: i32,
    unit_price: f64,
    quantity: i32,
}

impl NewLine {
    fn new(q: i32) -> Self {
        NewLine {
            track_id: q % Data::TRACKS + 1,
            unit_price: 0.99,
            quantity: q + 1,
        }
    }
}

/// The keys of rows inserted by hand: RETURNING, or LAST_INSERT_ID on a
/// MySQL server without it.
mod keys_of {
    use super::*;
    use diesel_relations::graph::{insert_keys, InsertKeys};

    pub fn sqlite<T: Table, V>(
        conn: &mut SqliteConnection,
        rows: V,
        table: T,
    ) -> Result<Vec<i32>, Error>
    where
        diesel::sqlite::Sqlite: InsertKeys<SqliteConnection, T, V, i32>,
    {
        Ok(insert_keys(conn, table, rows, "by hand", "by hand")?)
    }
    pub fn postgres<T: Table, V>(
        conn: &mut PgConnection,
        rows: V,
        table: T,
    ) -> Result<Vec<i32>, Error>
    where
        diesel::pg::Pg: InsertKeys<PgConnection, T, V, i32>,
    {
        Ok(insert_keys(conn, table, rows, "by hand", "by hand")?)
    }
    #[cfg(feature = "mysql")]
    pub fn mysql<T: Table, V>(
        conn: &mut MysqlConnection,
        rows: V,
        table: T,
    ) -> Result<Vec<i32>, Error>
    where
        diesel::mysql::Mysql: InsertKeys<MysqlConnection, T, V, i32>,
    {
        Ok(insert_keys(conn, table, rows, "by hand", "by hand")?)
    }
}

/// A multi-row INSERT of association pairs that skips the pairs already
/// there, as each backend writes it in Diesel.
mod ignoring {
    use super::*;
    type Pair = (
        diesel::dsl::Eq<authors_books::author_id, i32>,
        diesel::dsl::Eq<authors_books::book_id, i32>,
    );

    pub fn sqlite(conn: &mut SqliteConnection, rows: Vec<Pair>) -> QueryResult<usize> {
        diesel::insert_or_ignore_into(authors_books::table)
            .values(rows)
            .execute(conn)
    }
    pub fn postgres(conn: &mut PgConnection, rows: Vec<Pair>) -> QueryResult<usize> {
        diesel::insert_into(authors_books::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
    }
    #[cfg(feature = "mysql")]
    pub fn mysql(conn: &mut MysqlConnection, rows: Vec<Pair>) -> QueryResult<usize> {
        diesel::insert_or_ignore_into(authors_books::table)
            .values(rows)
            .execute(conn)
    }
}

diesel_ways!(sqlite, SqliteConnection);
diesel_ways!(postgres, PgConnection);
#[cfg(feature = "mysql")]
diesel_ways!(mysql, MysqlConnection);

// ------------------------------------------------------ the raw drivers

/// The queries of the load scenarios through a raw driver: prepared
/// statements, each row handed on as it is read. The grouping by hand
/// around them is one function for every driver ([`raw_load`]), so the
/// drivers differ only in their queries.
trait RawLoads {
    fn customers(&mut self) -> Result<Vec<Customer>, Error>;
    fn invoices(&mut self) -> Result<Vec<Invoice>, Error>;
    fn books(&mut self) -> Result<Vec<Book>, Error>;
    fn parents(&mut self) -> Result<Vec<Parent>, Error>;
    /// The invoices of these customers, in the relationship's order (id).
    fn invoices_of(&mut self, keys: &[i32], visit: &mut dyn FnMut(Invoice)) -> Result<(), Error>;
    /// The lines of these invoices, in the relationship's order (id).
    fn lines_of(&mut self, keys: &[i32], visit: &mut dyn FnMut(InvoiceLine)) -> Result<(), Error>;
    /// The customers with these ids.
    fn customers_in(&mut self, keys: &[i32], visit: &mut dyn FnMut(Customer)) -> Result<(), Error>;
    /// Each author of these books with the book's id, through `authors_books`.
    fn authors_of(&mut self, keys: &[i32], visit: &mut dyn FnMut(i32, Author))
        -> Result<(), Error>;
    /// The favourites of these parents.
    fn favourites_of(
        &mut self,
        keys: &[i32],
        visit: &mut dyn FnMut(Favourite),
    ) -> Result<(), Error>;
    /// Every invoice with its customer, in one query ([`JOINED`]).
    fn invoices_joined(&mut self, visit: &mut dyn FnMut(Invoice, Customer)) -> Result<(), Error>;
}

/// Each key's position, to group rows under their parent.
fn positions(keys: &[i32]) -> HashMap<i32, usize> {
    keys.iter().enumerate().map(|(i, k)| (*k, i)).collect()
}

/// The load scenarios by hand around a raw driver's queries.
fn raw_load(raw: &mut dyn RawLoads, scenario: &str) -> Result<usize, Error> {
    Ok(match scenario {
        "one_to_many" | "nested_3" => {
            let cs = raw.customers()?;
            let keys: Vec<i32> = cs.iter().map(|c| c.customer_id).collect();
            let index = positions(&keys);
            let mut groups: Vec<Vec<Invoice>> = (0..cs.len()).map(|_| Vec::new()).collect();
            raw.invoices_of(&keys, &mut |i| {
                if let Some(&at) = index.get(&i.customer_id) {
                    groups[at].push(i);
                }
            })?;
            if scenario == "one_to_many" {
                count(&groups)
            } else {
                let keys: Vec<i32> = groups.iter().flatten().map(|i| i.invoice_id).collect();
                let index = positions(&keys);
                let mut lines: Vec<Vec<InvoiceLine>> =
                    (0..keys.len()).map(|_| Vec::new()).collect();
                raw.lines_of(&keys, &mut |l| {
                    if let Some(&at) = index.get(&l.invoice_id) {
                        lines[at].push(l);
                    }
                })?;
                count(&lines)
            }
        }
        "many_to_one" => {
            let is = raw.invoices()?;
            let mut ids: Vec<i32> = is.iter().map(|i| i.customer_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let mut by_id: HashMap<i32, Customer> = HashMap::with_capacity(ids.len());
            raw.customers_in(&ids, &mut |c| {
                by_id.insert(c.customer_id, c);
            })?;
            let pairs: Vec<(Invoice, Customer)> = is
                .into_iter()
                .filter_map(|i| by_id.get(&i.customer_id).cloned().map(|c| (i, c)))
                .collect();
            pairs
                .iter()
                .filter(|(i, c)| c.customer_id == i.customer_id)
                .count()
        }
        "many_to_many" => {
            let bs = raw.books()?;
            let keys: Vec<i32> = bs.iter().map(|b| b.id).collect();
            let index = positions(&keys);
            let mut groups: Vec<Vec<Author>> = (0..bs.len()).map(|_| Vec::new()).collect();
            raw.authors_of(&keys, &mut |book, author| {
                if let Some(&at) = index.get(&book) {
                    groups[at].push(author);
                }
            })?;
            count(&groups)
        }
        "one_to_one" => {
            let ps = raw.parents()?;
            let keys: Vec<i32> = ps.iter().map(|p| p.id).collect();
            let index = positions(&keys);
            let mut slots: Vec<Option<Favourite>> = (0..ps.len()).map(|_| None).collect();
            raw.favourites_of(&keys, &mut |f| {
                if let Some(&at) = f.parent_id.as_ref().and_then(|p| index.get(p)) {
                    slots[at] = Some(f);
                }
            })?;
            slots.iter().filter(|f| f.is_some()).count()
        }
        "joined_many_to_one" => {
            let mut pairs: Vec<(Invoice, Customer)> = Vec::new();
            raw.invoices_joined(&mut |i, c| pairs.push((i, c)))?;
            pairs
                .iter()
                .filter(|(i, c)| c.customer_id == i.customer_id)
                .count()
        }
        other => return Err(format!("no scenario {other}").into()),
    })
}

/// `?, ?, ..`: `n` placeholders, for an `IN (..)` list of `n` bound keys.
fn placeholders(n: usize) -> String {
    let mut s = "?,".repeat(n);
    s.pop();
    s
}

/// The customers `insert_graph` inserts.
fn new_customers(data: &Data) -> impl Iterator<Item = NewCustomer> {
    (1..=data.customers).map(NewCustomer::new)
}

const CUSTOMERS: &str =
    r#"SELECT "CustomerId", "FirstName", "LastName", "Email", "SupportRepId" FROM "Customer""#;
const INVOICES: &str = r#"SELECT "InvoiceId", "CustomerId", "BillingCity" FROM "Invoice""#;
const JOINED: &str = r#"SELECT i."InvoiceId", i."CustomerId", i."BillingCity", c."CustomerId", c."FirstName", c."LastName", c."Email", c."SupportRepId" FROM "Invoice" i JOIN "Customer" c ON c."CustomerId" = i."CustomerId""#;
const LINES: &str =
    r#"SELECT "InvoiceLineId", "InvoiceId", "TrackId", "UnitPrice", "Quantity" FROM "InvoiceLine""#;

/// Raw rusqlite: prepared statements, `IN (?, ..)` in chunks under
/// SQLite's bind limit, one row per INSERT (no round trips in process).
mod raw_sqlite {
    use super::*;
    use rusqlite::{params_from_iter, Connection, Row};

    const CHUNK: usize = diesel_relations::eager::CHUNK;

    pub struct Sqlite(pub Connection);

    impl Sqlite {
        fn all<T>(
            &self,
            sql: &str,
            row: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
        ) -> Result<Vec<T>, Error> {
            Ok(self
                .0
                .prepare_cached(sql)?
                .query_map([], row)?
                .collect::<Result<_, _>>()?)
        }

        /// `sql` with `{}` replaced by a chunk's placeholders, per chunk.
        fn each<T>(
            &self,
            sql: &str,
            keys: &[i32],
            row: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
            visit: &mut dyn FnMut(T),
        ) -> Result<(), Error> {
            for chunk in keys.chunks(CHUNK) {
                let sql = sql.replace("{}", &placeholders(chunk.len()));
                let mut stmt = self.0.prepare_cached(&sql)?;
                for r in stmt.query_map(params_from_iter(chunk.iter()), &row)? {
                    visit(r?);
                }
            }
            Ok(())
        }
    }

    fn customer(r: &Row<'_>) -> rusqlite::Result<Customer> {
        Ok(Customer {
            customer_id: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            email: r.get(3)?,
            support_rep_id: r.get(4)?,
        })
    }

    fn invoice(r: &Row<'_>) -> rusqlite::Result<Invoice> {
        Ok(Invoice {
            invoice_id: r.get(0)?,
            customer_id: r.get(1)?,
            billing_city: r.get(2)?,
        })
    }

    impl RawLoads for Sqlite {
        fn customers(&mut self) -> Result<Vec<Customer>, Error> {
            self.all(CUSTOMERS, customer)
        }
        fn invoices(&mut self) -> Result<Vec<Invoice>, Error> {
            self.all(INVOICES, invoice)
        }
        fn books(&mut self) -> Result<Vec<Book>, Error> {
            self.all("SELECT id, title FROM books", |r| {
                Ok(Book {
                    id: r.get(0)?,
                    title: r.get(1)?,
                })
            })
        }
        fn parents(&mut self) -> Result<Vec<Parent>, Error> {
            self.all("SELECT id, name FROM parents", |r| {
                Ok(Parent {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
        }
        fn invoices_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Invoice),
        ) -> Result<(), Error> {
            let sql = format!(r#"{INVOICES} WHERE "CustomerId" IN ({{}}) ORDER BY "InvoiceId""#);
            self.each(&sql, keys, invoice, visit)
        }
        fn lines_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(InvoiceLine),
        ) -> Result<(), Error> {
            let sql = format!(r#"{LINES} WHERE "InvoiceId" IN ({{}}) ORDER BY "InvoiceLineId""#);
            self.each(
                &sql,
                keys,
                |r| {
                    Ok(InvoiceLine {
                        invoice_line_id: r.get(0)?,
                        invoice_id: r.get(1)?,
                        track_id: r.get(2)?,
                        unit_price: r.get(3)?,
                        quantity: r.get(4)?,
                    })
                },
                visit,
            )
        }
        fn customers_in(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Customer),
        ) -> Result<(), Error> {
            let sql = format!(r#"{CUSTOMERS} WHERE "CustomerId" IN ({{}})"#);
            self.each(&sql, keys, customer, visit)
        }
        fn invoices_joined(
            &mut self,
            visit: &mut dyn FnMut(Invoice, Customer),
        ) -> Result<(), Error> {
            let mut stmt = self.0.prepare_cached(JOINED)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let c = Customer {
                    customer_id: r.get(3)?,
                    first_name: r.get(4)?,
                    last_name: r.get(5)?,
                    email: r.get(6)?,
                    support_rep_id: r.get(7)?,
                };
                visit(invoice(r)?, c);
            }
            Ok(())
        }
        fn authors_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(i32, Author),
        ) -> Result<(), Error> {
            self.each(
                "SELECT ab.book_id, a.id, a.name FROM authors a JOIN authors_books ab ON ab.author_id = a.id \
                 WHERE ab.book_id IN ({}) ORDER BY a.id",
                keys,
                |r| {
                    Ok((
                        r.get::<_, i32>(0)?,
                        Author {
                            id: r.get(1)?,
                            name: r.get(2)?,
                        },
                    ))
                },
                &mut |(book, author)| visit(book, author),
            )
        }
        fn favourites_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Favourite),
        ) -> Result<(), Error> {
            self.each(
                "SELECT id, parent_id FROM favourites WHERE parent_id IN ({}) ORDER BY id",
                keys,
                |r| {
                    Ok(Favourite {
                        id: r.get(0)?,
                        parent_id: r.get(1)?,
                    })
                },
                visit,
            )
        }
    }

    pub fn insert(raw: &mut Connection, data: &Data) -> Result<usize, Error> {
        let tx = raw.transaction()?;
        let mut n = 0;
        {
            let mut customer = tx.prepare_cached(
                r#"INSERT INTO "Customer" ("FirstName", "LastName", "Email") VALUES (?1, ?2, ?3)"#,
            )?;
            let mut invoice = tx.prepare_cached(
                r#"INSERT INTO "Invoice" ("CustomerId", "BillingCity") VALUES (?1, ?2)"#,
            )?;
            let mut line = tx.prepare_cached(
                r#"INSERT INTO "InvoiceLine" ("InvoiceId", "TrackId", "UnitPrice", "Quantity") VALUES (?1, ?2, ?3, ?4)"#,
            )?;
            for nc in new_customers(data) {
                customer.execute((&nc.first_name, &nc.last_name, &nc.email))?;
                let customer_id = tx.last_insert_rowid();
                for _ in 0..10 {
                    invoice.execute((customer_id, "Oslo"))?;
                    let invoice_id = tx.last_insert_rowid();
                    for q in 0..3 {
                        let l = NewLine::new(q);
                        n += line.execute((invoice_id, l.track_id, l.unit_price, l.quantity))?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(n)
    }

    pub fn link(raw: &mut Connection, data: &Data) -> Result<usize, Error> {
        let tx = raw.transaction()?;
        let mut n = 0;
        {
            let mut stmt = tx
                .prepare_cached("INSERT INTO authors_books (author_id, book_id) VALUES (?1, ?2)")?;
            for (a, b) in data.book_authors() {
                n += stmt.execute((a, b))?;
            }
        }
        tx.commit()?;
        Ok(n)
    }
}

/// Raw rust-postgres (the synchronous `postgres` crate): statements
/// prepared once, each key list one array bound to `= ANY($1)`; writes one `INSERT .. SELECT FROM UNNEST($1, ..)` per level,
/// every column one array, so a level is one round trip.
mod raw_postgres {
    use super::*;
    use ::postgres::types::ToSql;
    use ::postgres::{Client, NoTls, Row, Statement};

    pub struct Pg {
        pub client: Client,
        customers: Statement,
        invoices: Statement,
        books: Statement,
        parents: Statement,
        invoices_of: Statement,
        lines_of: Statement,
        customers_in: Statement,
        authors_of: Statement,
        favourites_of: Statement,
        joined: Statement,
    }

    impl Pg {
        pub fn connect(url: &str) -> Result<Pg, Error> {
            let mut client = Client::connect(url, NoTls)?;
            let mut prepare = |sql: &str| client.prepare(sql);
            let customers = prepare(CUSTOMERS)?;
            let invoices = prepare(INVOICES)?;
            let books = prepare("SELECT id, title FROM books")?;
            let parents = prepare("SELECT id, name FROM parents")?;
            let invoices_of = prepare(&format!(
                r#"{INVOICES} WHERE "CustomerId" = ANY($1) ORDER BY "InvoiceId""#
            ))?;
            let lines_of = prepare(&format!(
                r#"{LINES} WHERE "InvoiceId" = ANY($1) ORDER BY "InvoiceLineId""#
            ))?;
            let customers_in = prepare(&format!(r#"{CUSTOMERS} WHERE "CustomerId" = ANY($1)"#))?;
            let authors_of = prepare(
                "SELECT ab.book_id, a.id, a.name FROM authors a JOIN authors_books ab ON ab.author_id = a.id \
                 WHERE ab.book_id = ANY($1) ORDER BY a.id",
            )?;
            let favourites_of = prepare(
                "SELECT id, parent_id FROM favourites WHERE parent_id = ANY($1) ORDER BY id",
            )?;
            let joined = prepare(JOINED)?;
            Ok(Pg {
                client,
                customers,
                invoices,
                books,
                parents,
                invoices_of,
                lines_of,
                customers_in,
                authors_of,
                favourites_of,
                joined,
            })
        }
    }

    /// The rows of `stmt` with `params` through `row` to `visit`. `query`
    /// rather than the streaming `query_raw`: the sync client enters its
    /// runtime once per statement instead of once per row, which measured
    /// 1.1x to 1.4x faster here.
    fn each<T>(
        client: &mut Client,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
        row: impl Fn(&Row) -> Result<T, ::postgres::Error>,
        visit: &mut dyn FnMut(T),
    ) -> Result<(), Error> {
        for r in client.query(stmt, params)? {
            visit(row(&r)?);
        }
        Ok(())
    }

    fn all<T>(
        client: &mut Client,
        stmt: &Statement,
        row: impl Fn(&Row) -> Result<T, ::postgres::Error>,
    ) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        each(client, stmt, &[], row, &mut |t| out.push(t))?;
        Ok(out)
    }

    fn customer(r: &Row) -> Result<Customer, ::postgres::Error> {
        Ok(Customer {
            customer_id: r.try_get(0)?,
            first_name: r.try_get(1)?,
            last_name: r.try_get(2)?,
            email: r.try_get(3)?,
            support_rep_id: r.try_get(4)?,
        })
    }

    fn invoice(r: &Row) -> Result<Invoice, ::postgres::Error> {
        Ok(Invoice {
            invoice_id: r.try_get(0)?,
            customer_id: r.try_get(1)?,
            billing_city: r.try_get(2)?,
        })
    }

    impl RawLoads for Pg {
        fn customers(&mut self) -> Result<Vec<Customer>, Error> {
            all(&mut self.client, &self.customers, customer)
        }
        fn invoices(&mut self) -> Result<Vec<Invoice>, Error> {
            all(&mut self.client, &self.invoices, invoice)
        }
        fn books(&mut self) -> Result<Vec<Book>, Error> {
            all(&mut self.client, &self.books, |r| {
                Ok(Book {
                    id: r.try_get(0)?,
                    title: r.try_get(1)?,
                })
            })
        }
        fn parents(&mut self) -> Result<Vec<Parent>, Error> {
            all(&mut self.client, &self.parents, |r| {
                Ok(Parent {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                })
            })
        }
        fn invoices_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Invoice),
        ) -> Result<(), Error> {
            each(
                &mut self.client,
                &self.invoices_of,
                &[&keys],
                invoice,
                visit,
            )
        }
        fn lines_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(InvoiceLine),
        ) -> Result<(), Error> {
            each(
                &mut self.client,
                &self.lines_of,
                &[&keys],
                |r| {
                    Ok(InvoiceLine {
                        invoice_line_id: r.try_get(0)?,
                        invoice_id: r.try_get(1)?,
                        track_id: r.try_get(2)?,
                        unit_price: r.try_get(3)?,
                        quantity: r.try_get(4)?,
                    })
                },
                visit,
            )
        }
        fn customers_in(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Customer),
        ) -> Result<(), Error> {
            each(
                &mut self.client,
                &self.customers_in,
                &[&keys],
                customer,
                visit,
            )
        }
        fn invoices_joined(
            &mut self,
            visit: &mut dyn FnMut(Invoice, Customer),
        ) -> Result<(), Error> {
            for r in self.client.query(&self.joined, &[])? {
                let c = Customer {
                    customer_id: r.try_get(3)?,
                    first_name: r.try_get(4)?,
                    last_name: r.try_get(5)?,
                    email: r.try_get(6)?,
                    support_rep_id: r.try_get(7)?,
                };
                visit(invoice(&r)?, c);
            }
            Ok(())
        }
        fn authors_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(i32, Author),
        ) -> Result<(), Error> {
            each(
                &mut self.client,
                &self.authors_of,
                &[&keys],
                |r| {
                    Ok((
                        r.try_get::<_, i32>(0)?,
                        Author {
                            id: r.try_get(1)?,
                            name: r.try_get(2)?,
                        },
                    ))
                },
                &mut |(book, author)| visit(book, author),
            )
        }
        fn favourites_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Favourite),
        ) -> Result<(), Error> {
            each(
                &mut self.client,
                &self.favourites_of,
                &[&keys],
                |r| {
                    Ok(Favourite {
                        id: r.try_get(0)?,
                        parent_id: r.try_get(1)?,
                    })
                },
                visit,
            )
        }
    }

    /// One INSERT per level; RETURNING gives the new keys in the order of
    /// UNNEST's rows, as it does for a multi-row VALUES (which the library
    /// relies on too).
    pub fn insert(raw: &mut Pg, data: &Data) -> Result<usize, Error> {
        let mut tx = raw.client.transaction()?;
        let (mut first, mut last, mut email) = (Vec::new(), Vec::new(), Vec::new());
        for nc in new_customers(data) {
            first.push(nc.first_name);
            last.push(nc.last_name);
            email.push(nc.email);
        }
        let stmt = tx.prepare(
            r#"INSERT INTO "Customer" ("FirstName", "LastName", "Email")
               SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[]) RETURNING "CustomerId""#,
        )?;
        let customer_keys: Vec<i32> = tx
            .query(&stmt, &[&first, &last, &email])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let invoice_customers: Vec<i32> = customer_keys
            .iter()
            .flat_map(|k| std::iter::repeat_n(*k, 10))
            .collect();
        let cities: Vec<Option<String>> = invoice_customers
            .iter()
            .map(|_| NewInvoice::new().billing_city)
            .collect();
        let stmt = tx.prepare(
            r#"INSERT INTO "Invoice" ("CustomerId", "BillingCity")
               SELECT * FROM UNNEST($1::int4[], $2::text[]) RETURNING "InvoiceId""#,
        )?;
        let invoice_keys: Vec<i32> = tx
            .query(&stmt, &[&invoice_customers, &cities])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let (mut invoice, mut track, mut price, mut quantity) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for k in &invoice_keys {
            for q in 0..3 {
                let l = NewLine::new(q);
                invoice.push(*k);
                track.push(l.track_id);
                price.push(l.unit_price);
                quantity.push(l.quantity);
            }
        }
        let stmt = tx.prepare(
            r#"INSERT INTO "InvoiceLine" ("InvoiceId", "TrackId", "UnitPrice", "Quantity")
               SELECT * FROM UNNEST($1::int4[], $2::int4[], $3::float8[], $4::int4[])"#,
        )?;
        let n = tx.execute(&stmt, &[&invoice, &track, &price, &quantity])?;
        tx.commit()?;
        Ok(n as usize)
    }

    pub fn link(raw: &mut Pg, data: &Data) -> Result<usize, Error> {
        let (authors, books): (Vec<i32>, Vec<i32>) = data.book_authors().unzip();
        let mut tx = raw.client.transaction()?;
        let n = tx.execute(
            "INSERT INTO authors_books (author_id, book_id) SELECT * FROM UNNEST($1::int4[], $2::int4[])",
            &[&authors, &books],
        )?;
        tx.commit()?;
        Ok(n as usize)
    }
}

/// Raw `mysql` crate (pure Rust): server-side prepared statements (the
/// crate caches them by text), `IN (?, ..)` in chunks under MySQL's bind
/// limit as the library chunks, rows streamed; writes multi-row INSERTs of
/// 1000 rows, the keys the consecutive range from `LAST_INSERT_ID()`.
#[cfg(feature = "mysql")]
mod raw_mysql {
    use super::*;
    use ::mysql::prelude::{FromRow, Queryable};
    use ::mysql::{Conn, Opts, OptsBuilder, TxOpts, Value};
    use diesel_relations::keys::KeyList;

    /// Keys per statement: the library's own chunk on MySQL.
    const CHUNK: usize = <diesel::mysql::Mysql as KeyList>::MAX_KEYS;
    /// Rows per INSERT, as the hand-written Diesel way.
    const ROWS: usize = 1000;

    pub struct My(pub Conn);

    impl My {
        /// Over TCP like Diesel's connection to 127.0.0.1, not the socket
        /// the crate would otherwise switch to.
        pub fn connect(url: &str) -> Result<My, Error> {
            let opts = OptsBuilder::from_opts(Opts::from_url(url)?).prefer_socket(false);
            Ok(My(Conn::new(opts)?))
        }

        fn all<T: FromRow>(&mut self, sql: &str) -> Result<Vec<T>, Error> {
            let stmt = self.0.prep(sql)?;
            let mut out = Vec::new();
            for row in self.0.exec_iter(&stmt, ())? {
                out.push(::mysql::from_row_opt(row?)?);
            }
            Ok(out)
        }

        /// `sql` with `{}` replaced by a chunk's placeholders, per chunk.
        fn each<T: FromRow>(
            &mut self,
            sql: &str,
            keys: &[i32],
            visit: &mut dyn FnMut(T),
        ) -> Result<(), Error> {
            for chunk in keys.chunks(CHUNK) {
                let stmt = self.0.prep(sql.replace("{}", &placeholders(chunk.len())))?;
                let params: Vec<Value> = chunk.iter().map(|k| Value::from(*k)).collect();
                for row in self.0.exec_iter(&stmt, params)? {
                    visit(::mysql::from_row_opt(row?)?);
                }
            }
            Ok(())
        }
    }

    type CustomerRow = (i32, String, String, String, Option<i32>);
    fn customer(
        (customer_id, first_name, last_name, email, support_rep_id): CustomerRow,
    ) -> Customer {
        Customer {
            customer_id,
            first_name,
            last_name,
            email,
            support_rep_id,
        }
    }

    fn invoice((invoice_id, customer_id, billing_city): (i32, i32, Option<String>)) -> Invoice {
        Invoice {
            invoice_id,
            customer_id,
            billing_city,
        }
    }

    /// MySQL quotes names with backquotes.
    fn backquoted(sql: &str) -> String {
        sql.replace('"', "`")
    }

    impl RawLoads for My {
        fn customers(&mut self) -> Result<Vec<Customer>, Error> {
            let rows: Vec<CustomerRow> = self.all(&backquoted(CUSTOMERS))?;
            Ok(rows.into_iter().map(customer).collect())
        }
        fn invoices(&mut self) -> Result<Vec<Invoice>, Error> {
            let rows = self.all(&backquoted(INVOICES))?;
            Ok(rows.into_iter().map(invoice).collect())
        }
        fn books(&mut self) -> Result<Vec<Book>, Error> {
            let rows = self.all("SELECT id, title FROM books")?;
            Ok(rows
                .into_iter()
                .map(|(id, title)| Book { id, title })
                .collect())
        }
        fn parents(&mut self) -> Result<Vec<Parent>, Error> {
            let rows = self.all("SELECT id, name FROM parents")?;
            Ok(rows
                .into_iter()
                .map(|(id, name)| Parent { id, name })
                .collect())
        }
        fn invoices_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Invoice),
        ) -> Result<(), Error> {
            let sql = format!(r#"{INVOICES} WHERE "CustomerId" IN ({{}}) ORDER BY "InvoiceId""#);
            self.each(&backquoted(&sql), keys, &mut |r| visit(invoice(r)))
        }
        fn lines_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(InvoiceLine),
        ) -> Result<(), Error> {
            let sql = format!(r#"{LINES} WHERE "InvoiceId" IN ({{}}) ORDER BY "InvoiceLineId""#);
            self.each(&backquoted(&sql), keys, &mut |(
                invoice_line_id,
                invoice_id,
                track_id,
                unit_price,
                quantity,
            )| {
                visit(InvoiceLine {
                    invoice_line_id,
                    invoice_id,
                    track_id,
                    unit_price,
                    quantity,
                })
            })
        }
        fn customers_in(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Customer),
        ) -> Result<(), Error> {
            let sql = format!(r#"{CUSTOMERS} WHERE "CustomerId" IN ({{}})"#);
            self.each(&backquoted(&sql), keys, &mut |r: CustomerRow| {
                visit(customer(r))
            })
        }
        fn invoices_joined(
            &mut self,
            visit: &mut dyn FnMut(Invoice, Customer),
        ) -> Result<(), Error> {
            type Joined = (
                i32,
                i32,
                Option<String>,
                i32,
                String,
                String,
                String,
                Option<i32>,
            );
            let stmt = self.0.prep(backquoted(JOINED))?;
            for row in self.0.exec_iter(&stmt, ())? {
                let (i, ic, city, c, first, last, email, rep): Joined =
                    ::mysql::from_row_opt(row?)?;
                visit(
                    invoice((i, ic, city)),
                    customer((c, first, last, email, rep)),
                );
            }
            Ok(())
        }
        fn authors_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(i32, Author),
        ) -> Result<(), Error> {
            self.each(
                "SELECT ab.book_id, a.id, a.name FROM authors a JOIN authors_books ab ON ab.author_id = a.id \
                 WHERE ab.book_id IN ({}) ORDER BY a.id",
                keys,
                &mut |(book, id, name)| visit(book, Author { id, name }),
            )
        }
        fn favourites_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(Favourite),
        ) -> Result<(), Error> {
            self.each(
                "SELECT id, parent_id FROM favourites WHERE parent_id IN ({}) ORDER BY id",
                keys,
                &mut |(id, parent_id)| visit(Favourite { id, parent_id }),
            )
        }
    }

    /// What one multi-row INSERT did: its first new key (none without an
    /// AUTO_INCREMENT column) and the rows it inserted.
    struct Inserted {
        first: Option<u64>,
        rows: u64,
    }

    /// `head VALUES (?, ..), ..` for `values`, `width` to a row, `ROWS`
    /// rows a statement.
    fn insert_rows(
        tx: &mut ::mysql::Transaction<'_>,
        head: &str,
        width: usize,
        values: Vec<Value>,
    ) -> Result<Vec<Inserted>, Error> {
        let row = format!("({})", placeholders(width));
        let mut done = Vec::new();
        for chunk in values.chunks(ROWS * width) {
            let sql = format!(
                "{head} VALUES {}",
                vec![row.as_str(); chunk.len() / width].join(",")
            );
            let stmt = tx.prep(sql)?;
            tx.exec_drop(&stmt, chunk.to_vec())?;
            done.push(Inserted {
                first: tx.last_insert_id(),
                rows: tx.affected_rows(),
            });
        }
        Ok(done)
    }

    /// Every new key: each statement's consecutive range from its first
    /// (InnoDB hands a multi-row INSERT consecutive keys, as the Diesel way
    /// and the library take too).
    fn keys(done: &[Inserted]) -> Result<Vec<i32>, Error> {
        let mut keys = Vec::new();
        for d in done {
            let first = d.first.ok_or("an INSERT gave no LAST_INSERT_ID()")?;
            keys.extend((first..first + d.rows).map(|k| k as i32));
        }
        Ok(keys)
    }

    fn rows(done: &[Inserted]) -> usize {
        done.iter().map(|d| d.rows as usize).sum()
    }

    pub fn insert(raw: &mut My, data: &Data) -> Result<usize, Error> {
        let mut tx = raw.0.start_transaction(TxOpts::default())?;
        let values: Vec<Value> = new_customers(data)
            .flat_map(|nc| [nc.first_name.into(), nc.last_name.into(), nc.email.into()])
            .collect();
        let customer_keys = keys(&insert_rows(
            &mut tx,
            "INSERT INTO `Customer` (`FirstName`, `LastName`, `Email`)",
            3,
            values,
        )?)?;
        let values: Vec<Value> = customer_keys
            .iter()
            .flat_map(|k| (0..10).map(move |_| *k))
            .flat_map(|k| [k.into(), NewInvoice::new().billing_city.into()])
            .collect();
        let invoice_keys = keys(&insert_rows(
            &mut tx,
            "INSERT INTO `Invoice` (`CustomerId`, `BillingCity`)",
            2,
            values,
        )?)?;
        let values: Vec<Value> = invoice_keys
            .iter()
            .flat_map(|k| {
                (0..3).flat_map(move |q| {
                    let l = NewLine::new(q);
                    [
                        (*k).into(),
                        l.track_id.into(),
                        l.unit_price.into(),
                        l.quantity.into(),
                    ]
                })
            })
            .collect();
        let done = insert_rows(
            &mut tx,
            "INSERT INTO `InvoiceLine` (`InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`)",
            4,
            values,
        )?;
        tx.commit()?;
        Ok(rows(&done))
    }

    pub fn link(raw: &mut My, data: &Data) -> Result<usize, Error> {
        let mut tx = raw.0.start_transaction(TxOpts::default())?;
        let values: Vec<Value> = data
            .book_authors()
            .flat_map(|(a, b)| [a.into(), b.into()])
            .collect();
        let done = insert_rows(
            &mut tx,
            "INSERT INTO authors_books (author_id, book_id)",
            2,
            values,
        )?;
        tx.commit()?;
        Ok(rows(&done))
    }
}

// --------------------------------------------------------------- the run

#[derive(Clone, Copy, PartialEq)]
enum Backend {
    Sqlite,
    Postgres,
    /// The load scenarios on `AsyncPgConnection` (feature `async`).
    PostgresAsync,
    Mysql,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::PostgresAsync => "postgres-async",
            Backend::Mysql => "mysql",
        }
    }

    /// The raw way's driver crate.
    fn driver(self) -> &'static str {
        match self {
            Backend::Sqlite => "rusqlite",
            Backend::Postgres => "postgres crate",
            Backend::PostgresAsync => "none; diesel = hand-written diesel-async",
            Backend::Mysql => "mysql crate",
        }
    }
}

struct Args {
    customers: usize,
    backend: Backend,
    runs: usize,
    json: bool,
    /// `--only SCENARIO`: run just that one (to profile it).
    only: Option<String>,
}

impl Args {
    fn wants(&self, scenario: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == scenario)
    }
}

fn args() -> Result<Args, Error> {
    let mut args = Args {
        customers: 1000,
        backend: Backend::Sqlite,
        runs: 5,
        json: false,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--customers" => {
                args.customers = it.next().ok_or("--customers needs a number")?.parse()?
            }
            "--runs" => {
                args.runs = it
                    .next()
                    .ok_or("--runs needs a number")?
                    .parse::<usize>()?
                    .max(1)
            }
            "--json" => args.json = true,
            "--only" => args.only = Some(it.next().ok_or("--only needs a scenario")?),
            "--backend" => {
                args.backend = match it.next().as_deref() {
                    Some("sqlite") => Backend::Sqlite,
                    Some("postgres") => Backend::Postgres,
                    Some("postgres-async") => Backend::PostgresAsync,
                    Some("mysql") => Backend::Mysql,
                    other => {
                        return Err(format!(
                            "--backend sqlite|postgres|postgres-async|mysql, not {other:?}"
                        )
                        .into())
                    }
                }
            }
            "--help" | "-h" => {
                println!(
                    "bench --customers N [--backend sqlite|postgres|postgres-async|mysql] [--runs R] [--json] [--only SCENARIO]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other} (try --help)").into()),
        }
    }
    if args.customers < 4 {
        return Err("--customers must be at least 4".into());
    }
    Ok(args)
}

/// The medians of one scenario.
struct Row {
    scenario: &'static str,
    ours: Duration,
    diesel: Duration,
    raw: Option<Duration>,
    /// link_m2m's idempotent hand-written Diesel (`INSERT OR IGNORE` and
    /// the like).
    ignoring: Option<Duration>,
    ours_peak: usize,
    diesel_peak: usize,
    queries: usize,
    rows: usize,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn median_usize(mut v: Vec<usize>) -> usize {
    v.sort();
    v[v.len() / 2]
}

const LOADS: [&str; 9] = [
    "one_to_many",
    "many_to_one",
    "nested_3",
    "many_to_many",
    "one_to_one",
    "joined_many_to_one",
    "filtered_eager",
    "top3_per_parent",
    "count_per_parent",
];

/// The loads the raw drivers have no way for (issue 21's querying
/// scenarios): ours against hand-written Diesel only.
const DIESEL_ONLY: [&str; 3] = ["filtered_eager", "top3_per_parent", "count_per_parent"];

/// The raw way of a load scenario, unless it has none.
fn raw_way<'a>(scenario: &str, raw: &'a mut dyn FnMut() -> Result<usize, Error>) -> Way<'a> {
    (!DIESEL_ONLY.contains(&scenario)).then_some(raw)
}

/// A way to run a scenario: its rows, or an error.
type Way<'a> = Option<&'a mut dyn FnMut() -> Result<usize, Error>>;

/// Runs `ways` (ours, diesel, raw, and for link_m2m diesel idempotent)
/// `runs` rounds, rotating which goes first, `reset` (untimed) before each;
/// checks they agree on the rows.
fn rounds(
    scenario: &'static str,
    runs: usize,
    queries: &AtomicUsize,
    mut reset: impl FnMut() -> Result<(), Error>,
    mut ways: [Way<'_>; 4],
) -> Result<Row, Error> {
    let mut times: [Vec<Duration>; 4] = Default::default();
    let mut peaks: [Vec<usize>; 4] = Default::default();
    let mut rows = None;
    let mut ours_queries = 0;
    for round in 0..runs {
        for k in 0..4 {
            let way = (round + k) % 4;
            let Some(f) = ways[way].as_mut() else {
                continue;
            };
            reset()?;
            let before = queries.load(Relaxed);
            let run = measure(&mut **f)?;
            if way == 0 {
                ours_queries = queries.load(Relaxed) - before;
            }
            match rows {
                None => rows = Some(run.rows),
                Some(r) if r != run.rows => {
                    return Err(format!(
                        "{scenario}: the ways disagree: {r} rows and {} rows",
                        run.rows
                    )
                    .into())
                }
                Some(_) => {}
            }
            times[way].push(run.time);
            peaks[way].push(run.peak);
        }
    }
    let [ours, diesel, raw, ignoring] = times;
    Ok(Row {
        scenario,
        ours: median(ours),
        diesel: median(diesel),
        raw: (!raw.is_empty()).then(|| median(raw)),
        ignoring: (!ignoring.is_empty()).then(|| median(ignoring)),
        ours_peak: median_usize(peaks[0].clone()),
        diesel_peak: median_usize(peaks[1].clone()),
        queries: ours_queries,
        rows: rows.unwrap_or(0),
    })
}

fn counter<C: Connection>(conn: &mut C) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    conn.set_instrumentation(move |event: diesel::connection::InstrumentationEvent<'_>| {
        if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
            c.fetch_add(1, Relaxed);
        }
    });
    count
}

/// Truncates what the write scenarios write, on a Diesel connection.
fn clear_writes<C: Connection + SimpleConnection>(conn: &mut C, quote: char) -> Result<(), Error> {
    let q = |t: &str| format!("{quote}{t}{quote}");
    conn.batch_execute(&format!(
        "DELETE FROM {}; DELETE FROM {}; DELETE FROM {}; DELETE FROM authors_books;",
        q("InvoiceLine"),
        q("Invoice"),
        q("Customer")
    ))?;
    Ok(())
}

fn run_sqlite(args: &Args, data: &Data) -> Result<Vec<Row>, Error> {
    let dir = std::env::temp_dir().join(format!("diesel-relations-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");
    let path_str = path.to_str().ok_or("temp path is not UTF-8")?.to_owned();
    let result = (|| {
        let mut conn = diesel_relations_seeds::db::sqlite(&path_str)?;
        populate_with_diesel!(&mut conn, data)?;
        let mut raw = raw_sqlite::Sqlite(rusqlite::Connection::open(&path)?);
        let queries = counter(&mut conn);
        let conn = std::cell::RefCell::new(conn);
        let mut rows = Vec::new();
        for scenario in LOADS.into_iter().filter(|s| args.wants(s)) {
            let (mut o, mut d, mut r) = (
                || sqlite::ours(&mut conn.borrow_mut(), scenario),
                || sqlite::diesel(&mut conn.borrow_mut(), scenario),
                || raw_load(&mut raw, scenario),
            );
            rows.push(rounds(
                scenario,
                args.runs,
                &queries,
                || Ok(()),
                [Some(&mut o), Some(&mut d), raw_way(scenario, &mut r), None],
            )?);
        }
        rows.extend(composite_children::sqlite::run(
            args, data, &conn, &queries, &path_str,
        )?);
        // Writes: on an empty copy of the schema each time.
        let mut raw = rusqlite::Connection::open(&path)?;
        let reset = || clear_writes(&mut *conn.borrow_mut(), '"');
        let (mut o, mut d, mut r) = (
            || sqlite::ours_insert(&mut conn.borrow_mut(), data),
            || sqlite::diesel_insert(&mut conn.borrow_mut(), data),
            || -> Result<usize, Error> {
                raw_sqlite::insert(&mut rusqlite::Connection::open(&path)?, data)
            },
        );
        if args.wants("insert_graph") {
            rows.push(rounds(
                "insert_graph",
                args.runs,
                &queries,
                reset,
                [Some(&mut o), Some(&mut d), Some(&mut r), None],
            )?);
        }
        let reset = || clear_writes(&mut *conn.borrow_mut(), '"');
        let (mut o, mut d, mut r, mut i) = (
            || sqlite::ours_link(&mut conn.borrow_mut(), data),
            || sqlite::diesel_link(&mut conn.borrow_mut(), data),
            || raw_sqlite::link(&mut raw, data),
            || sqlite::diesel_link_ignoring(&mut conn.borrow_mut(), data),
        );
        if args.wants("link_m2m") {
            rows.push(rounds(
                "link_m2m",
                args.runs,
                &queries,
                reset,
                [Some(&mut o), Some(&mut d), Some(&mut r), Some(&mut i)],
            )?);
        }
        Ok::<_, Error>(rows)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let start = base.find("://").map_or(0, |i| i + 3);
    let root = base[start..]
        .find('/')
        .map_or(base, |slash| &base[..start + slash]);
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

macro_rules! run_server {
    ($fn_name:ident, $way:ident, $conn_ty:ty, $var:literal, $setup:path, $quote:literal, $raw:ident, $connect:path) => {
        fn $fn_name(args: &Args, data: &Data) -> Result<Vec<Row>, Error> {
            let admin_url = std::env::var($var).map_err(|_| concat!($var, " is not set"))?;
            let name = "diesel_relations_bench";
            let mut admin = <$conn_ty>::establish(&admin_url)?;
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
            admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
            let result = (|| {
                let url = with_database(&admin_url, name);
                let mut conn = $setup(&url)?;
                populate_with_diesel!(&mut conn, data)?;
                let mut raw = $connect(&url)?;
                let queries = counter(&mut conn);
                let conn = std::cell::RefCell::new(conn);
                let mut rows = Vec::new();
                for scenario in LOADS.into_iter().filter(|s| args.wants(s)) {
                    let (mut o, mut d, mut r) = (
                        || $way::ours(&mut conn.borrow_mut(), scenario),
                        || $way::diesel(&mut conn.borrow_mut(), scenario),
                        || raw_load(&mut raw, scenario),
                    );
                    rows.push(rounds(
                        scenario,
                        args.runs,
                        &queries,
                        || Ok(()),
                        [Some(&mut o), Some(&mut d), raw_way(scenario, &mut r), None],
                    )?);
                }
                rows.extend(composite_children::$way::run(
                    args, data, &conn, &queries, &url,
                )?);
                let reset =
                    || -> Result<(), Error> { clear_writes(&mut *conn.borrow_mut(), $quote) };
                let (mut o, mut d, mut r) = (
                    || $way::ours_insert(&mut conn.borrow_mut(), data),
                    || $way::diesel_insert(&mut conn.borrow_mut(), data),
                    || $raw::insert(&mut raw, data),
                );
                if args.wants("insert_graph") {
                    rows.push(rounds(
                        "insert_graph",
                        args.runs,
                        &queries,
                        reset,
                        [Some(&mut o), Some(&mut d), Some(&mut r), None],
                    )?);
                }
                let reset =
                    || -> Result<(), Error> { clear_writes(&mut *conn.borrow_mut(), $quote) };
                let (mut o, mut d, mut r, mut i) = (
                    || $way::ours_link(&mut conn.borrow_mut(), data),
                    || $way::diesel_link(&mut conn.borrow_mut(), data),
                    || $raw::link(&mut raw, data),
                    || $way::diesel_link_ignoring(&mut conn.borrow_mut(), data),
                );
                if args.wants("link_m2m") {
                    rows.push(rounds(
                        "link_m2m",
                        args.runs,
                        &queries,
                        reset,
                        [Some(&mut o), Some(&mut d), Some(&mut r), Some(&mut i)],
                    )?);
                }
                drop(raw);
                Ok::<_, Error>(rows)
            })();
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"));
            result
        }
    };
}

/// The load scenarios on diesel-async's `AsyncPgConnection` (feature
/// `async`): this library's async eager API against hand-written
/// diesel-async, the same `belonging_to` + `grouped_by` as [`postgres`]'s
/// `diesel`, each query awaited. Every call is fully qualified: the
/// synchronous traits of the same names are in scope.
#[cfg(feature = "async")]
mod async_postgres {
    use super::*;
    use diesel_async::AsyncPgConnection;

    pub async fn ours(conn: &mut AsyncPgConnection, scenario: &str) -> Result<usize, Error> {
        use diesel_relations::asynchronous::Eager as AsyncEager;
        Ok(match scenario {
            "one_to_many" => {
                let q = customers::table.select(Customer::as_select());
                let cs: Vec<Customer> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let pages = AsyncEager::eager(cs, conn, Customer::invoices).await?;
                pages.iter().map(|c| c.related.len()).sum()
            }
            "many_to_one" => {
                let q = invoices::table.select(Invoice::as_select());
                let is: Vec<Invoice> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let pages = AsyncEager::eager(is, conn, Invoice::customer).await?;
                pages
                    .iter()
                    .filter(|i| i.related.customer_id == i.customer_id)
                    .count()
            }
            "nested_3" => {
                let q = customers::table.select(Customer::as_select());
                let cs: Vec<Customer> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let pages =
                    AsyncEager::eager(cs, conn, with(Customer::invoices, Invoice::lines)).await?;
                pages
                    .iter()
                    .flat_map(|c| &c.related)
                    .map(|i| i.related.len())
                    .sum()
            }
            "many_to_many" => {
                let q = books::table.select(Book::as_select());
                let bs: Vec<Book> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let pages = AsyncEager::eager(bs, conn, Book::authors).await?;
                pages.iter().map(|b| b.related.len()).sum()
            }
            "one_to_one" => {
                let q = parents::table.select(Parent::as_select());
                let ps: Vec<Parent> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let pages = AsyncEager::eager(ps, conn, Parent::favourite).await?;
                pages.iter().filter(|p| p.related.is_some()).count()
            }
            other => return Err(format!("no scenario {other}").into()),
        })
    }

    const CHUNK: usize = diesel_relations::eager::CHUNK;

    pub async fn diesel(conn: &mut AsyncPgConnection, scenario: &str) -> Result<usize, Error> {
        Ok(match scenario {
            "one_to_many" => {
                let q = customers::table.select(Customer::as_select());
                let cs: Vec<Customer> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let mut is: Vec<Invoice> = Vec::new();
                for chunk in cs.chunks(CHUNK) {
                    let q = Invoice::belonging_to(chunk).select(Invoice::as_select());
                    is.extend(diesel_async::RunQueryDsl::load::<Invoice>(q, conn).await?);
                }
                count(&is.grouped_by(&cs))
            }
            "many_to_one" => {
                let q = invoices::table.select(Invoice::as_select());
                let is: Vec<Invoice> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let mut ids: Vec<i32> = is.iter().map(|i| i.customer_id).collect();
                ids.sort_unstable();
                ids.dedup();
                let mut by_id: HashMap<i32, Customer> = HashMap::with_capacity(ids.len());
                for chunk in ids.chunks(CHUNK) {
                    let q = customers::table
                        .filter(customers::customer_id.eq_any(chunk))
                        .select(Customer::as_select());
                    let cs: Vec<Customer> = diesel_async::RunQueryDsl::load(q, conn).await?;
                    by_id.extend(cs.into_iter().map(|c| (c.customer_id, c)));
                }
                let pairs: Vec<(Invoice, Customer)> = is
                    .into_iter()
                    .filter_map(|i| by_id.get(&i.customer_id).cloned().map(|c| (i, c)))
                    .collect();
                pairs
                    .iter()
                    .filter(|(i, c)| c.customer_id == i.customer_id)
                    .count()
            }
            "nested_3" => {
                let q = customers::table.select(Customer::as_select());
                let cs: Vec<Customer> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let mut is: Vec<Invoice> = Vec::new();
                for chunk in cs.chunks(CHUNK) {
                    let q = Invoice::belonging_to(chunk).select(Invoice::as_select());
                    is.extend(diesel_async::RunQueryDsl::load::<Invoice>(q, conn).await?);
                }
                let mut ls: Vec<InvoiceLine> = Vec::new();
                for chunk in is.chunks(CHUNK) {
                    let q = InvoiceLine::belonging_to(chunk).select(InvoiceLine::as_select());
                    ls.extend(diesel_async::RunQueryDsl::load::<InvoiceLine>(q, conn).await?);
                }
                let lines = ls.grouped_by(&is);
                let invoices: Vec<Vec<(Invoice, Vec<InvoiceLine>)>> =
                    is.into_iter().zip(lines).grouped_by(&cs);
                invoices.iter().flatten().map(|(_, l)| l.len()).sum()
            }
            "many_to_many" => {
                let q = books::table.select(Book::as_select());
                let bs: Vec<Book> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let mut links: Vec<(AuthorBook, Author)> = Vec::new();
                for chunk in bs.chunks(CHUNK) {
                    let q = AuthorBook::belonging_to(chunk)
                        .inner_join(authors::table)
                        .select((AuthorBook::as_select(), Author::as_select()));
                    links.extend(
                        diesel_async::RunQueryDsl::load::<(AuthorBook, Author)>(q, conn).await?,
                    );
                }
                let grouped: Vec<Vec<Author>> = links
                    .grouped_by(&bs)
                    .into_iter()
                    .map(|pairs| pairs.into_iter().map(|(_, a)| a).collect())
                    .collect();
                count(&grouped)
            }
            "one_to_one" => {
                let q = parents::table.select(Parent::as_select());
                let ps: Vec<Parent> = diesel_async::RunQueryDsl::load(q, conn).await?;
                let mut fs: Vec<Favourite> = Vec::new();
                for chunk in ps.chunks(CHUNK) {
                    let q = Favourite::belonging_to(chunk).select(Favourite::as_select());
                    fs.extend(diesel_async::RunQueryDsl::load::<Favourite>(q, conn).await?);
                }
                let per: Vec<Option<Favourite>> = fs
                    .grouped_by(&ps)
                    .into_iter()
                    .map(|mut f| f.pop())
                    .collect();
                per.iter().filter(|f| f.is_some()).count()
            }
            other => return Err(format!("no scenario {other}").into()),
        })
    }

    /// The load scenarios through both async ways, on a database of their
    /// own filled by the synchronous connection; each call runs to its end
    /// on a current-thread runtime (the same `block_on` for both ways).
    pub fn run(args: &Args, data: &Data) -> Result<Vec<Row>, Error> {
        let admin_url =
            std::env::var("PG_DATABASE_URL").map_err(|_| "PG_DATABASE_URL is not set")?;
        let name = "diesel_relations_bench_async";
        let mut admin = PgConnection::establish(&admin_url)?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let result = (|| {
            let url = with_database(&admin_url, name);
            let mut sync = diesel_relations_seeds::db::postgres(&url)?;
            populate_with_diesel!(&mut sync, data)?;
            drop(sync);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let mut conn =
                rt.block_on(<AsyncPgConnection as diesel_async::AsyncConnection>::establish(&url))?;
            let queries = Arc::new(AtomicUsize::new(0));
            let seen = queries.clone();
            diesel_async::AsyncConnection::set_instrumentation(
                &mut conn,
                move |event: diesel::connection::InstrumentationEvent<'_>| {
                    if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
                        seen.fetch_add(1, Relaxed);
                    }
                },
            );
            let conn = std::cell::RefCell::new(conn);
            let mut rows = Vec::new();
            // The five plain load scenarios (the querying ones have no
            // diesel-async way written yet).
            for scenario in LOADS[..5].iter().copied().filter(|s| args.wants(s)) {
                let (mut o, mut d) = (
                    || rt.block_on(ours(&mut conn.borrow_mut(), scenario)),
                    || rt.block_on(diesel(&mut conn.borrow_mut(), scenario)),
                );
                rows.push(rounds(
                    scenario,
                    args.runs,
                    &queries,
                    || Ok(()),
                    [Some(&mut o), Some(&mut d), None, None],
                )?);
            }
            Ok::<_, Error>(rows)
        })();
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        result
    }
}

run_server!(
    run_postgres,
    postgres,
    PgConnection,
    "PG_DATABASE_URL",
    diesel_relations_seeds::db::postgres,
    '"',
    raw_postgres,
    raw_postgres::Pg::connect
);
#[cfg(feature = "mysql")]
run_server!(
    run_mysql,
    mysql,
    MysqlConnection,
    "MYSQL_DATABASE_URL",
    diesel_relations_seeds::db::mysql,
    '`',
    raw_mysql,
    raw_mysql::My::connect
);

/// Without the `mysql` feature there is no MySQL client to run.
#[cfg(not(feature = "mysql"))]
fn run_mysql(_: &Args, _: &Data) -> Result<Vec<Row>, Error> {
    Err("this build has no MySQL backend: run with --features mysql".into())
}

#[cfg(feature = "async")]
fn run_postgres_async(args: &Args, data: &Data) -> Result<Vec<Row>, Error> {
    async_postgres::run(args, data)
}

/// Without the `async` feature there is no diesel-async to run.
#[cfg(not(feature = "async"))]
fn run_postgres_async(_: &Args, _: &Data) -> Result<Vec<Row>, Error> {
    Err("this build has no diesel-async: run with --features async".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Error> {
    let args = args()?;
    let data = Data {
        customers: args.customers,
    };
    let rows = match args.backend {
        Backend::Sqlite => run_sqlite(&args, &data)?,
        Backend::Postgres => run_postgres(&args, &data)?,
        Backend::PostgresAsync => run_postgres_async(&args, &data)?,
        Backend::Mysql => run_mysql(&args, &data)?,
    };
    let backend = args.backend.name();
    if args.json {
        for r in &rows {
            let raw = r.raw.map_or("null".to_owned(), |d| format!("{:.3}", ms(d)));
            let ignoring = r
                .ignoring
                .map_or("null".to_owned(), |d| format!("{:.3}", ms(d)));
            println!(
                "{{\"scenario\": \"{}\", \"backend\": \"{backend}\", \"ours_ms\": {:.3}, \"diesel_ms\": {:.3}, \"raw_ms\": {raw}, \
                 \"diesel_ignoring_ms\": {ignoring}, \"queries\": {}, \"rows\": {}, \"ours_peak_kb\": {}, \"diesel_peak_kb\": {}}}",
                r.scenario,
                ms(r.ours),
                ms(r.diesel),
                r.queries,
                r.rows,
                r.ours_peak / 1024,
                r.diesel_peak / 1024
            );
        }
        return Ok(());
    }
    println!(
        "{backend}, {} customers, medians of {} runs (ours = diesel-relations, diesel = hand-written Diesel, raw = {}, \
         ignoring = hand-written Diesel skipping existing pairs, link_m2m only)",
        args.customers,
        args.runs,
        args.backend.driver()
    );
    println!(
        "{:<13} {:>10} {:>10} {:>10} {:>12} {:>10} {:>8} {:>9} {:>11} {:>12} {:>13}",
        "scenario",
        "ours ms",
        "diesel ms",
        "raw ms",
        "ours/diesel",
        "ours/raw",
        "queries",
        "rows",
        "mem o/d",
        "ignoring ms",
        "ours/ignoring"
    );
    for r in &rows {
        let raw = r.raw.map_or("-".to_owned(), |d| format!("{:.1}", ms(d)));
        let vs_raw = r
            .raw
            .map_or("-".to_owned(), |d| format!("{:.2}", ms(r.ours) / ms(d)));
        let ignoring = r
            .ignoring
            .map_or("-".to_owned(), |d| format!("{:.1}", ms(d)));
        let vs_ignoring = r
            .ignoring
            .map_or("-".to_owned(), |d| format!("{:.2}", ms(r.ours) / ms(d)));
        println!(
            "{:<13} {:>10.1} {:>10.1} {:>10} {:>12.2} {:>10} {:>8} {:>9} {:>11.2} {:>12} {:>13}",
            r.scenario,
            ms(r.ours),
            ms(r.diesel),
            raw,
            ms(r.ours) / ms(r.diesel),
            vs_raw,
            r.queries,
            r.rows,
            r.ours_peak as f64 / r.diesel_peak.max(1) as f64,
            ignoring,
            vs_ignoring
        );
    }
    Ok(())
}

// ------------------------------------- composite_children (issue 20)

/// Issue 20's composite-key one-to-many: N parents (`--customers`) with 10
/// children each, keyed by `(parent_id, no)`, `parent_id` referencing the
/// parent. Its tables are its own, created here rather than by the
/// migrations, so that the seeds' registry and diagram do not hold them.
///
/// - `composite_children`: every parent with its children (a collection
///   whose target has a composite primary key), one query per level;
///   hand-written Diesel is `belonging_to` + `grouped_by`.
/// - `composite_children_delete`: `delete_all` of a page of children, the
///   statement that names the composite key (`rows::PkIn`); hand-written
///   Diesel deletes each parent's part of the page with `parent_id = ? AND
///   no IN (..)`. The page is put back, untimed, before each way.
mod composite_children {
    use super::{rounds, Args, Data, Error, Row};
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel_relations::eager::Eager;
    use diesel_relations::Relations;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::sync::atomic::AtomicUsize;

    pub const LOAD: &str = "composite_children";
    pub const DELETE: &str = "composite_children_delete";

    diesel::table! {
        cc_parents (id) {
            id -> Integer,
            name -> Text,
        }
    }

    diesel::table! {
        cc_children (parent_id, no) {
            parent_id -> Integer,
            no -> Integer,
            label -> Text,
        }
    }

    diesel::joinable!(cc_children -> cc_parents (parent_id));
    diesel::allow_tables_to_appear_in_same_query!(cc_parents, cc_children);

    /// A parent of ten children.
    #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
    #[diesel(table_name = cc_parents)]
    #[relationship(children: Vec<CcChild>, back_populates = parent)]
    pub struct CcParent {
        pub id: i32,
        pub name: String,
    }

    /// A child, keyed by its parent and its number under it.
    #[derive(
        Debug,
        Clone,
        PartialEq,
        Queryable,
        Selectable,
        Identifiable,
        Insertable,
        Associations,
        Relations,
    )]
    #[diesel(table_name = cc_children, primary_key(parent_id, no))]
    #[diesel(belongs_to(CcParent, foreign_key = parent_id))]
    #[relationship(parent: CcParent, foreign_key = parent_id, back_populates = children)]
    pub struct CcChild {
        pub parent_id: i32,
        pub no: i32,
        pub label: String,
    }

    const CHILDREN: i32 = 10;

    fn child(parent_id: i32, no: i32) -> CcChild {
        CcChild {
            parent_id,
            no,
            label: format!("child {parent_id}.{no}"),
        }
    }

    /// The parents whose children the delete's page takes: 200 (5 of
    /// every 10 children each, 1000 rows), fewer for a small N.
    fn page_parents(data: &Data) -> i32 {
        (data.customers as i32).min(200)
    }

    /// The page `composite_children_delete` deletes: the even-numbered
    /// children of the first parents, so that no parent loses all of its
    /// children and the rows cannot be named by parent alone.
    fn page(data: &Data) -> Vec<CcChild> {
        (1..=page_parents(data))
            .flat_map(|p| (0..CHILDREN).step_by(2).map(move |no| child(p, no)))
            .collect()
    }

    /// The page's rows as the table holds them before a delete runs.
    fn page_rows(data: &Data) -> Vec<CcChild> {
        (1..=page_parents(data))
            .flat_map(|p| (0..CHILDREN).map(move |no| child(p, no)))
            .collect()
    }

    /// Each key's position, to group rows under their parent.
    fn positions(keys: &[i32]) -> HashMap<i32, usize> {
        keys.iter().enumerate().map(|(i, k)| (*k, i)).collect()
    }

    /// This library and hand-written Diesel, for one connection type.
    macro_rules! ways {
        ($name:ident, $conn:ty, $raw:ty) => {
            pub mod $name {
                use super::*;

                const CHUNK: usize = diesel_relations::eager::CHUNK;

                fn populate(conn: &mut $conn, ddl: &str, data: &Data) -> Result<(), Error> {
                    conn.batch_execute(ddl)?;
                    conn.transaction(|conn| {
                        let ps: Vec<_> = (1..=data.customers as i32)
                            .map(|p| {
                                (
                                    cc_parents::id.eq(p),
                                    cc_parents::name.eq(format!("parent {p}")),
                                )
                            })
                            .collect();
                        for chunk in ps.chunks(1000) {
                            diesel::insert_into(cc_parents::table)
                                .values(chunk.to_vec())
                                .execute(conn)?;
                        }
                        let cs: Vec<CcChild> = (1..=data.customers as i32)
                            .flat_map(|p| (0..CHILDREN).map(move |no| child(p, no)))
                            .collect();
                        for chunk in cs.chunks(1000) {
                            diesel::insert_into(cc_children::table)
                                .values(chunk)
                                .execute(conn)?;
                        }
                        Ok::<_, Error>(())
                    })
                }

                #[inline(never)] // a symbol of its own, for callgrind --toggle-collect
                pub fn ours(conn: &mut $conn) -> Result<usize, Error> {
                    let ps = cc_parents::table.select(CcParent::as_select()).load(conn)?;
                    let pages = ps.eager(conn, CcParent::children)?;
                    Ok(pages.iter().map(|p| p.related.len()).sum())
                }

                #[inline(never)] // a symbol of its own, for callgrind --toggle-collect
                pub fn diesel(conn: &mut $conn) -> Result<usize, Error> {
                    let ps: Vec<CcParent> =
                        cc_parents::table.select(CcParent::as_select()).load(conn)?;
                    let mut cs: Vec<CcChild> = Vec::new();
                    for chunk in ps.chunks(CHUNK) {
                        cs.extend(
                            CcChild::belonging_to(chunk)
                                .select(CcChild::as_select())
                                .load(conn)?,
                        );
                    }
                    let grouped: Vec<Vec<CcChild>> = cs.grouped_by(&ps);
                    Ok(grouped.iter().map(Vec::len).sum())
                }

                #[inline(never)] // a symbol of its own, for callgrind --toggle-collect
                pub fn ours_delete(conn: &mut $conn, page: &[CcChild]) -> Result<usize, Error> {
                    Ok(diesel_relations::delete_all(conn, page)?)
                }

                #[inline(never)] // a symbol of its own, for callgrind --toggle-collect
                pub fn diesel_delete(conn: &mut $conn, page: &[CcChild]) -> Result<usize, Error> {
                    conn.transaction(|conn| {
                        let mut n = 0;
                        for group in page.chunk_by(|a, b| a.parent_id == b.parent_id) {
                            let nos: Vec<i32> = group.iter().map(|c| c.no).collect();
                            n += diesel::delete(
                                cc_children::table
                                    .filter(cc_children::parent_id.eq(group[0].parent_id))
                                    .filter(cc_children::no.eq_any(nos)),
                            )
                            .execute(conn)?;
                        }
                        Ok::<_, Error>(n)
                    })
                }

                /// Puts the page back (untimed, before each delete).
                fn restore(conn: &mut $conn, data: &Data) -> Result<(), Error> {
                    conn.transaction(|conn| {
                        diesel::delete(
                            cc_children::table
                                .filter(cc_children::parent_id.le(page_parents(data))),
                        )
                        .execute(conn)?;
                        diesel::insert_into(cc_children::table)
                            .values(page_rows(data))
                            .execute(conn)?;
                        Ok::<_, Error>(())
                    })
                }

                /// Both scenarios: the tables created and filled, then
                /// each way `--runs` rounds.
                pub fn run(
                    args: &Args,
                    data: &Data,
                    conn: &RefCell<$conn>,
                    queries: &AtomicUsize,
                    url: &str,
                ) -> Result<Vec<Row>, Error> {
                    let mut rows = Vec::new();
                    if !args.wants(LOAD) && !args.wants(DELETE) {
                        return Ok(rows);
                    }
                    populate(&mut conn.borrow_mut(), <$raw>::DDL, data)?;
                    let mut raw = <$raw>::connect(url)?;
                    if args.wants(LOAD) {
                        let (mut o, mut d, mut r) = (
                            || ours(&mut conn.borrow_mut()),
                            || diesel(&mut conn.borrow_mut()),
                            || raw_load(&mut raw),
                        );
                        rows.push(rounds(
                            LOAD,
                            args.runs,
                            queries,
                            || Ok(()),
                            [Some(&mut o), Some(&mut d), Some(&mut r), None],
                        )?);
                    }
                    if args.wants(DELETE) {
                        let page = page(data);
                        let (mut o, mut d, mut r) = (
                            || ours_delete(&mut conn.borrow_mut(), &page),
                            || diesel_delete(&mut conn.borrow_mut(), &page),
                            || raw.delete(&page),
                        );
                        rows.push(rounds(
                            DELETE,
                            args.runs,
                            queries,
                            || restore(&mut conn.borrow_mut(), data),
                            [Some(&mut o), Some(&mut d), Some(&mut r), None],
                        )?);
                    }
                    Ok(rows)
                }
            }
        };
    }

    /// A raw driver's three statements for these scenarios.
    pub trait Raw {
        /// Every parent's key.
        fn parents(&mut self) -> Result<Vec<CcParent>, Error>;
        /// The children of these parents, in the relationship's order
        /// (`parent_id, no`).
        fn children_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(CcChild),
        ) -> Result<(), Error>;
        /// Deletes these children by their keys, in one transaction.
        fn delete(&mut self, page: &[CcChild]) -> Result<usize, Error>;
    }

    /// `composite_children` by hand around a raw driver's queries.
    fn raw_load(raw: &mut dyn Raw) -> Result<usize, Error> {
        let ps = raw.parents()?;
        let keys: Vec<i32> = ps.iter().map(|p| p.id).collect();
        let index = positions(&keys);
        let mut groups: Vec<Vec<CcChild>> = (0..ps.len()).map(|_| Vec::new()).collect();
        raw.children_of(&keys, &mut |c| {
            if let Some(&at) = index.get(&c.parent_id) {
                groups[at].push(c);
            }
        })?;
        Ok(groups.iter().map(Vec::len).sum())
    }

    const PARENTS: &str = "SELECT id, name FROM cc_parents";

    /// rusqlite: `IN (?, ..)` chunks; the delete `(a, b) IN (VALUES (?,
    /// ?), ..)` in chunks of the same number of binds.
    pub struct RawSqlite(rusqlite::Connection);

    impl RawSqlite {
        const DDL: &str = r#"
            CREATE TABLE cc_parents (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
            CREATE TABLE cc_children (parent_id INTEGER NOT NULL REFERENCES cc_parents (id),
                "no" INTEGER NOT NULL, label TEXT NOT NULL, PRIMARY KEY (parent_id, "no"));"#;

        fn connect(path: &str) -> Result<Self, Error> {
            Ok(RawSqlite(rusqlite::Connection::open(path)?))
        }
    }

    impl Raw for RawSqlite {
        fn parents(&mut self) -> Result<Vec<CcParent>, Error> {
            Ok(self
                .0
                .prepare_cached(PARENTS)?
                .query_map([], |r| {
                    Ok(CcParent {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?)
        }
        fn children_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(CcChild),
        ) -> Result<(), Error> {
            for chunk in keys.chunks(diesel_relations::eager::CHUNK) {
                let sql = format!(
                    r#"SELECT parent_id, "no", label FROM cc_children WHERE parent_id IN ({}) ORDER BY parent_id, "no""#,
                    super::placeholders(chunk.len())
                );
                let mut stmt = self.0.prepare_cached(&sql)?;
                let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), |r| {
                    Ok(CcChild {
                        parent_id: r.get(0)?,
                        no: r.get(1)?,
                        label: r.get(2)?,
                    })
                })?;
                for c in rows {
                    visit(c?);
                }
            }
            Ok(())
        }
        fn delete(&mut self, page: &[CcChild]) -> Result<usize, Error> {
            let tx = self.0.transaction()?;
            let mut n = 0;
            for chunk in page.chunks(diesel_relations::eager::CHUNK / 2) {
                let mut pairs = "(?, ?),".repeat(chunk.len());
                pairs.pop();
                let sql = format!(
                    r#"DELETE FROM cc_children WHERE (parent_id, "no") IN (VALUES {pairs})"#
                );
                let binds = chunk.iter().flat_map(|c| [c.parent_id, c.no]);
                n += tx
                    .prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(binds))?;
            }
            tx.commit()?;
            Ok(n)
        }
    }

    /// The `postgres` crate: `= ANY($1)`, one array bind; the delete
    /// `(a, b) IN (SELECT * FROM UNNEST($1, $2))`, one array per column.
    pub struct RawPostgres {
        client: ::postgres::Client,
        parents: ::postgres::Statement,
        children_of: ::postgres::Statement,
        delete: ::postgres::Statement,
    }

    impl RawPostgres {
        const DDL: &str = r#"
            CREATE TABLE cc_parents (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
            CREATE TABLE cc_children (parent_id INTEGER NOT NULL REFERENCES cc_parents (id),
                "no" INTEGER NOT NULL, label TEXT NOT NULL, PRIMARY KEY (parent_id, "no"));"#;

        fn connect(url: &str) -> Result<Self, Error> {
            let mut client = ::postgres::Client::connect(url, ::postgres::NoTls)?;
            let parents = client.prepare(PARENTS)?;
            let children_of = client.prepare(
                r#"SELECT parent_id, "no", label FROM cc_children WHERE parent_id = ANY($1) ORDER BY parent_id, "no""#,
            )?;
            let delete = client.prepare(
                r#"DELETE FROM cc_children WHERE (parent_id, "no") IN (SELECT * FROM UNNEST($1::int4[], $2::int4[]))"#,
            )?;
            Ok(RawPostgres {
                client,
                parents,
                children_of,
                delete,
            })
        }
    }

    impl Raw for RawPostgres {
        fn parents(&mut self) -> Result<Vec<CcParent>, Error> {
            let mut out = Vec::new();
            for r in self.client.query(&self.parents, &[])? {
                out.push(CcParent {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                });
            }
            Ok(out)
        }
        fn children_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(CcChild),
        ) -> Result<(), Error> {
            for r in self.client.query(&self.children_of, &[&keys])? {
                visit(CcChild {
                    parent_id: r.try_get(0)?,
                    no: r.try_get(1)?,
                    label: r.try_get(2)?,
                });
            }
            Ok(())
        }
        fn delete(&mut self, page: &[CcChild]) -> Result<usize, Error> {
            let parents: Vec<i32> = page.iter().map(|c| c.parent_id).collect();
            let nos: Vec<i32> = page.iter().map(|c| c.no).collect();
            let mut tx = self.client.transaction()?;
            let n = tx.execute(&self.delete, &[&parents, &nos])?;
            tx.commit()?;
            Ok(n as usize)
        }
    }

    /// The `mysql` crate: `IN (?, ..)` chunks under the library's
    /// MAX_KEYS; the delete `(a, b) IN ((?, ?), ..)` under the same number
    /// of binds.
    #[cfg(feature = "mysql")]
    pub struct RawMysql(::mysql::Conn);

    #[cfg(feature = "mysql")]
    impl RawMysql {
        const DDL: &str = "
            CREATE TABLE cc_parents (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
            CREATE TABLE cc_children (parent_id INTEGER NOT NULL, `no` INTEGER NOT NULL,
                label TEXT NOT NULL, PRIMARY KEY (parent_id, `no`),
                FOREIGN KEY (parent_id) REFERENCES cc_parents (id));";
        const MAX_KEYS: usize = <diesel::mysql::Mysql as diesel_relations::keys::KeyList>::MAX_KEYS;

        fn connect(url: &str) -> Result<Self, Error> {
            Ok(RawMysql(super::raw_mysql::My::connect(url)?.0))
        }
    }

    #[cfg(feature = "mysql")]
    impl Raw for RawMysql {
        fn parents(&mut self) -> Result<Vec<CcParent>, Error> {
            use ::mysql::prelude::Queryable;
            let stmt = self.0.prep(PARENTS)?;
            let mut out = Vec::new();
            for row in self.0.exec_iter(&stmt, ())? {
                let (id, name) = ::mysql::from_row_opt(row?)?;
                out.push(CcParent { id, name });
            }
            Ok(out)
        }
        fn children_of(
            &mut self,
            keys: &[i32],
            visit: &mut dyn FnMut(CcChild),
        ) -> Result<(), Error> {
            use ::mysql::prelude::Queryable;
            for chunk in keys.chunks(Self::MAX_KEYS) {
                let sql = format!(
                    "SELECT parent_id, `no`, label FROM cc_children WHERE parent_id IN ({}) ORDER BY parent_id, `no`",
                    super::placeholders(chunk.len())
                );
                let stmt = self.0.prep(sql)?;
                let params: Vec<::mysql::Value> =
                    chunk.iter().map(|k| ::mysql::Value::from(*k)).collect();
                for row in self.0.exec_iter(&stmt, params)? {
                    let (parent_id, no, label) = ::mysql::from_row_opt(row?)?;
                    visit(CcChild {
                        parent_id,
                        no,
                        label,
                    });
                }
            }
            Ok(())
        }
        fn delete(&mut self, page: &[CcChild]) -> Result<usize, Error> {
            use ::mysql::prelude::Queryable;
            let mut tx = self.0.start_transaction(::mysql::TxOpts::default())?;
            let mut n = 0;
            for chunk in page.chunks(Self::MAX_KEYS / 2) {
                let mut pairs = "(?, ?),".repeat(chunk.len());
                pairs.pop();
                let stmt = tx.prep(format!(
                    "DELETE FROM cc_children WHERE (parent_id, `no`) IN ({pairs})"
                ))?;
                let params: Vec<::mysql::Value> = chunk
                    .iter()
                    .flat_map(|c| [c.parent_id, c.no])
                    .map(::mysql::Value::from)
                    .collect();
                tx.exec_drop(&stmt, params)?;
                n += tx.affected_rows() as usize;
            }
            tx.commit()?;
            Ok(n)
        }
    }

    ways!(sqlite, SqliteConnection, RawSqlite);
    ways!(postgres, PgConnection, RawPostgres);
    #[cfg(feature = "mysql")]
    ways!(mysql, MysqlConnection, RawMysql);
}
