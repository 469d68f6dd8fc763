//! The writes on diesel-async's connections: every write of the library
//! (inserts through relationships, link/unlink/set/clear, link_all,
//! remove, cascading delete, graph writes), run through the async API and
//! read back through a synchronous connection; a failed write inside a
//! caller's transaction (diesel-async's `AsyncConnection::transaction`)
//! leaves nothing half-written; a write spawned on a multi-threaded tokio
//! runtime.
//!
//! The writes use tables the loads do not read (clubs, authors and books,
//! teams, addresses), and run one at a time (`SERIAL`), each starting from
//! empty tables. On SQLite they write a database file of their own, so
//! that the loads reading the other one never meet a writer's lock.

use super::{runtime, Backend, TestResult};
use libtest_mimic::{Failed, Trial};
use std::sync::{Mutex, OnceLock};

/// One write test at a time: they share tables.
static SERIAL: Mutex<()> = Mutex::new(());

/// The writes' SQLite file, migrated once.
fn sqlite_path() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    static DB: OnceLock<Result<String, String>> = OnceLock::new();
    let made = DB.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("{}_writes.sqlite", super::database_name()));
        let path = path
            .to_str()
            .ok_or("temporary path is not UTF-8")?
            .to_owned();
        let _ = std::fs::remove_file(&path);
        diesel_relations_seeds::db::sqlite(&path).map_err(|e| e.to_string())?;
        Ok(path)
    });
    made.clone().map_err(Into::into)
}

/// Removes the writes' SQLite file.
pub fn destroy() {
    if let Ok(path) = sqlite_path() {
        let _ = std::fs::remove_file(path);
    }
}

/// Both connections to the database the writes use, with SQLite's foreign
/// keys enforced (a per-connection pragma).
pub async fn open<B: Backend>(
) -> Result<(B::Sync, B::Async), Box<dyn std::error::Error + Send + Sync>> {
    let url = if B::URL_VAR.is_none() {
        sqlite_path()?
    } else {
        super::url_of::<B>()?
    };
    let mut sync = <B::Sync as diesel::Connection>::establish(&url)?;
    let mut conn = <B::Async as diesel_async::AsyncConnection>::establish(&url).await?;
    if B::URL_VAR.is_none() {
        diesel::connection::SimpleConnection::batch_execute(&mut sync, "PRAGMA foreign_keys = ON")?;
        diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, "PRAGMA foreign_keys = ON")
            .await?;
    }
    Ok((sync, conn))
}

/// The URL of the database the writes use.
pub fn url<B: Backend>() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    if B::URL_VAR.is_none() {
        sqlite_path()
    } else {
        super::url_of::<B>()
    }
}

/// One write trial, `backend::writes::name`, run alone.
pub fn trial<B: Backend>(name: &str, body: super::Body<B::Sync, B::Async>) -> Trial {
    let available = B::URL_VAR.is_none_or(|var| std::env::var_os(var).is_some());
    Trial::test(format!("{}::writes::{name}", B::NAME), move || {
        let _alone = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let run = || -> TestResult {
            runtime()?.block_on(async {
                let (mut sync, mut conn) = open::<B>().await?;
                body(&mut sync, &mut conn).await
            })
        };
        run().map_err(|e| Failed::from(format!("{e}\n  ({e:?})")))
    })
    .with_ignored_flag(!available)
}

