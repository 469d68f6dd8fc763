//! Eager loading returns what lazy loading returns, for every kind, nested,
//! in one query per relationship and level, chunked or not.

use crate::harness::count_queries;
use diesel::prelude::*;
use diesel_relations::eager::{both, with, with_chunk_size, Eager};
use diesel_relations::RelationError;
use diesel_relations_seeds::schema::chinook::{
    customers, employees, invoice_lines, invoices, playlist_track, playlists, tracks,
};
use diesel_relations_seeds::schema::{
    authors, authors_books, books, children, parents, posts, users,
};
use diesel_relations_seeds::seeds::blog::{Post, User};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::chinook::{
    Customer, Employee, Invoice, InvoiceLine, Playlist, Track,
};
use diesel_relations_seeds::seeds::parents::Parent;
use std::sync::atomic::Ordering::SeqCst;

/// Customer id, with each invoice id and its (line id, track name)s.
type Customers = (i32, Vec<(i32, Vec<(i32, String)>)>);

/// A small Chinook: 3 customers (one without invoices), invoices with
/// lines over 4 tracks, 2 playlists, a support rep.
macro_rules! small_chinook {
    ($conn:expr) => {{
        diesel::insert_into(employees::table)
            .values((
                employees::employee_id.eq(1),
                employees::last_name.eq("Peacock"),
                employees::first_name.eq("Jane"),
            ))
            .execute($conn)?;
        for id in 1..=4 {
            diesel::insert_into(tracks::table)
                .values((
                    tracks::track_id.eq(id),
                    tracks::name.eq(format!("t{id}")),
                    tracks::milliseconds.eq(id),
                ))
                .execute($conn)?;
        }
        for (id, rep) in [(1, Some(1)), (2, None), (3, Some(1))] {
            diesel::insert_into(customers::table)
                .values((
                    customers::customer_id.eq(id),
                    customers::first_name.eq("C"),
                    customers::last_name.eq(format!("{id}")),
                    customers::email.eq("c@example.com"),
                    customers::support_rep_id.eq(rep),
                ))
                .execute($conn)?;
        }
        let mut line = 0;
        for (invoice, customer, tracks) in [
            (10, 1, vec![3, 1]),
            (11, 1, vec![2]),
            (12, 3, vec![4, 4, 1]),
        ] {
            diesel::insert_into(invoices::table)
                .values((
                    invoices::invoice_id.eq(invoice),
                    invoices::customer_id.eq(customer),
                ))
                .execute($conn)?;
            for track in tracks {
                line += 1;
                diesel::insert_into(invoice_lines::table)
                    .values((
                        invoice_lines::invoice_line_id.eq(line),
                        invoice_lines::invoice_id.eq(invoice),
                        invoice_lines::track_id.eq(track),
                        invoice_lines::unit_price.eq(0.99),
                        invoice_lines::quantity.eq(line),
                    ))
                    .execute($conn)?;
            }
        }
        for (id, name) in [(1, "Mix"), (2, "Empty")] {
            diesel::insert_into(playlists::table)
                .values((playlists::playlist_id.eq(id), playlists::name.eq(name)))
                .execute($conn)?;
        }
        let all: Vec<Track> = tracks::table
            .order_by(tracks::track_id)
            .select(Track::as_select())
            .load($conn)?;
        let mix: Playlist = playlists::table
            .find(1)
            .select(Playlist::as_select())
            .get_result($conn)?;
        // Playlist.tracks reads PlaylistTrack; its rows are written as rows.
        for track in [&all[3], &all[0], &all[2]] {
            diesel::insert_into(playlist_track::table)
                .values((
                    playlist_track::playlist_id.eq(mix.playlist_id),
                    playlist_track::track_id.eq(track.track_id),
                ))
                .execute($conn)?;
        }
        customers::table
            .order_by(customers::customer_id)
            .select(Customer::as_select())
            .load::<Customer>($conn)?
    }};
}

