//! A deadlock inside the caller's transaction, for every write that runs in
//! a transaction of its own or a savepoint of the caller's: `link`,
//! `ToMany::insert` and `remove`, `ToOneReverse::create`, a cascading
//! `delete`, `graph::insert_rows` and `insert_children`.
//!
//! Two callers' transactions each lock a row first (`SELECT .. FOR
//! UPDATE`), meet at a barrier, then make the library write that needs the
//! row the other one locked: the database kills one of them. Its write
//! must say so ([`RelationError::TransactionAborted`], naming the
//! relationship), its caller's transaction must not commit, and a row the
//! caller writes after the error must not be in the database either (read
//! from a third connection). Servers only: SQLite has one writer at a time
//! and never kills a transaction.

use crate::concurrency::{on_threads, Concurrent};
use crate::harness::{Scratch, TestResult};
use diesel::prelude::*;
use diesel_relations::graph::{insert_children, insert_rows};
use diesel_relations::RelationError;
use diesel_relations_seeds::schema::{
    authors_books, books, favourites, parents, players, posts, teams, users,
};
use diesel_relations_seeds::seeds::blog::{Post, User};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::parents::Parent;
use diesel_relations_seeds::seeds::teams::{NewPlayer, Player, Team};
use std::sync::Barrier;

/// The write each caller makes after its lock, on the other caller's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// `book.authors().link(conn, [author])`; locks a book.
    Link,
    /// `team.players().insert(conn, [player])`; locks a team.
    Insert,
    /// `graph::insert_rows::<Player, _, _>`; locks a team.
    InsertRows,
    /// `graph::insert_children(conn, Team::players, ..)`; locks a team.
    InsertChildren,
    /// `parent.favourite().create(conn)`; locks a parent.
    Create,
    /// `user.posts().remove(conn, &post)` (sets `author_id` to NULL);
    /// locks a post.
    Remove,
    /// `delete(conn, &user)`, whose cascade sets its posts' `author_id` to
    /// NULL; locks a post.
    Delete,
}

impl Write {
    /// Every write, with its trial's name.
    pub const ALL: [(Write, &'static str); 7] = [
        (Write::Link, "deadlock_in_callers_transaction"),
        (Write::Insert, "deadlock_in_callers_transaction_insert"),
        (
            Write::InsertRows,
            "deadlock_in_callers_transaction_insert_rows",
        ),
        (
            Write::InsertChildren,
            "deadlock_in_callers_transaction_insert_children",
        ),
        (Write::Create, "deadlock_in_callers_transaction_create"),
        (Write::Remove, "deadlock_in_callers_transaction_remove"),
        (Write::Delete, "deadlock_in_callers_transaction_delete"),
    ];

    /// What the victim's error must name.
    fn relationship(self) -> &'static str {
        match self {
            Write::Link => "Book.authors",
            Write::Insert | Write::InsertChildren => "Team.players",
            Write::InsertRows => "Player",
            Write::Create => "Parent.favourite",
            Write::Remove | Write::Delete => "User.posts",
        }
    }
}