macro_rules! writes_suite {
    ($($backend:ident: $marker:ty $(, #[$attr:meta])?;)*) => {$(
        $(#[$attr])?
        pub mod $backend {
            use super::super::{ensure_eq, Backend, TestResult};
            use super::{open, trial};
            use diesel::prelude::*;
            use diesel_relations::graph::{insert_children_async, insert_rows_async, link_all_async};
            use diesel_relations::{delete_all_async, delete_async, RelationError};
            use diesel_relations_seeds::schema::{
                addresses, authors, authors_books, books, club_badges, club_members, clubs, players, shipments, teams,
            };
            use diesel_relations_seeds::seeds::books::{Author, Book};
            use diesel_relations_seeds::seeds::clubs::{Badge, Club, Member, NewBadge, NewClub, NewMember};
            use diesel_relations_seeds::seeds::shipping::{Address, Shipment};
            use diesel_relations_seeds::seeds::teams::{NewPlayer, NewTeam, Player, Team};
            use libtest_mimic::Trial;

            type S = <$marker as Backend>::Sync;
            type A = <$marker as Backend>::Async;

            /// Empties every table the writes use, children first.
            fn wipe(s: &mut S) -> QueryResult<()> {
                diesel::delete(club_members::table).execute(s)?;
                diesel::delete(club_badges::table).execute(s)?;
                diesel::delete(clubs::table).execute(s)?;
                diesel::delete(authors_books::table).execute(s)?;
                diesel::delete(authors::table).execute(s)?;
                diesel::delete(books::table).execute(s)?;
                diesel::delete(players::table).execute(s)?;
                diesel::delete(teams::table).execute(s)?;
                diesel::delete(shipments::table).execute(s)?;
                diesel::delete(addresses::table).execute(s)?;
                Ok(())
            }

            /// A club written synchronously, with keys far from the
            /// sequences' (the graph writes let the database pick).
            fn club(s: &mut S, id: i32, code: &str) -> QueryResult<Club> {
                diesel::insert_into(clubs::table)
                    .values((clubs::id.eq(id), clubs::code.eq(code), clubs::name.eq(format!("club {code}"))))
                    .execute(s)?;
                clubs::table.find(id).select(Club::as_select()).first(s)
            }

            fn member_names(s: &mut S, code: &str) -> QueryResult<Vec<String>> {
                club_members::table.filter(club_members::club_code.eq(code)).order_by(club_members::id).select(club_members::name).load(s)
            }

            /// The authors and books of the link tests: authors 1001, 1002;
            /// books 1001..=1003.
            fn library(s: &mut S) -> QueryResult<(Vec<Author>, Vec<Book>)> {
                for id in [1001, 1002] {
                    diesel::insert_into(authors::table).values((authors::id.eq(id), authors::name.eq(format!("a{id}")))).execute(s)?;
                }
                for id in 1001..=1003 {
                    diesel::insert_into(books::table).values((books::id.eq(id), books::title.eq(format!("b{id}")))).execute(s)?;
                }
                let authors = authors::table.order_by(authors::id).select(Author::as_select()).load(s)?;
                let books = books::table.order_by(books::id).select(Book::as_select()).load(s)?;
                Ok((authors, books))
            }

            fn links(s: &mut S) -> QueryResult<Vec<(i32, i32)>> {
                authors_books::table
                    .order_by((authors_books::author_id, authors_books::book_id))
                    .select((authors_books::author_id, authors_books::book_id))
                    .load(s)
            }

            async fn inserts_through_relationships_read_back(s: &mut S, a: &mut A) -> TestResult {
                wipe(s)?;
                let w1 = club(s, 1001, "W1")?;
                let inserted = w1.members().insert_async(a, [NewMember { name: "ann" }, NewMember { name: "bo" }]).await?;
                ensure_eq!(inserted, 2);
                ensure_eq!(member_names(s, "W1")?, ["ann", "bo"]);
                // What the relationship reads is what was written.
                let members: Vec<Member> = w1.members().load(s)?;
                ensure_eq!(members.iter().map(|m| m.club_code.as_str()).collect::<Vec<_>>(), ["W1", "W1"]);
                ensure_eq!(w1.members().insert_async(a, Vec::<NewMember>::new()).await?, 0);

                // A one-to-one over `references = clubs::code`.
                ensure_eq!(w1.badge().insert_async(a, NewBadge { label: "gold" }).await?, 1);
                let badge: Option<Badge> = w1.badge().get(s)?;
                ensure_eq!(badge.map(|b| (b.club_code, b.label)), Some((Some("W1".to_owned()), "gold".to_owned())));
                // A second badge breaks the UNIQUE key: refused, nothing written.
                ensure_eq!(w1.badge().insert_async(a, NewBadge { label: "silver" }).await.is_err(), true);
                let labels: Vec<String> = club_badges::table.select(club_badges::label).load(s)?;
                ensure_eq!(labels, ["gold"]);

                // create: every other column its default; label has none.
                let w2 = club(s, 1002, "W2")?;
                ensure_eq!(w2.badge().create_async(a).await.is_err(), true);
                ensure_eq!(w2.badge().get(s)?, None);
                // A member of a club that does not exist: the foreign key refuses it.
                let ghost = Club { id: 1999, code: "NONE".into(), name: "none".into() };
                match ghost.members().insert_async(a, [NewMember { name: "x" }]).await {
                    Err(RelationError::ForeignKeyViolation { relationship, .. }) => ensure_eq!(relationship, "Club.members"),
                    other => return Err(format!("expected ForeignKeyViolation, got {other:?}").into()),
                }
                ensure_eq!(member_names(s, "NONE")?.len(), 0);
                Ok(())
            }

            async fn link_unlink_set_clear_and_link_all_read_back(s: &mut S, a: &mut A) -> TestResult {
                wipe(s)?;
                let (people, shelf) = library(s)?;
                let (a1, a2) = (&people[0], &people[1]);
                ensure_eq!(a1.books().link_async(a, &shelf[..2]).await?, 2);
                // Never a duplicate: only b1003 is new.
                ensure_eq!(a1.books().link_async(a, &shelf[1..]).await?, 1);
                ensure_eq!(links(s)?, [(1001, 1001), (1001, 1002), (1001, 1003)]);
                ensure_eq!(a1.books().unlink_async(a, &shelf[..1]).await?, 1);
                ensure_eq!(links(s)?, [(1001, 1002), (1001, 1003)]);
                // Exactly {b1003, b1001}: b1001 inserted, b1002 deleted.
                ensure_eq!(a1.books().set_async(a, [&shelf[2], &shelf[0]]).await?, (1, 1));
                ensure_eq!(links(s)?, [(1001, 1001), (1001, 1003)]);
                ensure_eq!(a1.books().load(s)?.iter().map(|b| b.id).collect::<Vec<_>>(), [1001, 1003]);
                ensure_eq!(a1.books().clear_async(a).await?, 2);
                ensure_eq!(links(s)?, Vec::<(i32, i32)>::new());

                let added = link_all_async(a, Author::books, [(a1, shelf.iter().take(2).collect()), (a2, vec![&shelf[1], &shelf[1]])]).await?;
                ensure_eq!(added, 3);
                let again = link_all_async(a, Author::books, [(a1, shelf.iter().collect()), (a2, vec![&shelf[1]])]).await?;
                ensure_eq!(again, 1);
                ensure_eq!(links(s)?, [(1001, 1001), (1001, 1002), (1001, 1003), (1002, 1002)]);
                Ok(())
            }

            async fn remove_and_cascading_delete_read_back(s: &mut S, a: &mut A) -> TestResult {
                wipe(s)?;
                // Club.members: cascade = "all", over the club's code.
                let w3 = club(s, 1003, "W3")?;
                let keep = club(s, 1004, "W4")?;
                for (code, name) in [("W3", "m1"), ("W3", "m2"), ("W4", "m3")] {
                    diesel::insert_into(club_members::table).values((club_members::club_code.eq(code), club_members::name.eq(name))).execute(s)?;
                }
                diesel::insert_into(club_badges::table).values((club_badges::club_code.eq("W3"), club_badges::label.eq("b"))).execute(s)?;
                ensure_eq!(delete_async(a, &w3).await?, 1);
                ensure_eq!(member_names(s, "W3")?.len(), 0);
                ensure_eq!(member_names(s, "W4")?, ["m3"]);
                let codes: Vec<String> = clubs::table.order_by(clubs::id).select(clubs::code).load(s)?;
                ensure_eq!(codes, ["W4"]);
                // Club.badge has no delete cascade and a nullable key: released.
                let badge_codes: Vec<Option<String>> = club_badges::table.select(club_badges::club_code).load(s)?;
                ensure_eq!(badge_codes, [None]);

                // Team.players (declared by Player.team's backref) is NOT NULL:
                // a team with players is refused whole.
                for (id, name) in [(1001, "full"), (1002, "empty")] {
                    diesel::insert_into(teams::table).values((teams::id.eq(id), teams::name.eq(name), teams::city.eq("c"))).execute(s)?;
                }
                diesel::insert_into(players::table)
                    .values((players::id.eq(1001), players::team_id.eq(1001), players::name.eq("p"), players::position.eq("x")))
                    .execute(s)?;
                let teams: Vec<Team> = teams::table.order_by(teams::id).select(Team::as_select()).load(s)?;
                match delete_all_async(a, &teams).await {
                    Err(RelationError::DeleteRestricted { relationship, count, .. }) => {
                        ensure_eq!(relationship, "Team.players");
                        ensure_eq!(count, 1);
                    }
                    other => return Err(format!("expected DeleteRestricted, got {other:?}").into()),
                }
                ensure_eq!(teams::table.count().get_result::<i64>(s)?, 2);
                ensure_eq!(delete_all_async(a, &teams[1..]).await?, 1);
                ensure_eq!(teams::table.select(teams::id).load::<i32>(s)?, [1001]);
                ensure_eq!(keep.members().load(s)?.len(), 1);

                // remove: Address.shipped is nullable (released), Address.billed is not.
                diesel::insert_into(addresses::table).values((addresses::id.eq(1001), addresses::street.eq("s"), addresses::city.eq("c"))).execute(s)?;
                diesel::insert_into(shipments::table)
                    .values((shipments::id.eq(1001), shipments::reference.eq("r"), shipments::billing_address_id.eq(1001), shipments::shipping_address_id.eq(Some(1001))))
                    .execute(s)?;
                let address: Address = addresses::table.find(1001).select(Address::as_select()).first(s)?;
                let shipment: Shipment = shipments::table.find(1001).select(Shipment::as_select()).first(s)?;
                ensure_eq!(address.shipped().remove_async(a, &shipment).await?, true);
                ensure_eq!(address.shipped().remove_async(a, &shipment).await?, false);
                match address.billed().remove_async(a, &shipment).await {
                    Err(RelationError::RemoveRestricted { relationship, .. }) => ensure_eq!(relationship, "Address.billed"),
                    other => return Err(format!("expected RemoveRestricted, got {other:?}").into()),
                }
                let after: Shipment = shipments::table.find(1001).select(Shipment::as_select()).first(s)?;
                ensure_eq!((after.billing_address_id, after.shipping_address_id), (1001, None));
                Ok(())
            }

            async fn graph_writes_read_back(s: &mut S, a: &mut A) -> TestResult {
                wipe(s)?;
                let new = vec![NewTeam { name: "north", city: "n" }, NewTeam { name: "south", city: "s" }];
                let keys = insert_rows_async::<Team, _, _>(a, new).await?;
                ensure_eq!(keys.len(), 2);
                let squads = vec![
                    vec![NewPlayer { name: "p1", position: "a" }, NewPlayer { name: "p2", position: "b" }],
                    vec![NewPlayer { name: "p3", position: "c" }],
                ];
                let player_keys = insert_children_async(a, Team::players, keys.iter().copied().zip(squads)).await?;
                ensure_eq!(player_keys.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
                for (team, (names, ids)) in keys.iter().zip([(vec!["p1", "p2"], &player_keys[0]), (vec!["p3"], &player_keys[1])]) {
                    let read: Vec<Player> = players::table.filter(players::team_id.eq(team)).order_by(players::id).select(Player::as_select()).load(s)?;
                    ensure_eq!(read.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), names);
                    ensure_eq!(&read.iter().map(|p| p.id).collect::<Vec<_>>(), ids);
                }
                let name: String = teams::table.find(keys[1]).select(teams::name).first(s)?;
                ensure_eq!(name, "south");

                // Children through `references`: the parents' codes are read first.
                let clubs = insert_rows_async::<Club, _, _>(a, vec![NewClub { code: "G1", name: "g" }]).await?;
                insert_children_async(a, Club::members, [(clubs[0], vec![NewMember { name: "gm" }])]).await?;
                ensure_eq!(member_names(s, "G1")?, ["gm"]);
                // A parent that does not exist: an error naming the relationship, nothing written.
                match insert_children_async(a, Club::members, [(clubs[0], vec![NewMember { name: "no" }]), (-1, vec![])]).await {
                    Err(RelationError::MissingTarget { relationship, .. }) => ensure_eq!(relationship, "Club.members"),
                    other => return Err(format!("expected MissingTarget, got {other:?}").into()),
                }
                ensure_eq!(member_names(s, "G1")?, ["gm"]);
                Ok(())
            }

            async fn a_failed_write_rolls_back_alone_inside_the_callers_transaction(s: &mut S, a: &mut A) -> TestResult {
                use diesel_async::AsyncConnection;
                wipe(s)?;
                let (people, shelf) = library(s)?;
                diesel::insert_into(authors_books::table).values((authors_books::author_id.eq(1001), authors_books::book_id.eq(1001))).execute(s)?;
                let a1 = &people[0];
                let missing = Book { id: 9999, title: "none".into() };
                let failed = a
                    .transaction(async |a| {
                        a1.books().link_async(a, &shelf[1..2]).await?;
                        // Deletes b1001 and b1002's links, inserts b1003's,
                        // then the missing book's fails: the savepoint goes
                        // back, with the caller's link kept.
                        let set = a1.books().set_async(a, [&shelf[2], &missing]).await;
                        // The caller's transaction is still usable.
                        a1.books().link_async(a, &shelf[2..3]).await?;
                        Ok::<_, RelationError>(set.is_err())
                    })
                    .await?;
                ensure_eq!(failed, true);
                ensure_eq!(links(s)?, [(1001, 1001), (1001, 1002), (1001, 1003)]);

                // A caller's transaction that fails takes the writes in it along.
                let out = a
                    .transaction(async |a| {
                        delete_async(a, &shelf[0]).await?;
                        a1.books().clear_async(a).await?;
                        Err::<(), _>(RelationError::Transaction(diesel::result::Error::RollbackTransaction))
                    })
                    .await;
                ensure_eq!(out.is_err(), true);
                ensure_eq!(links(s)?, [(1001, 1001), (1001, 1002), (1001, 1003)]);
                ensure_eq!(books::table.count().get_result::<i64>(s)?, 3);
                // And the connection is usable afterwards, outside a transaction.
                ensure_eq!(a1.books().clear_async(a).await?, 3);
                ensure_eq!(links(s)?, Vec::<(i32, i32)>::new());
                Ok(())
            }

            async fn a_write_spawned_on_a_multi_thread_runtime(s: &mut S, _a: &mut A) -> TestResult {
                wipe(s)?;
                let w5 = club(s, 1005, "W5")?;
                // tokio::spawn takes only Send + 'static futures: the writes,
                // connection included, move to a worker thread.
                let task = tokio::spawn(async move {
                    let (_, mut conn) = open::<$marker>().await?;
                    let added = w5.members().insert_async(&mut conn, [NewMember { name: "t1" }, NewMember { name: "t2" }]).await?;
                    let gone = delete_async(&mut conn, &w5).await?;
                    Ok::<_, Box<dyn std::error::Error + Send + Sync>>((added, gone))
                });
                ensure_eq!(task.await??, (2, 1));
                ensure_eq!(member_names(s, "W5")?.len(), 0);
                ensure_eq!(clubs::table.count().get_result::<i64>(s)?, 0);
                Ok(())
            }

            /// A load, a write, and a cascading delete on a second pooled
            /// connection in a spawned task, read back synchronously.
            async fn loads_and_writes_on_a_pooled_connection<P>(s: &mut S, conn: &mut A, pool_name: &str, spawned: P) -> TestResult
            where
                P: std::future::Future<Output = Result<usize, Box<dyn std::error::Error + Send + Sync>>> + Send + 'static,
            {
                use diesel_relations::asynchronous::Eager;
                if <$marker as Backend>::URL_VAR.is_none() {
                    diesel_async::SimpleAsyncConnection::batch_execute(conn, "PRAGMA foreign_keys = ON").await?;
                }
                let w6: Club = clubs::table.find(1006).select(Club::as_select()).first(s)?;
                ensure_eq!(w6.members().insert_async(conn, [NewMember { name: "p1" }, NewMember { name: "p2" }]).await?, 2);
                let clubs: Vec<Club> = diesel_async::RunQueryDsl::load(clubs::table.select(Club::as_select()), conn).await?;
                let pages = clubs.eager(conn, Club::members).await?;
                ensure_eq!(pages[0].related.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["p1", "p2"]);
                ensure_eq!(member_names(s, "W6")?, ["p1", "p2"]);
                // The delete, on another connection of the pool, in a task.
                ensure_eq!(tokio::spawn(spawned).await.map_err(|e| format!("{pool_name}: {e}"))??, 1);
                ensure_eq!(member_names(s, "W6")?.len(), 0);
                ensure_eq!(clubs::table.count().get_result::<i64>(s)?, 0);
                Ok(())
            }

            async fn loads_and_writes_through_bb8(s: &mut S, _a: &mut A) -> TestResult {
                use diesel_async::pooled_connection::{bb8::Pool, AsyncDieselConnectionManager};
                wipe(s)?;
                let w6 = club(s, 1006, "W6")?;
                let manager = AsyncDieselConnectionManager::<A>::new(super::url::<$marker>()?);
                let pool = Pool::<A>::builder().max_size(2).build(manager).await?;
                let mut conn = pool.get().await?;
                let other = pool.clone();
                let spawned = async move {
                    let mut conn = other.get_owned().await?;
                    if <$marker as Backend>::URL_VAR.is_none() {
                        diesel_async::SimpleAsyncConnection::batch_execute(&mut *conn, "PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(delete_async(&mut *conn, &w6).await?)
                };
                loads_and_writes_on_a_pooled_connection(s, &mut conn, "bb8", spawned).await
            }

            async fn loads_and_writes_through_deadpool(s: &mut S, _a: &mut A) -> TestResult {
                use diesel_async::pooled_connection::{deadpool::Pool, AsyncDieselConnectionManager};
                wipe(s)?;
                let w6 = club(s, 1006, "W6")?;
                let manager = AsyncDieselConnectionManager::<A>::new(super::url::<$marker>()?);
                let pool = Pool::<A>::builder(manager).max_size(2).build()?;
                let mut conn = pool.get().await?;
                let other = pool.clone();
                let spawned = async move {
                    let mut conn = other.get().await?;
                    if <$marker as Backend>::URL_VAR.is_none() {
                        diesel_async::SimpleAsyncConnection::batch_execute(&mut *conn, "PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(delete_async(&mut *conn, &w6).await?)
                };
                loads_and_writes_on_a_pooled_connection(s, &mut conn, "deadpool", spawned).await
            }

            /// Through a composite foreign key (`CascadeOrder.lines`,
            /// `foreign_key = (ccs_lines::region, ccs_lines::number)`,
            /// `all, delete-orphan`, `order_by`): `insert_async`,
            /// `load_async`, `remove_async` and a cascading `delete_async`,
            /// each read back with hand-written Diesel.
            async fn composite_collection_writes_read_back(s: &mut S, a: &mut A) -> TestResult {
                use diesel_relations_seeds::schema::{ccs_lines, ccs_logs, ccs_marks, ccs_orders};
                use diesel_relations_seeds::seeds::order_cascades::{CascadeLine, CascadeOrder};
                diesel::delete(ccs_marks::table).execute(s)?;
                diesel::delete(ccs_lines::table).execute(s)?;
                diesel::delete(ccs_logs::table).execute(s)?;
                diesel::delete(ccs_orders::table).execute(s)?;
                let orders = [
                    CascadeOrder { region: 7, number: 1, label: "a".into() },
                    CascadeOrder { region: 7, number: 2, label: "b".into() },
                ];
                diesel::insert_into(ccs_orders::table).values(&orders[..]).execute(s)?;
                let rows = |ids: [i32; 3]| ids.map(|id| (ccs_lines::id.eq(id), ccs_lines::pos.eq(id % 3), ccs_lines::body.eq(format!("l{id}"))));
                ensure_eq!(orders[0].lines().insert_async(a, rows([1, 2, 3])).await?, 3);
                ensure_eq!(orders[1].lines().insert_async(a, rows([4, 5, 6])).await?, 3);
                let keys: Vec<(i32, i32, i32)> = ccs_lines::table
                    .order_by(ccs_lines::id)
                    .select((ccs_lines::id, ccs_lines::region, ccs_lines::number))
                    .load(s)?;
                ensure_eq!(keys, [(1, 7, 1), (2, 7, 1), (3, 7, 1), (4, 7, 2), (5, 7, 2), (6, 7, 2)]);
                for o in &orders {
                    let expected: Vec<CascadeLine> = ccs_lines::table
                        .filter(ccs_lines::region.eq(o.region).and(ccs_lines::number.eq(o.number)))
                        .order_by((ccs_lines::pos.desc(), ccs_lines::id))
                        .select(CascadeLine::as_select())
                        .load(s)?;
                    ensure_eq!(o.lines().load_async(a).await?, expected);
                }
                let line: CascadeLine = ccs_lines::table.find(5).select(CascadeLine::as_select()).first(s)?;
                ensure_eq!(orders[0].lines().remove_async(a, &line).await?, false);
                ensure_eq!(orders[1].lines().remove_async(a, &line).await?, true);
                ensure_eq!(ccs_lines::table.select(ccs_lines::id).order_by(ccs_lines::id).load::<i32>(s)?, [1, 2, 3, 4, 6]);
                ensure_eq!(delete_async(a, &orders[0]).await?, 1);
                ensure_eq!(ccs_lines::table.select(ccs_lines::id).order_by(ccs_lines::id).load::<i32>(s)?, [4, 6]);
                ensure_eq!(ccs_orders::table.select(ccs_orders::number).load::<i32>(s)?, [2]);
                diesel::delete(ccs_lines::table).execute(s)?;
                diesel::delete(ccs_orders::table).execute(s)?;
                Ok(())
            }

            /// Through the many-to-manys of composite keys
            /// (`LinkedLine.tags`, `cfk_line_tags((order_id, line_no),
            /// tag_id)`; `LinkedLine.follows`, composite on both sides):
            /// `link_async`, `unlink_async`, `set_async`, `clear_async`, a
            /// failed `set_async` inside the caller's transaction, and a
            /// write spawned on a multi-thread runtime, read back with
            /// hand-written Diesel. Its own keys (orders 1001-1002, tags
            /// 1001-1003), removed first.
            async fn composite_many_to_many_writes_read_back(s: &mut S, a: &mut A) -> TestResult {
                use diesel_async::AsyncConnection;
                use diesel_relations_seeds::schema::{cfk_line_pairs, cfk_line_tags, cfk_order_lines, cfk_tags};
                use diesel_relations_seeds::seeds::line_links::{LinkedLine, Tag};
                let clean = |s: &mut S| -> QueryResult<()> {
                    diesel::delete(cfk_line_tags::table.filter(cfk_line_tags::order_id.ge(1000).or(cfk_line_tags::tag_id.ge(1000)))).execute(s)?;
                    diesel::delete(cfk_line_pairs::table.filter(cfk_line_pairs::from_order_id.ge(1000).or(cfk_line_pairs::to_order_id.ge(1000)))).execute(s)?;
                    diesel::delete(cfk_order_lines::table.filter(cfk_order_lines::order_id.ge(1000))).execute(s)?;
                    diesel::delete(cfk_tags::table.filter(cfk_tags::id.ge(1000))).execute(s)?;
                    Ok(())
                };
                clean(s)?;
                let lines: Vec<LinkedLine> = [(1001, 1), (1001, 2), (1002, 1)]
                    .into_iter()
                    .map(|(order_id, line_no)| LinkedLine { order_id, line_no, item: format!("{order_id}.{line_no}") })
                    .collect();
                diesel::insert_into(cfk_order_lines::table).values(&lines).execute(s)?;
                let tags: Vec<Tag> = (1001..=1003).map(|id| Tag { id, name: format!("t{id}") }).collect();
                diesel::insert_into(cfk_tags::table).values(&tags).execute(s)?;
                let tag_ids = |s: &mut S, l: &LinkedLine| -> QueryResult<Vec<i32>> {
                    cfk_line_tags::table
                        .filter(cfk_line_tags::order_id.eq(l.order_id).and(cfk_line_tags::line_no.eq(l.line_no)))
                        .order_by(cfk_line_tags::tag_id)
                        .select(cfk_line_tags::tag_id)
                        .load(s)
                };
                let line = &lines[0];
                ensure_eq!(line.tags().link_async(a, &tags[..2]).await?, 2);
                // Never a duplicate: only t1003 is new.
                ensure_eq!(line.tags().link_async(a, &tags[1..]).await?, 1);
                ensure_eq!(tag_ids(s, line)?, [1001, 1002, 1003]);
                ensure_eq!(line.tags().unlink_async(a, &tags[..1]).await?, 1);
                ensure_eq!(tag_ids(s, line)?, [1002, 1003]);
                // Exactly {t1003, t1001}: t1001 inserted, t1002 deleted.
                ensure_eq!(line.tags().set_async(a, [&tags[2], &tags[0]]).await?, (1, 1));
                ensure_eq!(tag_ids(s, line)?, [1001, 1003]);
                ensure_eq!(line.tags().load(s)?.iter().map(|t| t.id).collect::<Vec<_>>(), [1001, 1003]);

                // A failed set inside the caller's transaction rolls back
                // alone (its delete of t1001's row too); the caller's link stays.
                let ghost = Tag { id: 9999, name: "none".into() };
                let failed = a
                    .transaction(async |a| {
                        lines[1].tags().link_async(a, &tags[..1]).await?;
                        let set = line.tags().set_async(a, [&tags[1], &ghost]).await;
                        match &set {
                            Err(RelationError::ForeignKeyViolation { relationship, .. }) if *relationship == "LinkedLine.tags" => {}
                            other => return Err(RelationError::Transaction(diesel::result::Error::QueryBuilderError(format!("expected a foreign key violation, got {other:?}").into()))),
                        }
                        Ok::<_, RelationError>(set.is_err())
                    })
                    .await?;
                ensure_eq!(failed, true);
                ensure_eq!(tag_ids(s, line)?, [1001, 1003]);
                ensure_eq!(tag_ids(s, &lines[1])?, [1001]);

                // Composite on both sides.
                ensure_eq!(line.follows().set_async(a, [&lines[2], &lines[1]]).await?, (2, 0));
                let follows: Vec<(i32, i32)> = cfk_line_pairs::table
                    .filter(cfk_line_pairs::from_order_id.eq(1001).and(cfk_line_pairs::from_line_no.eq(1)))
                    .order_by((cfk_line_pairs::to_order_id, cfk_line_pairs::to_line_no))
                    .select((cfk_line_pairs::to_order_id, cfk_line_pairs::to_line_no))
                    .load(s)?;
                ensure_eq!(follows, [(1001, 2), (1002, 1)]);
                ensure_eq!(line.follows().load(s)?, lines[1..].to_vec());
                ensure_eq!(line.follows().clear_async(a).await?, 2);
                ensure_eq!(line.follows().load(s)?, Vec::<LinkedLine>::new());

                // The futures are Send: a clear on a worker thread.
                let moved = line.clone();
                let task = tokio::spawn(async move {
                    let (_, mut conn) = open::<$marker>().await?;
                    Ok::<_, Box<dyn std::error::Error + Send + Sync>>(moved.tags().clear_async(&mut conn).await?)
                });
                ensure_eq!(task.await??, 2);
                ensure_eq!(tag_ids(s, line)?, Vec::<i32>::new());
                clean(s)?;
                Ok(())
            }

            async fn verify_reads_what_sync_reads(s: &mut S, a: &mut A) -> TestResult {
                let sync = diesel_relations::verify(s)?;
                let read = diesel_relations::verify::verify_async(a).await?;
                ensure_eq!(read.to_string(), sync.to_string());
                ensure_eq!(read.backend, sync.backend);
                // The relationships of the writes' tables are all there.
                ensure_eq!(read.relationships.iter().any(|r| r.contains("Club.members")), true);
                Ok(())
            }

            pub fn trials() -> Vec<Trial> {
                vec![
                    trial::<$marker>("loads_and_writes_through_bb8", |s, a| Box::pin(loads_and_writes_through_bb8(s, a))),
                    trial::<$marker>("loads_and_writes_through_deadpool", |s, a| Box::pin(loads_and_writes_through_deadpool(s, a))),
                    trial::<$marker>("verify_reads_what_sync_reads", |s, a| Box::pin(verify_reads_what_sync_reads(s, a))),
                    trial::<$marker>("inserts_through_relationships_read_back", |s, a| Box::pin(inserts_through_relationships_read_back(s, a))),
                    trial::<$marker>("link_unlink_set_clear_and_link_all_read_back", |s, a| Box::pin(link_unlink_set_clear_and_link_all_read_back(s, a))),
                    trial::<$marker>("remove_and_cascading_delete_read_back", |s, a| Box::pin(remove_and_cascading_delete_read_back(s, a))),
                    trial::<$marker>("composite_collection_writes_read_back", |s, a| Box::pin(composite_collection_writes_read_back(s, a))),
                    trial::<$marker>("composite_many_to_many_writes_read_back", |s, a| Box::pin(composite_many_to_many_writes_read_back(s, a))),
                    trial::<$marker>("graph_writes_read_back", |s, a| Box::pin(graph_writes_read_back(s, a))),
                    trial::<$marker>("a_failed_write_rolls_back_alone_inside_the_callers_transaction", |s, a| Box::pin(a_failed_write_rolls_back_alone_inside_the_callers_transaction(s, a))),
                    trial::<$marker>("a_write_spawned_on_a_multi_thread_runtime", |s, a| Box::pin(a_write_spawned_on_a_multi_thread_runtime(s, a))),
                ]
            }
        }
    )*};
}

writes_suite! {
    sqlite: super::super::Sqlite;
    postgres: super::super::Postgres;
    mysql: super::super::Mysql, #[cfg(feature = "mysql")];
}
