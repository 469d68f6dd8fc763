//! Many-to-many relationships whose association columns reference UNIQUE
//! columns that are not the primary keys (`references = (..)` beside
//! `secondary`): `uq_shelves` links readers by badge to books by code (both
//! sides), `uq_loans` readers by id to books by code (the target's side
//! only). Lazy and eager loads, link, unlink, `link_all`, the EXISTS
//! filters and the join, each compared with the same thing written in
//! Diesel by hand. Ids and keys are set apart (reader 1 has badge "b3",
//! book 1 code 30 ...), so that a join on the primary key reads other rows.

use diesel::prelude::*;
use diesel_relations::eager::Eager;
use diesel_relations::graph::link_all;
use diesel_relations::{LoadRelated, Related, Relations};
use diesel_relations_seeds::schema::{uq_books, uq_loans, uq_readers, uq_shelves};

/// A reader, known to the shelves by badge and to the loans by id.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = uq_readers)]
#[relationship(shelf: Vec<Volume>, secondary = uq_shelves(reader_badge, book_code), references = (uq_readers::badge, uq_books::code), back_populates = shelved_by, order_by = uq_books::title)]
#[relationship(loans: Vec<Volume>, secondary = uq_loans(reader_id, book_code), references = (uq_readers::id, uq_books::code), backref = lent_to)]
pub struct Reader {
    pub id: i32,
    pub badge: String,
    pub name: String,
}

/// A book, known to both association tables by its code.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = uq_books)]
#[relationship(shelved_by: Vec<Reader>, secondary = uq_shelves, back_populates = shelf)]
pub struct Volume {
    pub id: i32,
    pub code: i32,
    pub title: String,
}

/// Three readers and three books whose keys sort apart from their ids;
/// returns them by id.
macro_rules! library {
    ($conn:expr) => {{
        for (id, badge, name) in [(1, "b3", "ann"), (2, "b1", "bob"), (3, "b2", "cid")] {
            diesel::insert_into(uq_readers::table)
                .values((
                    uq_readers::id.eq(id),
                    uq_readers::badge.eq(badge),
                    uq_readers::name.eq(name),
                ))
                .execute($conn)?;
        }
        for (id, code, title) in [(1, 30, "c"), (2, 10, "a"), (3, 20, "b")] {
            diesel::insert_into(uq_books::table)
                .values((
                    uq_books::id.eq(id),
                    uq_books::code.eq(code),
                    uq_books::title.eq(title),
                ))
                .execute($conn)?;
        }
        let readers: Vec<Reader> = uq_readers::table
            .order(uq_readers::id)
            .select(Reader::as_select())
            .load($conn)?;
        let books: Vec<Volume> = uq_books::table
            .order(uq_books::id)
            .select(Volume::as_select())
            .load($conn)?;
        (readers, books)
    }};
}

/// The books on a reader's shelf by hand, by title.
macro_rules! shelf_by_hand {
    ($conn:expr, $badge:expr) => {{
        let codes = uq_shelves::table
            .filter(uq_shelves::reader_badge.eq($badge))
            .select(uq_shelves::book_code);
        let books: Vec<Volume> = uq_books::table
            .filter(uq_books::code.eq_any(codes))
            .order(uq_books::title)
            .select(Volume::as_select())
            .load($conn)?;
        books
    }};
}

