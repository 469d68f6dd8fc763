//! The library's writes on a MariaDB Galera cluster, spread across its
//! nodes (docs/galera.md; `bash scripts/galera.sh test` starts a cluster,
//! runs this, stops it). The nodes are in `GALERA_URLS` (comma-separated
//! `mysql://` URLs); unset, every trial is reported ignored.
//!
//! A transaction runs on one node alone and is certified against the
//! others' at COMMIT: two nodes writing the same rows at once do not wait
//! for each other as on one server, one of them fails at COMMIT with a
//! deadlock (error 1213), or, if it is still open when the other's write
//! arrives, is killed at its next statement (a brute-force abort). The
//! trials check what the library promises there: `link` is idempotent and
//! `set` ends as exactly one caller's set when callers retry what failed;
//! a write in a killed caller's transaction is
//! `RelationError::TransactionAborted` and nothing of that transaction
//! commits; graph inserts return the keys of their own rows under
//! `auto_increment_increment = 3`. Bounded: a few threads, tens of rounds,
//! at most `RETRIES` retries per call.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_relations::graph::{insert_children, insert_rows};
use diesel_relations::RelationError;
use diesel_relations_seeds::db;
use diesel_relations_seeds::schema::{authors, authors_books, books, customers, invoices};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::invoicing::{Customer, NewCustomer, NewInvoice};
use libtest_mimic::{Failed, Trial};
use std::sync::{Barrier, Mutex};

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;
/// A trial's body.
type GaleraTrial = fn(&Cluster) -> TestResult;
/// What one node's thread inserted: the node, the customers' keys, each
/// customer's invoices' keys, the node's `auto_increment_offset`.
type NodeInserts = (usize, Vec<i32>, Vec<Vec<i32>>, i64);

/// Rounds per concurrent trial.
const ROUNDS: usize = 25;
/// Retries of one call that certification failed.
const RETRIES: usize = 50;

/// A database of its own on the cluster, created on the first node (the
/// cluster replicates the DDL), with a URL per node; dropped afterwards.
struct Cluster {
    urls: Vec<String>,
    name: String,
    admin: String,
}

impl Cluster {
    fn new(
        nodes: &[String],
        trial: &str,
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let name = format!("dr_galera_{}_{trial}", std::process::id());
        let admin = nodes[0].clone();
        MysqlConnection::establish(&admin)?.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"
        ))?;
        let urls: Vec<String> = nodes.iter().map(|url| with_database(url, &name)).collect();
        db::mysql(&urls[0])?;
        Ok(Cluster { urls, name, admin })
    }

    /// A connection to node `i` (wrapping around) whose statements first
    /// wait until the node has applied what the cluster committed before
    /// (`wsrep_sync_wait`): a write that follows another node's, such as a
    /// link to a just-inserted author, finds it there.
    fn conn(&self, i: usize) -> ConnectionResult<MysqlConnection> {
        let mut conn = MysqlConnection::establish(&self.urls[i % self.urls.len()])?;
        conn.batch_execute("SET SESSION wsrep_sync_wait = 15")
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
        Ok(conn)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Ok(mut admin) = MysqlConnection::establish(&self.admin) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
        }
    }
}

/// `mysql://user@host:port/db` with `db` replaced.
fn with_database(url: &str, database: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    match url[start..].find('/') {
        Some(slash) => format!("{}/{database}", &url[..start + slash]),
        None => format!("{url}/{database}"),
    }
}

/// Runs `call` until the cluster did not roll its transaction back
/// ([`aborted`]: a certification failure; retry the whole transaction), at
/// most [`RETRIES`] times; counts the aborts.
fn retried<T>(
    aborts: &Mutex<usize>,
    mut call: impl FnMut() -> Result<T, RelationError>,
) -> Result<T, RelationError> {
    let mut left = RETRIES;
    loop {
        match call() {
            // The library's own write, or the caller's COMMIT.
            Err(e) if left > 0 && aborted(&e) => {
                left -= 1;
                *aborts.lock().unwrap() += 1;
            }
            other => return other,
        }
    }
}

/// Whether the cluster rolled the transaction back: the library says so,
/// or the caller's COMMIT failed certification (error 1213).
fn aborted(error: &RelationError) -> bool {
    match error {
        RelationError::TransactionAborted { .. } => true,
        RelationError::Transaction(e) => e.to_string().starts_with("Deadlock found"),
        _ => false,
    }
}

