//! Association upkeep under concurrency and at scale, on real databases
//! (docs/concurrency.md says what is guaranteed).
//!
//! The concurrent tests need data the other connections can see, so each
//! runs on a [`Scratch`] database of its own (an SQLite file in WAL mode
//! with a 10 s `busy_timeout`, or a database on the server), with a few
//! threads, each on its own connection, over tens of rounds started
//! together by a barrier. A failing test says how many calls failed and
//! how; the `stress_` versions (more rounds) run with `--ignored`.
//!
//! The large-list tests (40 000 targets, past every backend's bind limit)
//! run in the harness's rolled-back transaction.

use crate::harness::{Scratch, ScratchBackend, TestResult};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_relations::graph::link_all;
use diesel_relations::RelationError;
use diesel_relations_seeds::schema::{authors, authors_books, books};
use diesel_relations_seeds::seeds::books::{Author, Book};
use libtest_mimic::Trial;
use std::collections::BTreeMap;
use std::sync::Barrier;

/// Threads per concurrent test.
const THREADS: usize = 4;
/// Rounds per concurrent test, and per stress test.
const ROUNDS: usize = 25;
const STRESS_ROUNDS: usize = 400;

/// What a concurrent test needs of a backend beyond the harness.
pub trait Concurrent: ScratchBackend + Send + Writes {
    /// Another connection to the scratch database at `url`.
    fn connect(url: &str) -> ConnectionResult<Self>;
    /// Drops the association table's primary key (the no-key case).
    fn drop_link_key(&mut self) -> QueryResult<()>;
}

impl Concurrent for SqliteConnection {
    fn connect(url: &str) -> ConnectionResult<Self> {
        let mut conn = SqliteConnection::establish(url)?;
        conn.batch_execute(
            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
        )
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
        Ok(conn)
    }
    fn drop_link_key(&mut self) -> QueryResult<()> {
        // SQLite cannot drop a primary key: the table again, without it.
        self.batch_execute(
            "CREATE TABLE authors_books_nokey (
                 author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
                 book_id INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE);
             INSERT INTO authors_books_nokey SELECT author_id, book_id FROM authors_books;
             DROP TABLE authors_books;
             ALTER TABLE authors_books_nokey RENAME TO authors_books;
             CREATE INDEX authors_books_by_author ON authors_books (author_id, book_id);",
        )
    }
}

impl Concurrent for PgConnection {
    fn connect(url: &str) -> ConnectionResult<Self> {
        PgConnection::establish(url)
    }
    fn drop_link_key(&mut self) -> QueryResult<()> {
        self.batch_execute(
            "CREATE INDEX authors_books_by_author ON authors_books (author_id, book_id);
             ALTER TABLE authors_books DROP CONSTRAINT authors_books_pkey;",
        )
    }
}

#[cfg(feature = "mysql")]
impl Concurrent for MysqlConnection {
    fn connect(url: &str) -> ConnectionResult<Self> {
        MysqlConnection::establish(url)
    }
    fn drop_link_key(&mut self) -> QueryResult<()> {
        // The foreign key on author_id needs an index once the key is gone.
        self.batch_execute(
            "CREATE INDEX authors_books_by_author ON authors_books (author_id, book_id);
             ALTER TABLE authors_books DROP PRIMARY KEY;",
        )
    }
}

/// `n` authors and `n` books with ids `1..=n`, committed.
fn seed<B: Concurrent>(conn: &mut B, n: i32) -> QueryResult<(Vec<Author>, Vec<Book>)> {
    B::seed_rows(conn, n)?;
    let a = (1..=n)
        .map(|id| Author {
            id,
            name: format!("a{id}"),
        })
        .collect();
    let b = (1..=n)
        .map(|id| Book {
            id,
            title: format!("b{id}"),
        })
        .collect();
    Ok((a, b))
}

/// The association rows, `(book_id, author_id)` in order, duplicates kept.
fn links<B: Concurrent>(conn: &mut B) -> QueryResult<Vec<(i32, i32)>> {
    B::link_rows(conn)
}