backend_tests! {
    fn nested_three_levels_in_one_query_per_level(conn) {
        let customers = small_chinook!(conn);
        // What lazy loading finds, one query per row.
        let mut lazy = Vec::new();
        for c in &customers {
            let mut invoices = Vec::new();
            for i in c.invoices().load(conn)? {
                let mut lines = Vec::new();
                for l in i.lines().load(conn)? {
                    let track = l.track().get(conn)?;
                    lines.push((l.invoice_line_id, track.name));
                }
                invoices.push((i.invoice_id, lines));
            }
            lazy.push((c.customer_id, invoices));
        }

        let queries = count_queries(conn);
        let pages = customers.clone().eager(conn, with(Customer::invoices, with(Invoice::lines, InvoiceLine::track)))?;
        ensure_eq!(queries.load(SeqCst), 3);
        let eager: Vec<Customers> = pages
            .iter()
            .map(|c| (c.customer_id, c.related.iter().map(|i| {
                (i.invoice_id, i.related.iter().map(|l| (l.invoice_line_id, l.related.name.clone())).collect())
            }).collect()))
            .collect();
        ensure_eq!(eager, lazy);
        ensure_eq!(eager[0].1.len(), 2);
        ensure_eq!(eager[1].1.len(), 0);
        Ok(())
    }

    fn siblings_scalars_and_many_to_many(conn) {
        let customers = small_chinook!(conn);
        let queries = count_queries(conn);
        let pages = customers.eager(conn, both(Customer::support_rep, Customer::invoices))?;
        ensure_eq!(queries.load(SeqCst), 2);
        let reps: Vec<Option<String>> = pages.iter().map(|c| c.related.0.as_ref().map(|e| e.first_name.clone())).collect();
        ensure_eq!(reps, vec![Some("Jane".to_owned()), None, Some("Jane".to_owned())]);

        // Many-to-many, one joined query, in Playlist.tracks' order_by.
        let lists: Vec<Playlist> = playlists::table.order_by(playlists::playlist_id).select(Playlist::as_select()).load(conn)?;
        let queries = count_queries(conn);
        let lists = lists.eager(conn, Playlist::tracks)?;
        ensure_eq!(queries.load(SeqCst), 1);
        let ids: Vec<Vec<i32>> = lists.iter().map(|p| p.related.iter().map(|t| t.track_id).collect()).collect();
        ensure_eq!(ids, vec![vec![1, 3, 4], vec![]]);
        // And back, nested: each track's playlists' tracks.
        let all: Vec<Track> = tracks::table.order_by(tracks::track_id).select(Track::as_select()).load(conn)?;
        let back = all.eager(conn, with(Track::playlists, Playlist::tracks))?;
        let shape: Vec<Vec<usize>> = back.iter().map(|t| t.related.iter().map(|p| p.related.len()).collect()).collect();
        ensure_eq!(shape, vec![vec![3], vec![], vec![3], vec![3]]);
        // The association object, straight through (viewonly many-to-many):
        // two lines for one track link it once, as the lazy load says.
        let invoices: Vec<Invoice> = invoices::table.order_by(invoices::invoice_id).select(Invoice::as_select()).load(conn)?;
        let through = invoices.eager(conn, Invoice::tracks)?;
        let names: Vec<Vec<String>> = through.iter().map(|i| i.related.iter().map(|t| t.name.clone()).collect()).collect();
        ensure_eq!(names, vec![vec!["t1".to_owned(), "t3".to_owned()], vec!["t2".to_owned()], vec!["t1".to_owned(), "t4".to_owned()]]);
        Ok(())
    }

    fn one_to_one_and_nullable_many_to_one(conn) {
        for id in 1..=3 {
            diesel::insert_into(parents::table).values((parents::id.eq(id), parents::name.eq(format!("p{id}")))).execute(conn)?;
        }
        let ps: Vec<Parent> = parents::table.order_by(parents::id).select(Parent::as_select()).load(conn)?;
        ps[1].favourite().create(conn)?;
        let loaded = ps.eager(conn, Parent::favourite)?;
        let has: Vec<bool> = loaded.iter().map(|p| p.related.is_some()).collect();
        ensure_eq!(has, vec![false, true, false]);
        let _ = children::table;

        diesel::insert_into(users::table).values((users::id.eq(1), users::name.eq("Kakashi"))).execute(conn)?;
        for (id, author) in [(1, Some(1)), (2, None), (3, Some(1))] {
            diesel::insert_into(posts::table)
                .values((posts::id.eq(id), posts::title.eq("t"), posts::content.eq("c"), posts::author_id.eq(author)))
                .execute(conn)?;
        }
        let all: Vec<Post> = posts::table.order_by(posts::id).select(Post::as_select()).load(conn)?;
        let with_authors = all.eager(conn, Post::author)?;
        let names: Vec<Option<String>> = with_authors.iter().map(|p| p.related.as_ref().map(|u: &User| u.name.clone())).collect();
        ensure_eq!(names, vec![Some("Kakashi".to_owned()), None, Some("Kakashi".to_owned())]);
        Ok(())
    }

    fn chunking_changes_nothing_but_the_number_of_queries(conn) {
        let customers = small_chinook!(conn);
        let plan = || with(Customer::invoices, with(Invoice::lines, InvoiceLine::track));
        let whole = customers.clone().eager(conn, plan())?;
        let queries = count_queries(conn);
        let chunked = with_chunk_size(1, || customers.clone().eager(conn, plan()))?;
        // 3 customers, 3 invoices, 3 distinct tracks: one query per key.
        ensure_eq!(queries.load(SeqCst), 3 + 3 + 4);
        ensure_eq!(chunked, whole);
        Ok(())
    }

    fn a_dangling_parent_is_an_error_in_eager_loading_too(conn) {
        small_chinook!(conn);
        crate::harness::TestBackend::disable_foreign_key_checks(conn)?;
        diesel::insert_into(invoices::table).values((invoices::invoice_id.eq(99), invoices::customer_id.eq(77))).execute(conn)?;
        let all: Vec<Invoice> = invoices::table.order_by(invoices::invoice_id).select(Invoice::as_select()).load(conn)?;
        match all.eager(conn, Invoice::customer) {
            Err(RelationError::MissingTarget { relationship, key, .. }) => {
                ensure_eq!((relationship, key.as_str()), ("Invoice.customer", "77"));
            }
            other => return Err(format!("expected MissingTarget, got {:?}", other.map(|v| v.len())).into()),
        }
        Ok(())
    }

    fn books_and_authors_both_ways(conn) {
        for id in 1..=3 {
            diesel::insert_into(authors::table).values((authors::id.eq(id), authors::name.eq(format!("a{id}")))).execute(conn)?;
            diesel::insert_into(books::table).values((books::id.eq(id), books::title.eq(format!("b{id}")))).execute(conn)?;
        }
        for (a, b) in [(1, 1), (2, 1), (2, 2), (3, 3), (1, 3)] {
            diesel::insert_into(authors_books::table).values((authors_books::author_id.eq(a), authors_books::book_id.eq(b))).execute(conn)?;
        }
        let books_list: Vec<Book> = books::table.order_by(books::id).select(Book::as_select()).load(conn)?;
        let loaded = books_list.clone().eager(conn, with(Book::authors, Author::books))?;
        for (book, node) in books_list.iter().zip(&loaded) {
            let lazy: Vec<i32> = book.authors().load(conn)?.iter().map(|a| a.id).collect();
            let eager: Vec<i32> = node.related.iter().map(|a| a.id).collect();
            ensure_eq!(eager, lazy);
            for author in &node.related {
                let lazy: Vec<i32> = author.row.books().load(conn)?.iter().map(|b| b.id).collect();
                let eager: Vec<i32> = author.related.iter().map(|b| b.id).collect();
                ensure_eq!(eager, lazy);
            }
        }
        Ok(())
    }

    fn a_tree_loaded_level_by_level(conn) {
        for (id, boss) in [(1, None), (2, Some(1)), (3, Some(1)), (4, Some(2)), (5, Some(4))] {
            diesel::insert_into(employees::table)
                .values((employees::employee_id.eq(id), employees::last_name.eq("E"), employees::first_name.eq(format!("e{id}")), employees::reports_to.eq(boss)))
                .execute(conn)?;
        }
        let root: Vec<Employee> = employees::table.filter(employees::reports_to.is_null()).select(Employee::as_select()).load(conn)?;
        let tree = root.eager(conn, with(Employee::reports, with(Employee::reports, Employee::reports)))?;
        let depth3: Vec<i32> = tree[0].related.iter().flat_map(|a| a.related.iter().flat_map(|b| b.related.iter().map(|c| c.employee_id))).collect();
        ensure_eq!(depth3, vec![5]);
        Ok(())
    }

    fn a_parent_listed_twice_gets_its_children_twice(conn) {
        let customers = small_chinook!(conn);
        let twice = vec![customers[0].clone(), customers[2].clone(), customers[0].clone(), customers[0].clone()];
        let pages = twice.eager(conn, Customer::invoices)?;
        let ids: Vec<Vec<i32>> = pages.iter().map(|c| c.related.iter().map(|i| i.invoice_id).collect()).collect();
        ensure_eq!(ids, vec![vec![10, 11], vec![12], vec![10, 11], vec![10, 11]]);
        Ok(())
    }

    fn more_keys_than_sqlites_bind_limit_in_one_query(conn) {
        // 33000 parents: past SQLite's 32766 binds, under MySQL's 65535.
        let n = 33_000;
        let rows: Vec<_> = (1..=n).map(|id| (parents::id.eq(id), parents::name.eq(""))).collect();
        for chunk in rows.chunks(1000) {
            diesel::insert_into(parents::table).values(chunk.to_vec()).execute(conn)?;
        }
        diesel::insert_into(diesel_relations_seeds::schema::favourites::table)
            .values(diesel_relations_seeds::schema::favourites::parent_id.eq(n))
            .execute(conn)?;
        let all: Vec<Parent> = parents::table.order_by(parents::id).select(Parent::as_select()).load(conn)?;
        let queries = count_queries(conn);
        let loaded = all.eager(conn, Parent::favourite)?;
        ensure_eq!(queries.load(SeqCst), 1);
        let with: Vec<i32> = loaded.iter().filter(|p| p.related.is_some()).map(|p| p.id).collect();
        ensure_eq!(with, vec![n]);
        Ok(())
    }
}