/// `n` authors and `n` books, ids `1..=n`, committed.
fn seed(conn: &mut MysqlConnection, n: i32) -> QueryResult<(Vec<Author>, Vec<Book>)> {
    let authors: Vec<Author> = (1..=n)
        .map(|id| Author {
            id,
            name: format!("a{id}"),
        })
        .collect();
    let books: Vec<Book> = (1..=n)
        .map(|id| Book {
            id,
            title: format!("b{id}"),
        })
        .collect();
    let rows: Vec<_> = authors
        .iter()
        .map(|a| (authors::id.eq(a.id), authors::name.eq(&a.name)))
        .collect();
    diesel::insert_into(authors::table)
        .values(rows)
        .execute(conn)?;
    let rows: Vec<_> = books
        .iter()
        .map(|b| (books::id.eq(b.id), books::title.eq(&b.title)))
        .collect();
    diesel::insert_into(books::table)
        .values(rows)
        .execute(conn)?;
    Ok((authors, books))
}

/// The association rows, `(book_id, author_id)` in order.
fn links(conn: &mut MysqlConnection) -> QueryResult<Vec<(i32, i32)>> {
    authors_books::table
        .order_by((authors_books::book_id, authors_books::author_id))
        .select((authors_books::book_id, authors_books::author_id))
        .load(conn)
}

/// One connection per node, all linking the same pair, round after round:
/// every call succeeds (after retries), exactly one of them inserts each
/// pair, and each pair is there once.
fn link_same_pair_across_nodes(cluster: &Cluster) -> TestResult {
    let (authors, books) = seed(&mut cluster.conn(0)?, ROUNDS as i32)?;
    let threads = cluster.urls.len();
    let barrier = Barrier::new(threads);
    let aborts = Mutex::new(0);
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|s| -> TestResult {
        let mut handles = Vec::new();
        for i in 0..threads {
            let mut conn = cluster.conn(i)?;
            let (barrier, aborts, outcomes, authors, books) =
                (&barrier, &aborts, &outcomes, &authors, &books);
            handles.push(s.spawn(move || {
                for book in books {
                    barrier.wait();
                    let result = retried(aborts, || book.authors().link(&mut conn, [&authors[0]]));
                    outcomes
                        .lock()
                        .unwrap()
                        .push((book.id, result.map_err(|e| e.to_string())));
                }
            }));
        }
        for h in handles {
            h.join().expect("a trial thread panicked");
        }
        Ok(())
    })?;
    let outcomes = outcomes.into_inner().unwrap();
    let failed: Vec<_> = outcomes.iter().filter(|(_, r)| r.is_err()).collect();
    let inserted: usize = outcomes.iter().filter_map(|(_, r)| r.as_ref().ok()).sum();
    let rows = links(&mut cluster.conn(1)?)?;
    let want: Vec<(i32, i32)> = books.iter().map(|b| (b.id, 1)).collect();
    let aborts = *aborts.lock().unwrap();
    eprintln!("link_same_pair_across_nodes: {aborts} certification failures retried");
    if !failed.is_empty() || rows != want || inserted != books.len() {
        return Err(format!(
            "{} calls failed ({failed:?}); {inserted} inserted for {} pairs; {} rows; {aborts} aborts",
            failed.len(),
            books.len(),
            rows.len()
        )
        .into());
    }
    Ok(())
}