/// Failed calls by their error, for the message of a failing test.
#[derive(Default)]
pub struct Failures(BTreeMap<String, usize>);

impl Failures {
    fn add<T>(&mut self, result: &Result<T, RelationError>) {
        if let Err(e) = result {
            let kind = match e {
                RelationError::Database { source, .. } => format!("{source:?}"),
                other => format!("{other}"),
            };
            // The kind and the start of the message, without the values.
            let kind: String = kind.chars().take(90).collect();
            *self.0.entry(kind).or_default() += 1;
        }
    }
    fn count(&self) -> usize {
        self.0.values().sum()
    }
    fn merge(&mut self, other: Failures) {
        for (k, n) in other.0 {
            *self.0.entry(k).or_default() += n;
        }
    }
}

/// Runs `body(thread, connection)` on `threads` threads, each on its own
/// connection (thread `i` to `urls[i % urls.len()]`), and merges what they
/// report.
pub fn on_threads<B, F>(urls: &[&str], threads: usize, body: F) -> Result<Failures, String>
where
    B: Concurrent,
    F: Fn(usize, &mut B) -> Failures + Sync,
{
    let mut conns = Vec::new();
    for i in 0..threads {
        conns.push(B::connect(urls[i % urls.len()]).map_err(|e| e.to_string())?);
    }
    let body = &body;
    let mut all = Failures::default();
    std::thread::scope(|s| {
        let handles: Vec<_> = conns
            .into_iter()
            .enumerate()
            .map(|(i, mut conn)| s.spawn(move || body(i, &mut conn)))
            .collect();
        for h in handles {
            all.merge(h.join().expect("a test thread panicked"));
        }
    });
    Ok(all)
}

/// `THREADS` connections link the same pair, round after round: every call
/// succeeds and each pair is there once.
fn link_same_pair<B: Concurrent>(db: &mut Scratch<B>, rounds: usize, key: bool) -> TestResult {
    let conn = db.conn();
    if !key {
        conn.drop_link_key()?;
    }
    let (authors, books) = seed(conn, rounds as i32)?;
    let barrier = Barrier::new(THREADS);
    let failures = on_threads(&[db.url.as_str()], THREADS, |_, conn| {
        let mut failures = Failures::default();
        for book in &books {
            barrier.wait();
            failures.add(&B::link(book, conn, &authors[0]));
        }
        failures
    })?;
    let rows = links(db.conn())?;
    let want: Vec<(i32, i32)> = books.iter().map(|b| (b.id, 1)).collect();
    if failures.count() > 0 || rows != want {
        return Err(format!(
            "{} of {} link calls failed ({:?}); {} rows for {} pairs",
            failures.count(),
            THREADS * rounds,
            failures.0,
            rows.len(),
            want.len()
        )
        .into());
    }
    Ok(())
}

/// Two `set`s of one source at once, round after round: the links end as
/// exactly one caller's set, never a mix.
fn sets_one_wins<B: Concurrent>(db: &mut Scratch<B>, rounds: usize) -> TestResult {
    let (authors, books) = seed(db.conn(), 6)?;
    let book = &books[0];
    let x: Vec<&Author> = authors[0..3].iter().collect();
    let y: Vec<&Author> = authors[3..6].iter().collect();
    let barrier = Barrier::new(2);
    let mut mixed = 0;
    let mut failures = Failures::default();
    for _ in 0..rounds {
        // Start from one of each, so that neither set is there already.
        let mut conn = B::connect(&db.url)?;
        failures.add(&B::set(book, &mut conn, &[&authors[0], &authors[5]]));
        failures.merge(on_threads(&[db.url.as_str()], 2, |i, conn| {
            let mut f = Failures::default();
            barrier.wait();
            f.add(&B::set(book, conn, if i == 0 { &x } else { &y }));
            f
        })?);
        let got: Vec<i32> = links(&mut conn)?.into_iter().map(|(_, a)| a).collect();
        if got != [1, 2, 3] && got != [4, 5, 6] {
            mixed += 1;
        }
    }
    if mixed > 0 || failures.count() > 0 {
        return Err(format!(
            "{mixed} of {rounds} rounds ended in neither set; {} calls failed ({:?})",
            failures.count(),
            failures.0
        )
        .into());
    }
    Ok(())
}