/// Runs `write` in both callers' transactions (see the module docs) and
/// checks what the database holds afterwards.
pub fn deadlock_in_callers_transaction<B: Concurrent + Deadlocks>(
    db: &mut Scratch<B>,
    write: Write,
) -> TestResult {
    B::seed(db.conn())?;
    let barrier = Barrier::new(2);
    let outcomes = std::sync::Mutex::new(Vec::new());
    let url = db.url.clone();
    on_threads(&[url.as_str()], 2, |i, conn: &mut B| {
        // Caller i locks row i + 1, then writes to the other caller's row.
        let (mine, theirs) = (i as i32 + 1, 2 - i as i32);
        let mut killed = None;
        let committed = conn.transaction(|conn| {
            // Both reach the barrier whatever happens, so neither waits
            // for the other forever.
            let locked = B::lock(conn, write, mine);
            barrier.wait();
            locked.map_err(RelationError::Transaction)?;
            if let Err(e) = B::write(conn, write, theirs) {
                killed = Some(e.to_string());
                // A caller that goes on regardless: this row must not
                // commit.
                let _ = B::insert_author(conn, 100 + i as i32);
            }
            Ok::<_, RelationError>(())
        });
        outcomes
            .lock()
            .unwrap()
            .push((i, killed, committed.map_err(|e| e.to_string())));
        Default::default()
    })?;
    let outcomes = outcomes.into_inner().unwrap();
    let mut third = B::connect(&db.url)?;
    let after = B::authors_from(&mut third, 100)?;
    let applied = B::applied(&mut third, write)?;
    let victims: Vec<_> = outcomes.iter().filter(|(_, k, _)| k.is_some()).collect();
    let report =
        format!("{outcomes:?}; written to rows {applied:?}; {after} rows written after the error");
    if victims.len() != 1 {
        return Err(format!("expected one deadlock victim: {report}").into());
    }
    let (victim, message, committed) = victims[0];
    let message = message.as_deref().unwrap_or_default();
    if !message.contains("rolled back the transaction")
        || !message.starts_with(&format!("{}:", write.relationship()))
    {
        return Err(format!(
            "the victim's error does not say {}'s transaction is gone: {report}",
            write.relationship()
        )
        .into());
    }
    if committed.is_ok() {
        return Err(format!("the victim's transaction reported a commit: {report}").into());
    }
    // Only the winner's write is there (to the row it did not lock), and
    // nothing the victim wrote.
    let winner = 1 - *victim as i32;
    if after != 0 || applied != vec![2 - winner] {
        return Err(format!("the victim's writes committed: {report}").into());
    }
    Ok(())
}

/// The writes of the deadlock trials on one backend's connection.
pub trait Deadlocks: Sized {
    /// The rows every write works on, ids 1 and 2, committed: a book and
    /// an author, a team, a parent, a user with post 1 and a user with
    /// post 2.
    fn seed(conn: &mut Self) -> TestResult;
    /// The caller's own lock on the row `id` that `write` of the other
    /// caller needs.
    fn lock(conn: &mut Self, write: Write, id: i32) -> QueryResult<()>;
    /// The library's write to the row `id`.
    fn write(conn: &mut Self, write: Write, id: i32) -> Result<(), RelationError>;
    /// The ids of the rows `write` has been applied to, in order.
    fn applied(conn: &mut Self, write: Write) -> QueryResult<Vec<i32>>;
}