/// Two callers' `set`s of one book at once from two nodes, round after
/// round, each in a transaction that first writes the book's row: the
/// links end as exactly one caller's set, never a mix. (Without that
/// write they can mix: Galera certifies written rows only, and `set`'s
/// `SELECT .. FOR UPDATE` of the book locks it on its own node alone; see
/// docs/galera.md.)
fn sets_across_nodes_end_in_one_set(cluster: &Cluster) -> TestResult {
    let (authors, books) = seed(&mut cluster.conn(0)?, 6)?;
    let book = &books[0];
    let x: Vec<&Author> = authors[0..3].iter().collect();
    let y: Vec<&Author> = authors[3..6].iter().collect();
    let barrier = Barrier::new(2);
    let aborts = Mutex::new(0);
    let mut mixed = Vec::new();
    let mut failed = Vec::new();
    let mut reader = cluster.conn(2)?;
    for round in 0..ROUNDS {
        let mut conn = cluster.conn(0)?;
        retried(&aborts, || {
            book.authors().set(&mut conn, [&authors[0], &authors[5]])
        })?;
        let results: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|i| {
                    let (barrier, aborts, set) = (&barrier, &aborts, if i == 0 { &x } else { &y });
                    s.spawn(move || -> Result<(usize, usize), String> {
                        barrier.wait();
                        retried(aborts, || {
                            // A connection whose transaction was killed
                            // cannot open another: retry on a fresh one.
                            let mut conn = cluster.conn(i).map_err(|e| {
                                RelationError::Transaction(
                                    diesel::result::Error::QueryBuilderError(e.to_string().into()),
                                )
                            })?;
                            conn.transaction(|conn| {
                                diesel::update(books::table.find(book.id))
                                    .set(books::title.eq(format!("set by {i} in {round}")))
                                    .execute(conn)?;
                                book.authors().set(conn, set.iter().copied())
                            })
                        })
                        .map_err(|e| e.to_string())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a trial thread panicked"))
                .collect()
        });
        failed.extend(results.into_iter().filter_map(Result::err));
        let got: Vec<i32> = links(&mut reader)?.into_iter().map(|(_, a)| a).collect();
        if got != [1, 2, 3] && got != [4, 5, 6] {
            mixed.push((round, got));
        }
    }
    let aborts = *aborts.lock().unwrap();
    eprintln!("sets_across_nodes_end_in_one_set: {aborts} certification failures retried");
    if !mixed.is_empty() || !failed.is_empty() {
        return Err(format!("rounds in neither set: {mixed:?}; failed calls: {failed:?}").into());
    }
    Ok(())
}

/// A caller's transaction on node 1 links a book; node 2 commits a write
/// to the same book meanwhile, and the cluster kills the caller's
/// transaction (a brute-force abort). The caller's next `link` says so
/// ([`RelationError::TransactionAborted`] naming `Book.authors`), a row it
/// writes afterwards does not commit, nor does its transaction; node 2's
/// write stays.
fn transaction_aborted_in_callers_transaction(cluster: &Cluster) -> TestResult {
    let (authors, books) = seed(&mut cluster.conn(0)?, 2)?;
    let mut caller = cluster.conn(0)?;
    let mut other = cluster.conn(1)?;
    let mut second = None;
    let committed = caller.transaction(|conn| {
        books[0].authors().link(conn, [&authors[0]])?;
        // Node 2 renames the book the caller holds locked, and commits:
        // certified first, its write set kills the caller's transaction
        // when node 1 applies it.
        diesel::update(books::table.find(books[0].id))
            .set(books::title.eq("renamed"))
            .execute(&mut other)
            .map_err(RelationError::Transaction)?;
        // Node 1 applies it once the caller's lock is gone: wait (bounded)
        // until another connection to node 1 sees it.
        let mut watcher = cluster.conn(0).map_err(|e| {
            RelationError::Transaction(diesel::result::Error::QueryBuilderError(
                e.to_string().into(),
            ))
        })?;
        for _ in 0..100 {
            let title: String = books::table
                .find(books[0].id)
                .select(books::title)
                .get_result(&mut watcher)
                .map_err(RelationError::Transaction)?;
            if title == "renamed" {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let result = books[0].authors().link(conn, [&authors[1]]);
        if result.is_err() {
            let _ = diesel::insert_into(authors::table)
                .values((authors::id.eq(100), authors::name.eq("after")))
                .execute(conn);
        }
        second = Some(result.map_err(|e| e.to_string()));
        Ok::<_, RelationError>(())
    });
    let mut third = cluster.conn(2)?;
    let rows = links(&mut third)?;
    let after: i64 = authors::table
        .filter(authors::id.ge(100))
        .count()
        .get_result(&mut third)?;
    let title: String = books::table
        .find(books[0].id)
        .select(books::title)
        .get_result(&mut third)?;
    let report = format!(
        "second link {second:?}; transaction {:?}; links {rows:?}; {after} rows after; title {title}",
        committed.as_ref().map_err(|e| e.to_string())
    );
    let message = match &second {
        Some(Err(message)) => message.clone(),
        _ => return Err(format!("the second link was not refused: {report}").into()),
    };
    if !message.starts_with("Book.authors:") || !message.contains("rolled back the transaction") {
        return Err(format!("the error does not say the transaction is gone: {report}").into());
    }
    if committed.is_ok() || !rows.is_empty() || after != 0 || title != "renamed" {
        return Err(format!("the killed transaction's writes committed: {report}").into());
    }
    Ok(())
}

/// Every node inserts customers and their invoices at once through
/// `graph::insert_rows` and `insert_children`: each returned key is its own
/// row's (read back by key on another node), and every key a node hands
/// out is in its lane of `auto_increment_increment = 3`.
fn insert_keys_across_nodes(cluster: &Cluster) -> TestResult {
    let threads = cluster.urls.len();
    let barrier = Barrier::new(threads);
    let aborts = Mutex::new(0);
    let results: Vec<Result<NodeInserts, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|node| {
                let (barrier, aborts) = (&barrier, &aborts);
                s.spawn(move || {
                    let mut conn = cluster.conn(node).map_err(|e| e.to_string())?;
                    let (offset,): (i64,) =
                        diesel::select(diesel::dsl::sql::<(diesel::sql_types::BigInt,)>(
                            "CAST(@@auto_increment_offset AS SIGNED)",
                        ))
                        .get_result(&mut conn)
                        .map_err(|e| e.to_string())?;
                    let names: Vec<String> = (0..ROUNDS).map(|i| format!("n{node}-{i}")).collect();
                    barrier.wait();
                    let keys = retried(aborts, || {
                        let rows: Vec<NewCustomer> = names
                            .iter()
                            .map(|name| NewCustomer {
                                name,
                                address: "",
                                email: "",
                            })
                            .collect();
                        insert_rows::<Customer, _, _>(&mut conn, rows)
                    })
                    .map_err(|e| e.to_string())?;
                    let invoices = retried(aborts, || {
                        let groups = keys.iter().enumerate().map(|(i, &k)| {
                            (
                                k,
                                vec![
                                    NewInvoice {
                                        invno: i as i32,
                                        amount: 1,
                                    },
                                    NewInvoice {
                                        invno: i as i32,
                                        amount: 2,
                                    },
                                ],
                            )
                        });
                        insert_children(&mut conn, Customer::invoices, groups)
                    })
                    .map_err(|e| e.to_string())?;
                    Ok((node, keys, invoices, offset))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a trial thread panicked"))
            .collect()
    });
    let mut reader = cluster.conn(1)?;
    let mut wrong = Vec::new();
    for result in results {
        let (node, keys, invoice_keys, offset) = result?;
        for (i, key) in keys.iter().enumerate() {
            let name: String = customers::table
                .find(key)
                .select(customers::name)
                .get_result(&mut reader)?;
            if name != format!("n{node}-{i}") || (*key as i64 - offset) % 3 != 0 {
                wrong.push(format!("node {node} customer {i}: key {key} is {name}'s"));
            }
            for (j, invoice) in invoice_keys[i].iter().enumerate() {
                let (custid, amount): (i32, i32) = invoices::table
                    .find(invoice)
                    .select((invoices::custid, invoices::amount))
                    .get_result(&mut reader)?;
                if custid != *key || amount != j as i32 + 1 || (*invoice as i64 - offset) % 3 != 0 {
                    wrong.push(format!(
                        "node {node} invoice {i}/{j}: key {invoice} is ({custid}, {amount})"
                    ));
                }
            }
        }
    }
    let count: i64 = customers::table.count().get_result(&mut reader)?;
    eprintln!(
        "insert_keys_across_nodes: {} certification failures retried",
        aborts.lock().unwrap()
    );
    if !wrong.is_empty() || count != (threads * ROUNDS) as i64 {
        return Err(format!("{count} customers; wrong keys: {wrong:?}").into());
    }
    Ok(())
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let nodes: Option<Vec<String>> = std::env::var("GALERA_URLS").ok().map(|urls| {
        urls.split(',')
            .map(str::to_owned)
            .filter(|u| !u.is_empty())
            .collect()
    });
    let trials: [(&str, GaleraTrial); 4] = [
        ("link_same_pair_across_nodes", link_same_pair_across_nodes),
        (
            "sets_across_nodes_end_in_one_set",
            sets_across_nodes_end_in_one_set,
        ),
        (
            "transaction_aborted_in_callers_transaction",
            transaction_aborted_in_callers_transaction,
        ),
        ("insert_keys_across_nodes", insert_keys_across_nodes),
    ];
    let trials = trials
        .into_iter()
        .map(|(name, body)| {
            let nodes = nodes.clone();
            let ignored = nodes.as_ref().is_none_or(|n| n.len() < 2);
            Trial::test(format!("galera::{name}"), move || {
                let nodes = nodes.ok_or("GALERA_URLS is not set")?;
                let cluster =
                    Cluster::new(&nodes, name).map_err(|e| Failed::from(e.to_string()))?;
                body(&cluster).map_err(|e| Failed::from(e.to_string()))
            })
            .with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