/// `clear` and `link` of one source at once: the result is one of the two
/// orders (`{3}` or nothing), never the old links kept.
fn clear_and_link<B: Concurrent>(db: &mut Scratch<B>, rounds: usize) -> TestResult {
    let (authors, books) = seed(db.conn(), 3)?;
    let book = &books[0];
    let barrier = Barrier::new(2);
    let mut wrong = 0;
    let mut failures = Failures::default();
    for _ in 0..rounds {
        let mut conn = B::connect(&db.url)?;
        failures.add(&B::set(book, &mut conn, &[&authors[0], &authors[1]]));
        failures.merge(on_threads(&[db.url.as_str()], 2, |i, conn| {
            let mut f = Failures::default();
            barrier.wait();
            if i == 0 {
                f.add(&B::clear(book, conn));
            } else {
                f.add(&B::link(book, conn, &authors[2]));
            }
            f
        })?);
        let got: Vec<i32> = links(&mut conn)?.into_iter().map(|(_, a)| a).collect();
        if !got.is_empty() && got != [3] {
            wrong += 1;
        }
    }
    if wrong > 0 || failures.count() > 0 {
        return Err(format!(
            "{wrong} of {rounds} rounds ended in neither order; {} calls failed ({:?})",
            failures.count(),
            failures.0
        )
        .into());
    }
    Ok(())
}

/// `link_all` from several connections over overlapping sources, in
/// different orders: no error, no duplicate, no deadlock.
fn link_all_overlapping<B: Concurrent>(db: &mut Scratch<B>, rounds: usize) -> TestResult {
    db.conn().drop_link_key()?;
    let (authors, books) = seed(db.conn(), rounds as i32 * 4)?;
    let barrier = Barrier::new(THREADS);
    let failures = on_threads(&[db.url.as_str()], THREADS, |i, conn| {
        let mut failures = Failures::default();
        for r in 0..rounds {
            let mut pairs: Vec<(&Book, Vec<&Author>)> = books[r * 4..r * 4 + 4]
                .iter()
                .map(|b| (b, vec![&authors[0], &authors[1]]))
                .collect();
            if i % 2 == 1 {
                pairs.reverse();
            }
            barrier.wait();
            failures.add(&B::link_all(conn, pairs));
        }
        failures
    })?;
    let rows = links(db.conn())?;
    let want: Vec<(i32, i32)> = books.iter().flat_map(|b| [(b.id, 1), (b.id, 2)]).collect();
    if failures.count() > 0 || rows != want {
        return Err(format!(
            "{} of {} link_all calls failed ({:?}); {} rows for {} pairs",
            failures.count(),
            THREADS * rounds,
            failures.0,
            rows.len(),
            want.len()
        )
        .into());
    }
    Ok(())
}

/// The library's writes on one backend's connection (generic code cannot
/// name their bounds, which are per backend).
pub trait Writes: Sized {
    /// `book.authors().link(conn, [author])`
    fn link(book: &Book, conn: &mut Self, author: &Author) -> Result<usize, RelationError>;
    /// `book.authors().set(conn, authors)`
    fn set(
        book: &Book,
        conn: &mut Self,
        authors: &[&Author],
    ) -> Result<(usize, usize), RelationError>;
    /// `book.authors().clear(conn)`
    fn clear(book: &Book, conn: &mut Self) -> Result<usize, RelationError>;
    /// `link_all(conn, Book::authors, pairs)`
    fn link_all(conn: &mut Self, pairs: Vec<(&Book, Vec<&Author>)>)
        -> Result<usize, RelationError>;
    /// Inserts `n` authors and `n` books, ids `1..=n`.
    fn seed_rows(conn: &mut Self, n: i32) -> QueryResult<()>;
    /// The association rows, `(book_id, author_id)` in order.
    fn link_rows(conn: &mut Self) -> QueryResult<Vec<(i32, i32)>>;
    /// Inserts an author with this id.
    fn insert_author(conn: &mut Self, id: i32) -> QueryResult<usize>;
    /// How many authors have an id from `id` on.
    fn authors_from(conn: &mut Self, id: i32) -> QueryResult<i64>;
}