macro_rules! deadlocks {
    ($conn:ty) => {
        impl Deadlocks for $conn {
            fn seed(conn: &mut Self) -> TestResult {
                <Self as crate::concurrency::Writes>::seed_rows(conn, 2)?;
                for id in [1, 2] {
                    diesel::insert_into(teams::table)
                        .values((teams::id.eq(id), teams::name.eq("t"), teams::city.eq("c")))
                        .execute(conn)?;
                    diesel::insert_into(parents::table)
                        .values((parents::id.eq(id), parents::name.eq("p")))
                        .execute(conn)?;
                    diesel::insert_into(users::table)
                        .values((users::id.eq(id), users::name.eq("u")))
                        .execute(conn)?;
                    diesel::insert_into(posts::table)
                        .values((
                            posts::id.eq(id),
                            posts::title.eq("t"),
                            posts::content.eq("c"),
                            posts::author_id.eq(Some(id)),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            }
            fn lock(conn: &mut Self, write: Write, id: i32) -> QueryResult<()> {
                let _: Vec<i32> = match write {
                    Write::Link => books::table
                        .find(id)
                        .select(books::id)
                        .for_update()
                        .load(conn)?,
                    Write::Insert | Write::InsertRows | Write::InsertChildren => teams::table
                        .find(id)
                        .select(teams::id)
                        .for_update()
                        .load(conn)?,
                    Write::Create => parents::table
                        .find(id)
                        .select(parents::id)
                        .for_update()
                        .load(conn)?,
                    Write::Remove | Write::Delete => posts::table
                        .find(id)
                        .select(posts::id)
                        .for_update()
                        .load(conn)?,
                };
                Ok(())
            }
            fn write(conn: &mut Self, write: Write, id: i32) -> Result<(), RelationError> {
                let team = Team {
                    id,
                    name: "t".into(),
                    city: "c".into(),
                };
                let user = User {
                    id,
                    name: "u".into(),
                };
                let player = NewPlayer {
                    name: "w",
                    position: "p",
                };
                match write {
                    Write::Link => {
                        let book = Book {
                            id,
                            title: format!("b{id}"),
                        };
                        let author = Author {
                            id,
                            name: format!("a{id}"),
                        };
                        book.authors().link(conn, [&author])?;
                    }
                    Write::Insert => {
                        team.players().insert(conn, [player])?;
                    }
                    Write::InsertRows => {
                        insert_rows::<Player, _, _>(
                            conn,
                            vec![(
                                players::team_id.eq(id),
                                players::name.eq("w"),
                                players::position.eq("p"),
                            )],
                        )?;
                    }
                    Write::InsertChildren => {
                        insert_children(conn, Team::players, [(id, vec![player])])?;
                    }
                    Write::Create => {
                        let parent = Parent {
                            id,
                            name: "p".into(),
                        };
                        parent.favourite().create(conn)?;
                    }
                    Write::Remove => {
                        let post = Post {
                            id,
                            title: "t".into(),
                            content: "c".into(),
                            author_id: Some(id),
                        };
                        user.posts().remove(conn, &post)?;
                    }
                    Write::Delete => {
                        diesel_relations::delete(conn, &user)?;
                    }
                }
                Ok(())
            }
            fn applied(conn: &mut Self, write: Write) -> QueryResult<Vec<i32>> {
                match write {
                    // Book b linked to author b.
                    Write::Link => authors_books::table
                        .filter(authors_books::book_id.eq(authors_books::author_id))
                        .order_by(authors_books::book_id)
                        .select(authors_books::book_id)
                        .load(conn),
                    Write::Insert | Write::InsertRows | Write::InsertChildren => players::table
                        .order_by(players::team_id)
                        .select(players::team_id)
                        .load(conn),
                    Write::Create => favourites::table
                        .filter(favourites::parent_id.is_not_null())
                        .order_by(favourites::parent_id)
                        .select(favourites::parent_id.assume_not_null())
                        .load(conn),
                    // The post released from its user.
                    Write::Remove => posts::table
                        .filter(posts::author_id.is_null())
                        .order_by(posts::id)
                        .select(posts::id)
                        .load(conn),
                    // The user deleted.
                    Write::Delete => {
                        let left: Vec<i32> = users::table.select(users::id).load(conn)?;
                        Ok([1, 2].into_iter().filter(|id| !left.contains(id)).collect())
                    }
                }
            }
        }
    };
}

deadlocks!(PgConnection);
#[cfg(feature = "mysql")]
deadlocks!(MysqlConnection);

/// The deadlock trials of one server backend.
macro_rules! deadlock_trials {
    ($conn:ty, $trials:ident) => {{
        use crate::harness::scratch_trial;
        let g = "concurrency";
        $trials.extend([
            scratch_trial::<$conn>(g, Write::ALL[0].1, |db| {
                deadlock_in_callers_transaction(db, Write::Link)
            }),
            scratch_trial::<$conn>(g, Write::ALL[1].1, |db| {
                deadlock_in_callers_transaction(db, Write::Insert)
            }),
            scratch_trial::<$conn>(g, Write::ALL[2].1, |db| {
                deadlock_in_callers_transaction(db, Write::InsertRows)
            }),
            scratch_trial::<$conn>(g, Write::ALL[3].1, |db| {
                deadlock_in_callers_transaction(db, Write::InsertChildren)
            }),
            scratch_trial::<$conn>(g, Write::ALL[4].1, |db| {
                deadlock_in_callers_transaction(db, Write::Create)
            }),
            scratch_trial::<$conn>(g, Write::ALL[5].1, |db| {
                deadlock_in_callers_transaction(db, Write::Remove)
            }),
            scratch_trial::<$conn>(g, Write::ALL[6].1, |db| {
                deadlock_in_callers_transaction(db, Write::Delete)
            }),
        ]);
    }};
}

/// The deadlock trials (servers only: see the module docs).
pub fn trials() -> Vec<libtest_mimic::Trial> {
    let mut trials = Vec::new();
    deadlock_trials!(PgConnection, trials);
    #[cfg(feature = "mysql")]
    deadlock_trials!(MysqlConnection, trials);
    trials
}
