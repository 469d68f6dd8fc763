//! Narrowed eager loading (`diesel_relations::narrowed`): a filter, an
//! order and a per-parent limit on a collection's load, one query per
//! level, each result compared with hand-written Diesel queries of the same
//! meaning (per parent for the limit), on every backend.

use crate::harness::count_queries;
use diesel::prelude::*;
use diesel_relations::eager::{with, with_chunk_size, Eager, LoadRelated};
use diesel_relations::narrowed::Narrow;
use diesel_relations_seeds::schema::chinook::{
    customers, invoice_lines, invoices, playlist_track, playlists, tracks,
};
use diesel_relations_seeds::schema::{association_table, left_table, loans, members, volumes};
use diesel_relations_seeds::seeds::associations::{AssocParent, Association};
use diesel_relations_seeds::seeds::chinook::{Customer, Invoice, InvoiceLine, Playlist, Track};
use diesel_relations_seeds::seeds::lending::{Member, NewLoan, NewMember, NewVolume};
use std::sync::atomic::Ordering::SeqCst;

/// Customers 1..=4 (4 without invoices); invoices 1..=9 of customer
/// `i % 3 + 1`, billed to Oslo when `i` is even; `i % 4` lines each, with
/// quantities that tie; tracks 1..=6 (two of 5000 ms); playlist 1 has every
/// track, 2 tracks 2 and 4, 3 none.
macro_rules! shop {
    ($conn:expr) => {{
        for id in 1..=4 {
            diesel::insert_into(customers::table)
                .values((
                    customers::customer_id.eq(id),
                    customers::first_name.eq("C"),
                    customers::last_name.eq(format!("c{id}")),
                    customers::email.eq("c@example.com"),
                ))
                .execute($conn)?;
        }
        for (id, ms) in [3000, 1000, 5000, 2000, 5000, 4000].into_iter().enumerate() {
            diesel::insert_into(tracks::table)
                .values((
                    tracks::track_id.eq(id as i32 + 1),
                    tracks::name.eq(format!("t{id}")),
                    tracks::milliseconds.eq(ms),
                ))
                .execute($conn)?;
        }
        for id in 1..=3 {
            diesel::insert_into(playlists::table)
                .values(playlists::playlist_id.eq(id))
                .execute($conn)?;
        }
        for (playlist, track) in [
            (1, 1),
            (1, 2),
            (1, 3),
            (1, 4),
            (1, 5),
            (1, 6),
            (2, 2),
            (2, 4),
        ] {
            diesel::insert_into(playlist_track::table)
                .values((
                    playlist_track::playlist_id.eq(playlist),
                    playlist_track::track_id.eq(track),
                ))
                .execute($conn)?;
        }
        let mut line = 0;
        for id in 1..=9 {
            let city = (id % 2 == 0).then_some("Oslo");
            diesel::insert_into(invoices::table)
                .values((
                    invoices::invoice_id.eq(id),
                    invoices::customer_id.eq(id % 3 + 1),
                    invoices::billing_city.eq(city),
                ))
                .execute($conn)?;
            for _ in 0..id % 4 {
                line += 1;
                diesel::insert_into(invoice_lines::table)
                    .values((
                        invoice_lines::invoice_line_id.eq(line),
                        invoice_lines::invoice_id.eq(id),
                        invoice_lines::track_id.eq(line % 6 + 1),
                        invoice_lines::unit_price.eq(0.99),
                        invoice_lines::quantity.eq(line * 7 % 3 + 1),
                    ))
                    .execute($conn)?;
            }
        }
    }};
}

/// The ids of each group.
fn ids<T, K>(groups: &[Vec<T>], key: impl Fn(&T) -> K) -> Vec<Vec<K>> {
    groups
        .iter()
        .map(|g| g.iter().map(&key).collect())
        .collect()
}