macro_rules! writes {
    ($conn:ty) => {
        impl Writes for $conn {
            fn link(book: &Book, conn: &mut Self, author: &Author) -> Result<usize, RelationError> {
                book.authors().link(conn, [author])
            }
            fn set(
                book: &Book,
                conn: &mut Self,
                authors: &[&Author],
            ) -> Result<(usize, usize), RelationError> {
                book.authors().set(conn, authors.iter().copied())
            }
            fn clear(book: &Book, conn: &mut Self) -> Result<usize, RelationError> {
                book.authors().clear(conn)
            }
            fn link_all(
                conn: &mut Self,
                pairs: Vec<(&Book, Vec<&Author>)>,
            ) -> Result<usize, RelationError> {
                link_all(conn, Book::authors, pairs)
            }
            fn seed_rows(conn: &mut Self, n: i32) -> QueryResult<()> {
                let ids: Vec<i32> = (1..=n).collect();
                for chunk in ids.chunks(1000) {
                    let rows: Vec<_> = chunk
                        .iter()
                        .map(|&id| (authors::id.eq(id), authors::name.eq(format!("a{id}"))))
                        .collect();
                    diesel::insert_into(authors::table)
                        .values(rows)
                        .execute(conn)?;
                    let rows: Vec<_> = chunk
                        .iter()
                        .map(|&id| (books::id.eq(id), books::title.eq(format!("b{id}"))))
                        .collect();
                    diesel::insert_into(books::table)
                        .values(rows)
                        .execute(conn)?;
                }
                Ok(())
            }
            fn link_rows(conn: &mut Self) -> QueryResult<Vec<(i32, i32)>> {
                authors_books::table
                    .order_by((authors_books::book_id, authors_books::author_id))
                    .select((authors_books::book_id, authors_books::author_id))
                    .load(conn)
            }
            fn insert_author(conn: &mut Self, id: i32) -> QueryResult<usize> {
                diesel::insert_into(authors::table)
                    .values((authors::id.eq(id), authors::name.eq("after")))
                    .execute(conn)
            }
            fn authors_from(conn: &mut Self, id: i32) -> QueryResult<i64> {
                authors::table
                    .filter(authors::id.ge(id))
                    .count()
                    .get_result(conn)
            }
        }
    };
}

writes!(SqliteConnection);
writes!(PgConnection);
#[cfg(feature = "mysql")]
writes!(MysqlConnection);

macro_rules! concurrency_trials {
    ($conn:ty, $trials:ident) => {{
        use crate::harness::scratch_trial;
        let g = "concurrency";
        $trials.extend([
            scratch_trial::<$conn>(g, "link_same_pair_with_key", |db| {
                link_same_pair(db, ROUNDS, true)
            }),
            scratch_trial::<$conn>(g, "link_same_pair_without_key", |db| {
                link_same_pair(db, ROUNDS, false)
            }),
            scratch_trial::<$conn>(g, "concurrent_sets_end_in_one_set", |db| {
                sets_one_wins(db, ROUNDS)
            }),
            scratch_trial::<$conn>(g, "clear_and_link_serialise", |db| {
                clear_and_link(db, ROUNDS)
            }),
            scratch_trial::<$conn>(g, "link_all_overlapping_sources", |db| {
                link_all_overlapping(db, ROUNDS)
            }),
            scratch_trial::<$conn>(g, "stress_link_same_pair_without_key", |db| {
                link_same_pair(db, STRESS_ROUNDS, false)
            })
            .with_ignored_flag(true),
            scratch_trial::<$conn>(g, "stress_concurrent_sets", |db| {
                sets_one_wins(db, STRESS_ROUNDS)
            })
            .with_ignored_flag(true),
            scratch_trial::<$conn>(g, "stress_link_all_overlapping", |db| {
                link_all_overlapping(db, STRESS_ROUNDS)
            })
            .with_ignored_flag(true),
        ]);
    }};
}