backend_tests! {
    fn link_writes_the_referenced_columns(conn) {
        let (readers, books) = library!(conn);
        ensure_eq!(readers[0].shelf().link(conn, [&books[0], &books[1]])?, 2);
        ensure_eq!(readers[0].shelf().link(conn, [&books[1], &books[2]])?, 1);
        ensure_eq!(readers[1].loans().link(conn, [&books[2]])?, 1);
        let rows: Vec<(String, i32)> = uq_shelves::table
            .order((uq_shelves::reader_badge, uq_shelves::book_code))
            .select((uq_shelves::reader_badge, uq_shelves::book_code))
            .load(conn)?;
        ensure_eq!(rows, vec![("b3".to_owned(), 10), ("b3".into(), 20), ("b3".into(), 30)]);
        let loans: Vec<(i32, i32)> = uq_loans::table.select((uq_loans::reader_id, uq_loans::book_code)).load(conn)?;
        ensure_eq!(loans, vec![(2, 20)]);
        let handle = readers[0].shelf();
        ensure_eq!(handle.key().as_str(), "b3");
        ensure_eq!(readers[0].shelf().unlink(conn, [&books[0]])?, 1);
        ensure_eq!(shelf_by_hand!(conn, "b3").iter().map(|b| b.code).collect::<Vec<_>>(), vec![10, 20]);
        Ok(())
    }

    fn lazy_loads_join_on_the_referenced_columns(conn) {
        let (readers, books) = library!(conn);
        readers[0].shelf().link(conn, [&books[0], &books[2]])?;
        readers[2].shelf().link(conn, [&books[1]])?;
        for reader in &readers {
            ensure_eq!(reader.shelf().load(conn)?, shelf_by_hand!(conn, &reader.badge));
        }
        let titles: Vec<String> = readers[0].shelf().load(conn)?.into_iter().map(|b| b.title).collect();
        ensure_eq!(titles, vec!["b".to_owned(), "c".to_owned()]);
        // The other side, through back_populates.
        let by_hand: Vec<Reader> = uq_readers::table
            .filter(uq_readers::badge.eq_any(uq_shelves::table.filter(uq_shelves::book_code.eq(30)).select(uq_shelves::reader_badge)))
            .order(uq_readers::id)
            .select(Reader::as_select())
            .load(conn)?;
        ensure_eq!(books[0].shelved_by().load(conn)?, by_hand);
        ensure_eq!(by_hand.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1]);
        ensure_eq!(books[1].shelved_by().load(conn)?, vec![readers[2].clone()]);
        // One side by the key, the other by the code.
        readers[1].loans().link(conn, [&books[0], &books[1]])?;
        let lent: Vec<i32> = readers[1].loans().load(conn)?.iter().map(|b| b.id).collect();
        ensure_eq!(lent, vec![1, 2]);
        ensure_eq!(books[0].lent_to().load(conn)?, vec![readers[1].clone()]);
        ensure_eq!(books[2].lent_to().load(conn)?, Vec::<Reader>::new());
        Ok(())
    }

    fn eager_loads_group_by_the_referenced_columns(conn) {
        let (readers, books) = library!(conn);
        readers[0].shelf().link(conn, [&books[0], &books[2]])?;
        readers[1].shelf().link(conn, [&books[0]])?;
        let loaded = readers.clone().eager(conn, Reader::shelf)?;
        for node in &loaded {
            ensure_eq!(node.related, shelf_by_hand!(conn, &node.row.badge));
        }
        let grouped = books.load_related(conn, Volume::shelved_by)?;
        let ids: Vec<Vec<i32>> = grouped.iter().map(|g| g.iter().map(|r| r.id).collect()).collect();
        ensure_eq!(ids, vec![vec![1, 2], vec![], vec![1]]);
        readers[2].loans().link(conn, [&books[1], &books[2]])?;
        let loans = readers.load_related(conn, Reader::loans)?;
        let codes: Vec<Vec<i32>> = loans.iter().map(|g| g.iter().map(|b| b.code).collect()).collect();
        ensure_eq!(codes, vec![vec![], vec![], vec![10, 20]]);
        Ok(())
    }

    fn link_all_writes_many_sources_by_their_referenced_columns(conn) {
        let (readers, books) = library!(conn);
        let links = vec![
            (&readers[0], vec![&books[0], &books[1]]),
            (&readers[1], vec![&books[1]]),
            (&readers[0], vec![&books[1]]),
        ];
        ensure_eq!(link_all(conn, Reader::shelf, links)?, 3);
        let rows: Vec<(String, i32)> = uq_shelves::table
            .order((uq_shelves::reader_badge, uq_shelves::book_code))
            .select((uq_shelves::reader_badge, uq_shelves::book_code))
            .load(conn)?;
        ensure_eq!(rows, vec![("b1".to_owned(), 10), ("b3".into(), 10), ("b3".into(), 30)]);
        Ok(())
    }

    fn exists_filters_and_joins_use_the_referenced_columns(conn) {
        let (readers, books) = library!(conn);
        readers[0].shelf().link(conn, [&books[0]])?;
        readers[2].shelf().link(conn, [&books[1], &books[2]])?;
        let ours: Vec<i32> = uq_readers::table
            .filter(Reader::shelf.any(uq_books::title.eq("a")))
            .order(uq_readers::id)
            .select(uq_readers::id)
            .load(conn)?;
        let theirs: Vec<i32> = uq_readers::table
            .filter(uq_readers::badge.eq_any(
                uq_shelves::table
                    .filter(uq_shelves::book_code.eq_any(uq_books::table.filter(uq_books::title.eq("a")).select(uq_books::code)))
                    .select(uq_shelves::reader_badge),
            ))
            .order(uq_readers::id)
            .select(uq_readers::id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![3]);
        let without: Vec<i32> = uq_readers::table.filter(Reader::shelf.none(uq_books::id.gt(0))).select(uq_readers::id).load(conn)?;
        ensure_eq!(without, vec![2]);
        let joined: Vec<(i32, i32)> = uq_readers::table
            .inner_join(Reader::shelf.join())
            .order((uq_readers::id, uq_books::id))
            .select((uq_readers::id, uq_books::id))
            .load(conn)?;
        let by_hand: Vec<(i32, i32)> = uq_readers::table
            .inner_join(uq_shelves::table.on(uq_shelves::reader_badge.eq(uq_readers::badge)))
            .inner_join(uq_books::table.on(uq_books::code.eq(uq_shelves::book_code)))
            .order((uq_readers::id, uq_books::id))
            .select((uq_readers::id, uq_books::id))
            .load(conn)?;
        ensure_eq!(joined, by_hand);
        ensure_eq!(joined, vec![(1, 1), (3, 2), (3, 3)]);
        Ok(())
    }
}