backend_tests! {
    fn a_filter_and_an_order_load_what_diesel_loads(conn) {
        shop!(conn);
        let all: Vec<Customer> = customers::table.order(customers::customer_id).select(Customer::as_select()).load(conn)?;
        let queries = count_queries(conn);
        let narrowed = Customer::invoices
            .filter(invoices::billing_city.is_not_null())
            .order(invoices::invoice_id.desc());
        let pages = all.clone().eager(conn, with(narrowed, Invoice::lines.order(invoice_lines::quantity)))?;
        ensure_eq!(queries.load(SeqCst), 2);
        for customer in &pages {
            let theirs: Vec<Invoice> = invoices::table
                .filter(invoices::customer_id.eq(customer.customer_id))
                .filter(invoices::billing_city.is_not_null())
                .order(invoices::invoice_id.desc())
                .select(Invoice::as_select())
                .load(conn)?;
            let ours: Vec<Invoice> = customer.related.iter().map(|i| i.row.clone()).collect();
            ensure_eq!(ours, theirs);
            for invoice in &customer.related {
                let theirs: Vec<InvoiceLine> = invoice_lines::table
                    .filter(invoice_lines::invoice_id.eq(invoice.invoice_id))
                    .order((invoice_lines::quantity, invoice_lines::invoice_line_id))
                    .select(InvoiceLine::as_select())
                    .load(conn)?;
                ensure_eq!(invoice.related, theirs);
            }
        }
        let got: Vec<Vec<i32>> = pages.iter().map(|c| c.related.iter().map(|i| i.invoice_id).collect()).collect();
        ensure_eq!(got, vec![vec![6], vec![4], vec![8, 2], vec![]]);

        // The filter alone keeps the relationship's order (invoice_id).
        let oslo = all.load_related(conn, Customer::invoices.filter(invoices::billing_city.eq("Oslo")))?;
        ensure_eq!(ids(&oslo, |i| i.invoice_id), vec![vec![6], vec![4], vec![2, 8], vec![]]);
        Ok(())
    }

    fn each_parents_first_rows_match_a_limit_per_parent(conn) {
        shop!(conn);
        let all: Vec<Customer> = customers::table.order(customers::customer_id).select(Customer::as_select()).load(conn)?;
        let latest = Customer::invoices.order(invoices::invoice_id.desc()).limit_per_parent(2);
        let top_lines = Invoice::lines.order(invoice_lines::quantity.desc()).limit_per_parent(1);
        let queries = count_queries(conn);
        let pages = all.clone().eager(conn, with(latest, top_lines))?;
        ensure_eq!(queries.load(SeqCst), 2);
        for customer in &pages {
            let theirs: Vec<Invoice> = customer.invoices()
                .order(invoices::invoice_id.desc())
                .limit(2)
                .select(Invoice::as_select())
                .load(conn)?;
            let ours: Vec<Invoice> = customer.related.iter().map(|i| i.row.clone()).collect();
            ensure_eq!(ours, theirs);
            for invoice in &customer.related {
                // Ties on quantity go to the smaller key.
                let theirs: Vec<InvoiceLine> = invoice.lines()
                    .order((invoice_lines::quantity.desc(), invoice_lines::invoice_line_id))
                    .limit(1)
                    .select(InvoiceLine::as_select())
                    .load(conn)?;
                ensure_eq!(invoice.related, theirs);
            }
        }
        let got: Vec<Vec<i32>> = pages.iter().map(|c| c.related.iter().map(|i| i.invoice_id).collect()).collect();
        ensure_eq!(got, vec![vec![9, 6], vec![7, 4], vec![8, 5], vec![]]);

        // A chunk of one key per query changes nothing; nor does the
        // filter and the declared order beside a limit.
        let again = with_chunk_size(1, || all.clone().eager(conn, with(latest, top_lines)))?;
        ensure_eq!(again, pages);
        let first_oslo = all.load_related(
            conn,
            Customer::invoices.filter(invoices::billing_city.eq("Oslo")).limit_per_parent(1),
        )?;
        ensure_eq!(ids(&first_oslo, |i| i.invoice_id), vec![vec![6], vec![4], vec![2], vec![]]);
        let none = all.load_related(conn, Customer::invoices.limit_per_parent(0))?;
        ensure_eq!(none.concat(), Vec::<Invoice>::new());
        Ok(())
    }

    fn a_many_to_many_is_narrowed_by_its_association_column(conn) {
        shop!(conn);
        let lists: Vec<Playlist> = playlists::table.order(playlists::playlist_id).select(Playlist::as_select()).load(conn)?;
        let longest = Playlist::tracks
            .filter(tracks::milliseconds.gt(1500))
            .order(tracks::milliseconds.desc())
            .limit_per_parent(3);
        let ours = lists.load_related(conn, longest)?;
        for (list, ours) in lists.iter().zip(&ours) {
            let theirs: Vec<Track> = tracks::table
                .inner_join(playlist_track::table.on(playlist_track::track_id.eq(tracks::track_id)))
                .filter(playlist_track::playlist_id.eq(list.playlist_id))
                .filter(tracks::milliseconds.gt(1500))
                .order((tracks::milliseconds.desc(), tracks::track_id))
                .limit(3)
                .select(Track::as_select())
                .load(conn)?;
            ensure_eq!(*ours, theirs);
        }
        ensure_eq!(ids(&ours, |t| t.track_id), vec![vec![3, 5, 6], vec![4], vec![]]);

        // A filter on the association table's column.
        let second = lists.load_related(conn, Playlist::tracks.filter(playlist_track::track_id.eq(2)))?;
        ensure_eq!(ids(&second, |t| t.track_id), vec![vec![2], vec![2], vec![]]);
        Ok(())
    }

    fn an_association_order_is_kept_under_a_limit(conn) {
        for (id, name) in [(1, "Ann"), (2, "Bob"), (3, "Cy")] {
            diesel::insert_into(members::table).values(NewMember { id, name }).execute(conn)?;
        }
        for (id, title) in [(1, "Dune"), (2, "Emma"), (3, "Faust")] {
            diesel::insert_into(volumes::table).values(NewVolume { id, title }).execute(conn)?;
        }
        for (member_id, volume_id, borrowed_at) in [(1, 2, 300), (1, 1, 100), (1, 3, 200), (2, 3, 150), (2, 1, 400)] {
            diesel::insert_into(loans::table).values(NewLoan { member_id, volume_id, borrowed_at }).execute(conn)?;
        }
        let all: Vec<Member> = members::table.order(members::id).select(Member::as_select()).load(conn)?;
        // The declared order (loans.borrowed_at) and one of its own, limited.
        let first = all.load_related(conn, Member::borrowed.limit_per_parent(2))?;
        let last = all.load_related(conn, Member::borrowed.order(loans::borrowed_at.desc()).limit_per_parent(2))?;
        for (i, member) in all.iter().enumerate() {
            let by_date = |desc: bool| {
                let q = volumes::table
                    .inner_join(loans::table.on(loans::volume_id.eq(volumes::id)))
                    .filter(loans::member_id.eq(member.id))
                    .select(volumes::id)
                    .limit(2)
                    .into_boxed();
                if desc { q.order(loans::borrowed_at.desc()) } else { q.order(loans::borrowed_at) }
            };
            let theirs: Vec<i32> = by_date(false).load(conn)?;
            ensure_eq!(first[i].iter().map(|v| v.id).collect::<Vec<_>>(), theirs);
            let theirs: Vec<i32> = by_date(true).load(conn)?;
            ensure_eq!(last[i].iter().map(|v| v.id).collect::<Vec<_>>(), theirs);
        }
        ensure_eq!(ids(&last, |v| v.id), vec![vec![2, 3], vec![1, 3], vec![]]);
        Ok(())
    }

    fn a_nullable_order_and_a_repeated_parent_keep_the_lazy_rows(conn) {
        shop!(conn);
        // Customer 2 twice; half the invoices have no city (NULL).
        let page: Vec<Customer> = customers::table
            .filter(customers::customer_id.eq_any([2, 1, 4]))
            .order(customers::customer_id.desc())
            .select(Customer::as_select())
            .load(conn)?;
        let page: Vec<Customer> = page.iter().chain(page.iter().skip(1).take(1)).cloned().collect();
        ensure_eq!(page.iter().map(|c| c.customer_id).collect::<Vec<_>>(), vec![4, 2, 1, 2]);
        for desc in [false, true] {
            let ours = if desc {
                page.load_related(conn, Customer::invoices.order(invoices::billing_city.desc()).limit_per_parent(2))?
            } else {
                page.load_related(conn, Customer::invoices.order(invoices::billing_city).limit_per_parent(2))?
            };
            for (customer, ours) in page.iter().zip(&ours) {
                // NULLs where the backend puts them; ties by the key.
                let theirs = customer.invoices().limit(2).select(Invoice::as_select()).into_boxed();
                let theirs: Vec<Invoice> = if desc {
                    theirs.order((invoices::billing_city.desc(), invoices::invoice_id)).load(conn)?
                } else {
                    theirs.order((invoices::billing_city, invoices::invoice_id)).load(conn)?
                };
                ensure_eq!(*ours, theirs);
            }
            ensure_eq!(ours[1], ours[3]);
            ensure_eq!(ours[0], Vec::<Invoice>::new());
            ensure_eq!(ours[1].len(), 2);
        }
        // A negative limit keeps nothing, as `limit_per_parent(0)` does
        // (SQLite would read `LIMIT -1` as no limit at all).
        let none = page.load_related(conn, Customer::invoices.limit_per_parent(-1))?;
        ensure_eq!(none.concat(), Vec::<Invoice>::new());
        Ok(())
    }

    fn a_limit_on_children_keyed_by_two_columns(conn) {
        // Association's primary key is (left_id, right_id): the per-key
        // subquery selects both (SQLite: `(a, b) IN (SELECT a, b ..)`).
        for id in 1..=3 {
            diesel::insert_into(left_table::table).values(AssocParent { id, name: format!("p{id}") }).execute(conn)?;
        }
        for id in 1..=3 {
            diesel::insert_into(diesel_relations_seeds::schema::right_table::table)
                .values((
                    diesel_relations_seeds::schema::right_table::id.eq(id),
                    diesel_relations_seeds::schema::right_table::name.eq(format!("c{id}")),
                ))
                .execute(conn)?;
        }
        for (left_id, right_id, extra) in [(1, 1, "b"), (1, 2, "a"), (1, 3, "b"), (2, 3, "z"), (2, 1, "y")] {
            diesel::insert_into(association_table::table)
                .values(Association { left_id, right_id, extra_data: Some(extra.to_owned()) })
                .execute(conn)?;
        }
        let parents: Vec<AssocParent> = left_table::table.order(left_table::id).select(AssocParent::as_select()).load(conn)?;
        let ours = parents.load_related(
            conn,
            AssocParent::children.order(association_table::extra_data.desc()).limit_per_parent(2),
        )?;
        for (parent, ours) in parents.iter().zip(&ours) {
            let theirs: Vec<Association> = association_table::table
                .filter(association_table::left_id.eq(parent.id))
                .order((association_table::extra_data.desc(), association_table::left_id, association_table::right_id))
                .limit(2)
                .select(Association::as_select())
                .load(conn)?;
            ensure_eq!(*ours, theirs);
        }
        let got: Vec<Vec<(i32, i32)>> = ours.iter().map(|g| g.iter().map(|a| (a.left_id, a.right_id)).collect()).collect();
        ensure_eq!(got, vec![vec![(1, 1), (1, 3)], vec![(2, 3), (2, 1)], vec![]]);
        Ok(())
    }
}