/// The concurrent trials of every backend (the deadlock ones are in
/// [`crate::deadlock`]).
pub fn concurrency_trials() -> Vec<Trial> {
    let mut trials = Vec::new();
    concurrency_trials!(SqliteConnection, trials);
    concurrency_trials!(PgConnection, trials);
    #[cfg(feature = "mysql")]
    concurrency_trials!(MysqlConnection, trials);
    trials
}

/// 40 000: past SQLite's 32 766 binds and, as pairs, MySQL's and
/// PostgreSQL's 65 535.
const LARGE: i32 = 40_000;

/// `LARGE` authors with ids `1..=LARGE` and one book, in the test's
/// transaction.
macro_rules! large_seed {
    ($conn:expr) => {{
        let ids: Vec<i32> = (1..=LARGE).collect();
        for chunk in ids.chunks(1000) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|&id| (authors::id.eq(id), authors::name.eq("a")))
                .collect();
            diesel::insert_into(authors::table)
                .values(rows)
                .execute($conn)?;
        }
        diesel::insert_into(books::table)
            .values((books::id.eq(1), books::title.eq("b")))
            .execute($conn)?;
        let authors: Vec<Author> = ids
            .iter()
            .map(|&id| Author {
                id,
                name: "a".into(),
            })
            .collect();
        (
            authors,
            Book {
                id: 1,
                title: "b".into(),
            },
        )
    }};
}

/// The number of association rows.
macro_rules! link_count {
    ($conn:expr) => {
        authors_books::table.count().get_result::<i64>($conn)?
    };
}

backend_tests! {
    fn link_unlink_set_of_40000_targets(conn) {
        let (authors, book) = large_seed!(conn);
        ensure_eq!(book.authors().link(conn, &authors)?, LARGE as usize);
        ensure_eq!(link_count!(conn), LARGE as i64);
        // Again: nothing new.
        ensure_eq!(book.authors().link(conn, &authors)?, 0);
        // The first half stays, the second goes: 20 000 deleted.
        let half = (LARGE / 2) as usize;
        ensure_eq!(book.authors().set(conn, &authors[..half])?, (0, half));
        ensure_eq!(link_count!(conn), half as i64);
        ensure_eq!(book.authors().unlink(conn, &authors)?, half);
        ensure_eq!(link_count!(conn), 0);
        ensure_eq!(book.authors().set(conn, &authors)?, (LARGE as usize, 0));
        ensure_eq!(book.authors().clear(conn)?, LARGE as usize);
        Ok(())
    }

    fn link_all_of_40000_pairs(conn) {
        let (authors, _) = large_seed!(conn);
        let ids: Vec<i32> = (2..=LARGE / 2).collect();
        for chunk in ids.chunks(1000) {
            let rows: Vec<_> = chunk.iter().map(|&id| (books::id.eq(id), books::title.eq("b"))).collect();
            diesel::insert_into(books::table).values(rows).execute(conn)?;
        }
        let books: Vec<Book> = (1..=LARGE / 2).map(|id| Book { id, title: "b".into() }).collect();
        let pairs = || books.iter().map(|b| (b, vec![&authors[b.id as usize - 1], &authors[(b.id + LARGE / 2) as usize - 1]]));
        ensure_eq!(link_all(conn, Book::authors, pairs())?, LARGE as usize);
        ensure_eq!(link_all(conn, Book::authors, pairs())?, 0);
        ensure_eq!(link_count!(conn), LARGE as i64);
        Ok(())
    }
}
