//! Querying through relationships (`diesel_relations::Related`): EXISTS
//! filters, `with_parent`, joins along a relationship and counts per
//! parent, each compared with a hand-written Diesel query of the same
//! meaning, on every backend.

use crate::harness::count_queries;
use diesel::dsl::{count, count_star, exists, max, min, not, sum};
use diesel::prelude::*;
use diesel_relations::{AggregateRelated, CountDistinctRelated, CountRelated, Related};
use diesel_relations_seeds::schema::chinook::{
    customers, employees, invoice_lines, invoices, playlist_track, playlists, tracks,
};
use diesel_relations_seeds::schema::{
    addresses, club_badges, club_members, clubs, favourites, parents, shipments,
};
use diesel_relations_seeds::seeds::chinook::{
    Customer, Employee, Invoice, InvoiceLine, Playlist, Track,
};
use diesel_relations_seeds::seeds::clubs::{Club, Member};
use diesel_relations_seeds::seeds::parents::Parent;
use diesel_relations_seeds::seeds::shipping::{Address, Shipment};
use std::sync::atomic::Ordering::SeqCst;

/// Employees 1 (no manager) and 2 (reports to 1); tracks 1..=4; playlists
/// Mix (tracks 1, 3) and Empty; customers 1 (rep 1), 2 (no rep), 3 (rep 2);
/// invoices 10 (customer 1, Oslo: tracks 3, 1), 11 (customer 1, no city:
/// track 2), 12 (customer 3, Bergen: tracks 4, 4, 1); line quantities 1..=6
/// in that order. Customer 2 has no invoice.
macro_rules! chinook {
    ($conn:expr) => {{
        for (id, name, manager) in [(1, "Peacock", None), (2, "Adams", Some(1))] {
            diesel::insert_into(employees::table)
                .values((
                    employees::employee_id.eq(id),
                    employees::last_name.eq(name),
                    employees::first_name.eq("E"),
                    employees::reports_to.eq(manager),
                ))
                .execute($conn)?;
        }
        for id in 1..=4 {
            diesel::insert_into(tracks::table)
                .values((
                    tracks::track_id.eq(id),
                    tracks::name.eq(format!("t{id}")),
                    tracks::milliseconds.eq(id * 1000),
                ))
                .execute($conn)?;
        }
        for (id, name) in [(1, "Mix"), (2, "Empty")] {
            diesel::insert_into(playlists::table)
                .values((playlists::playlist_id.eq(id), playlists::name.eq(name)))
                .execute($conn)?;
        }
        for track in [1, 3] {
            diesel::insert_into(playlist_track::table)
                .values((
                    playlist_track::playlist_id.eq(1),
                    playlist_track::track_id.eq(track),
                ))
                .execute($conn)?;
        }
        for (id, rep) in [(1, Some(1)), (2, None), (3, Some(2))] {
            diesel::insert_into(customers::table)
                .values((
                    customers::customer_id.eq(id),
                    customers::first_name.eq("C"),
                    customers::last_name.eq(format!("c{id}")),
                    customers::email.eq("c@example.com"),
                    customers::support_rep_id.eq(rep),
                ))
                .execute($conn)?;
        }
        let mut line = 0;
        for (invoice, customer, city, tracks) in [
            (10, 1, Some("Oslo"), vec![3, 1]),
            (11, 1, None, vec![2]),
            (12, 3, Some("Bergen"), vec![4, 4, 1]),
        ] {
            diesel::insert_into(invoices::table)
                .values((
                    invoices::invoice_id.eq(invoice),
                    invoices::customer_id.eq(customer),
                    invoices::billing_city.eq(city),
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
    }};
}

backend_tests! {
    fn any_none_and_exists_on_a_collection(conn) {
        chinook!(conn);
        // Customers with an invoice billed to Oslo.
        let ours: Vec<i32> = customers::table
            .filter(Customer::invoices.any(invoices::billing_city.eq("Oslo")))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        let oslo = invoices::table.filter(invoices::billing_city.eq("Oslo")).select(invoices::customer_id);
        let theirs: Vec<i32> = customers::table
            .filter(customers::customer_id.eq_any(oslo))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![1]);

        // Customers with no invoice billed to Oslo: NOT EXISTS keeps the one without invoices.
        let ours: Vec<i32> = customers::table
            .filter(Customer::invoices.none(invoices::billing_city.eq("Oslo")))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        let oslo = invoices::table.filter(invoices::billing_city.eq("Oslo")).select(invoices::customer_id);
        let theirs: Vec<i32> = customers::table
            .filter(not(customers::customer_id.eq_any(oslo)))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![2, 3]);

        // With and without any invoice, as a filter and as a selected column.
        let with: Vec<i32> = customers::table.filter(Customer::invoices.exists()).order(customers::customer_id).select(customers::customer_id).load(conn)?;
        let without: Vec<i32> = customers::table.filter(Customer::invoices.not_exists()).order(customers::customer_id).select(customers::customer_id).load(conn)?;
        let theirs: Vec<i32> = customers::table.filter(customers::customer_id.eq_any(invoices::table.select(invoices::customer_id))).order(customers::customer_id).select(customers::customer_id).load(conn)?;
        ensure_eq!(with, theirs);
        ensure_eq!(without, vec![2]);
        let flags: Vec<(i32, bool)> = customers::table
            .order(customers::customer_id)
            .select((customers::customer_id, Customer::invoices.exists()))
            .load(conn)?;
        ensure_eq!(flags, vec![(1, true), (2, false), (3, true)]);

        // Composes with Diesel's own operators and methods, boxed too.
        let ours: Vec<i32> = customers::table
            .filter(Customer::invoices.any(invoices::billing_city.eq("Bergen")).or(customers::support_rep_id.is_null()))
            .or_filter(Customer::invoices.any(invoices::invoice_id.eq(11)))
            .order(customers::customer_id.desc())
            .select(customers::customer_id)
            .into_boxed()
            .load(conn)?;
        ensure_eq!(ours, vec![3, 2, 1]);
        Ok(())
    }

    fn has_on_a_scalar(conn) {
        chinook!(conn);
        // Invoices whose customer has no support rep: none here; rep Adams: invoice 12.
        let ours: Vec<i32> = invoices::table
            .filter(Invoice::customer.has(customers::support_rep_id.eq(2)))
            .order(invoices::invoice_id)
            .select(invoices::invoice_id)
            .load(conn)?;
        let theirs: Vec<i32> = invoices::table
            .inner_join(customers::table)
            .filter(customers::support_rep_id.eq(2))
            .order(invoices::invoice_id)
            .select(invoices::invoice_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![12]);

        // A nullable foreign key: customer 2 has no rep, so never matches.
        let ours: Vec<i32> = customers::table
            .filter(Customer::support_rep.has(employees::last_name.like("%a%")))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        let theirs: Vec<i32> = customers::table
            .inner_join(employees::table)
            .filter(employees::last_name.like("%a%"))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![1, 3]);
        let no_rep: Vec<i32> = customers::table.filter(Customer::support_rep.not_exists()).select(customers::customer_id).load(conn)?;
        ensure_eq!(no_rep, vec![2]);
        Ok(())
    }

    fn has_on_a_one_to_one(conn) {
        for (id, name) in [(1, "Pat"), (2, "Sam")] {
            diesel::insert_into(parents::table).values((parents::id.eq(id), parents::name.eq(name))).execute(conn)?;
        }
        diesel::insert_into(favourites::table).values((favourites::id.eq(1), favourites::parent_id.eq(Some(2)))).execute(conn)?;
        diesel::insert_into(favourites::table).values((favourites::id.eq(2), favourites::parent_id.eq(None::<i32>))).execute(conn)?;
        let ours: Vec<i32> = parents::table.filter(Parent::favourite.has(favourites::id.eq(1))).select(parents::id).load(conn)?;
        let theirs: Vec<i32> = parents::table
            .filter(parents::id.nullable().eq_any(favourites::table.filter(favourites::id.eq(1)).select(favourites::parent_id)))
            .select(parents::id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![2]);
        let without: Vec<i32> = parents::table.filter(Parent::favourite.not_exists()).select(parents::id).load(conn)?;
        ensure_eq!(without, vec![1]);
        // Joined, left: Pat has no favourite.
        let ours: Vec<(i32, Option<i32>)> = parents::table
            .left_join(Parent::favourite.join())
            .order(parents::id)
            .select((parents::id, favourites::id.nullable()))
            .load(conn)?;
        let theirs: Vec<(i32, Option<i32>)> = parents::table
            .left_join(favourites::table)
            .order(parents::id)
            .select((parents::id, favourites::id.nullable()))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![(1, None), (2, Some(1))]);
        Ok(())
    }

    fn any_through_an_association_table(conn) {
        chinook!(conn);
        // Tracks on the playlist Mix (Track.playlists, through PlaylistTrack).
        let ours: Vec<i32> = tracks::table
            .filter(Track::playlists.any(playlists::name.eq("Mix")))
            .order(tracks::track_id)
            .select(tracks::track_id)
            .load(conn)?;
        let mix = playlist_track::table
            .inner_join(playlists::table)
            .filter(playlists::name.eq("Mix"))
            .select(playlist_track::track_id);
        let theirs: Vec<i32> = tracks::table
            .filter(tracks::track_id.eq_any(mix))
            .order(tracks::track_id)
            .select(tracks::track_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![1, 3]);
        let lonely: Vec<i32> = playlists::table.filter(Playlist::tracks.not_exists()).select(playlists::playlist_id).load(conn)?;
        ensure_eq!(lonely, vec![2]);

        // The condition may name the association table's columns: invoices
        // with a track bought in a line of quantity over 4 (Invoice.tracks
        // goes through invoice_lines).
        let ours: Vec<i32> = invoices::table
            .filter(Invoice::tracks.any(invoice_lines::quantity.gt(4).and(tracks::milliseconds.lt(2000))))
            .order(invoices::invoice_id)
            .select(invoices::invoice_id)
            .load(conn)?;
        let theirs: Vec<i32> = invoices::table
            .inner_join(invoice_lines::table.inner_join(tracks::table))
            .filter(invoice_lines::quantity.gt(4).and(tracks::milliseconds.lt(2000)))
            .order(invoices::invoice_id)
            .select(invoices::invoice_id)
            .distinct()
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![12]);
        Ok(())
    }

    fn filters_nest(conn) {
        chinook!(conn);
        // Customers with an invoice with a line of a track on the playlist
        // Mix: four relationships, a many-to-many the innermost.
        let on_mix = |name: &'static str| {
            Customer::invoices.any(Invoice::lines.any(
                InvoiceLine::track.has(Track::playlists.any(playlists::name.eq(name))),
            ))
        };
        let ours: Vec<i32> = customers::table
            .filter(on_mix("Mix"))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .load(conn)?;
        let theirs: Vec<i32> = customers::table
            .inner_join(invoices::table.inner_join(invoice_lines::table.inner_join(
                tracks::table.inner_join(playlist_track::table.inner_join(playlists::table)),
            )))
            .filter(playlists::name.eq("Mix"))
            .order(customers::customer_id)
            .select(customers::customer_id)
            .distinct()
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![1, 3]);
        let ours: Vec<i32> = customers::table.filter(on_mix("Empty")).select(customers::customer_id).load(conn)?;
        ensure_eq!(ours, Vec::<i32>::new());

        // An inner filter may name the outer query's tables too: invoices
        // with a line of a track longer than the line's own quantity in
        // seconds, a correlation Diesel checks like any other.
        let ours: Vec<i32> = invoices::table
            .filter(Invoice::lines.any(InvoiceLine::track.has(tracks::milliseconds.gt(invoice_lines::quantity * 1000))))
            .order(invoices::invoice_id)
            .select(invoices::invoice_id)
            .load(conn)?;
        let theirs: Vec<i32> = invoices::table
            .filter(exists(
                invoice_lines::table
                    .inner_join(tracks::table)
                    .filter(invoice_lines::invoice_id.eq(invoices::invoice_id))
                    .filter(tracks::milliseconds.gt(invoice_lines::quantity * 1000)),
            ))
            .order(invoices::invoice_id)
            .select(invoices::invoice_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![10]);
        Ok(())
    }

    fn with_parent_for_every_kind(conn) {
        chinook!(conn);
        let all: Vec<Customer> = customers::table.order(customers::customer_id).select(Customer::as_select()).load(conn)?;
        // One-to-many, combined with another condition.
        let ours: Vec<i32> = invoices::table
            .filter(Customer::invoices.with_parent(&all[0]).and(invoices::billing_city.is_not_null()))
            .select(invoices::invoice_id)
            .load(conn)?;
        ensure_eq!(ours, vec![10]);
        let theirs: Vec<i32> = all[0].invoices().select(invoices::invoice_id).order(invoices::invoice_id).load(conn)?;
        let ours: Vec<i32> = invoices::table.filter(Customer::invoices.with_parent(&all[0])).order(invoices::invoice_id).select(invoices::invoice_id).load(conn)?;
        ensure_eq!(ours, theirs);
        // Many-to-one, nullable: no rep, no rows.
        let reps: Vec<Vec<i32>> = all
            .iter()
            .map(|c| employees::table.filter(Customer::support_rep.with_parent(c)).select(employees::employee_id).load(conn))
            .collect::<QueryResult<_>>()?;
        ensure_eq!(reps, vec![vec![1], vec![], vec![2]]);
        // Many-to-many.
        let mix: Playlist = playlists::table.find(1).select(Playlist::as_select()).first(conn)?;
        let ours: Vec<i32> = tracks::table.filter(Playlist::tracks.with_parent(&mix)).order(tracks::track_id).select(tracks::track_id).load(conn)?;
        let theirs: Vec<i32> = tracks::table
            .inner_join(playlist_track::table)
            .filter(playlist_track::playlist_id.eq(1))
            .order(tracks::track_id)
            .select(tracks::track_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        Ok(())
    }

    fn joins_along_each_kind(conn) {
        chinook!(conn);
        // Many-to-one, inner.
        let ours: Vec<(i32, String)> = invoices::table
            .inner_join(Invoice::customer.join())
            .order(invoices::invoice_id)
            .select((invoices::invoice_id, customers::last_name))
            .load(conn)?;
        let theirs: Vec<(i32, String)> = invoices::table
            .inner_join(customers::table)
            .order(invoices::invoice_id)
            .select((invoices::invoice_id, customers::last_name))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours.len(), 3);
        // Many-to-one on a nullable key, left: the customer without a rep stays.
        let ours: Vec<(i32, Option<String>)> = customers::table
            .left_join(Customer::support_rep.join())
            .order(customers::customer_id)
            .select((customers::customer_id, employees::last_name.nullable()))
            .load(conn)?;
        let theirs: Vec<(i32, Option<String>)> = customers::table
            .left_join(employees::table)
            .order(customers::customer_id)
            .select((customers::customer_id, employees::last_name.nullable()))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours[1], (2, None));
        // One-to-many, left, with filter, order, limit and group_by.
        let ours: Vec<(i32, Option<i32>)> = customers::table
            .left_join(Customer::invoices.join())
            .filter(customers::customer_id.ne(3))
            .order((customers::customer_id, invoices::invoice_id.nullable().desc()))
            .limit(2)
            .select((customers::customer_id, invoices::invoice_id.nullable()))
            .load(conn)?;
        let theirs: Vec<(i32, Option<i32>)> = customers::table
            .left_join(invoices::table)
            .filter(customers::customer_id.ne(3))
            .order((customers::customer_id, invoices::invoice_id.nullable().desc()))
            .limit(2)
            .select((customers::customer_id, invoices::invoice_id.nullable()))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![(1, Some(11)), (1, Some(10))]);
        let ours: Vec<(i32, i64)> = customers::table
            .inner_join(Customer::invoices.join())
            .group_by(customers::customer_id)
            .order(customers::customer_id)
            .select((customers::customer_id, count_star()))
            .load(conn)?;
        ensure_eq!(ours, vec![(1, 2), (3, 1)]);
        // Many-to-many, through the association table: inner and left.
        let ours: Vec<(i32, String)> = playlists::table
            .inner_join(Playlist::tracks.join())
            .order((playlists::playlist_id, tracks::track_id))
            .select((playlists::playlist_id, tracks::name))
            .load(conn)?;
        let theirs: Vec<(i32, String)> = playlists::table
            .inner_join(playlist_track::table.inner_join(tracks::table))
            .order((playlists::playlist_id, tracks::track_id))
            .select((playlists::playlist_id, tracks::name))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours.len(), 2);
        let ours: Vec<(i32, Option<String>)> = playlists::table
            .left_join(Playlist::tracks.join())
            .order((playlists::playlist_id, tracks::track_id.nullable()))
            .select((playlists::playlist_id, tracks::name.nullable()))
            .load(conn)?;
        let theirs: Vec<(i32, Option<String>)> = playlists::table
            .left_join(playlist_track::table.inner_join(tracks::table))
            .order((playlists::playlist_id, tracks::track_id.nullable()))
            .select((playlists::playlist_id, tracks::name.nullable()))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours[2], (2, None));
        // Joins chain: customers, their invoices, those invoices' lines.
        let ours: Vec<(i32, i32)> = customers::table
            .inner_join(Customer::invoices.join())
            .inner_join(Invoice::lines.join())
            .filter(invoice_lines::quantity.gt(2))
            .order(invoice_lines::invoice_line_id)
            .select((customers::customer_id, invoice_lines::invoice_line_id))
            .load(conn)?;
        ensure_eq!(ours, vec![(1, 3), (3, 4), (3, 5), (3, 6)]);
        Ok(())
    }

    fn counts_aligned_with_the_parents(conn) {
        chinook!(conn);
        let mut all: Vec<Customer> = customers::table.order(customers::customer_id.desc()).select(Customer::as_select()).load(conn)?;
        all.push(all[0].clone()); // a parent listed twice
        let queries = count_queries(conn);
        let ours = all.count_related(conn, Customer::invoices)?;
        ensure_eq!(queries.load(SeqCst), 1);
        let theirs: Vec<i64> = all
            .iter()
            .map(|c| c.invoices().count().get_result(conn))
            .collect::<QueryResult<_>>()?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![1, 0, 2, 1]);
        let lines: Vec<Invoice> = invoices::table.order(invoices::invoice_id).select(Invoice::as_select()).load(conn)?;
        ensure_eq!(lines.count_related(conn, Invoice::lines)?, vec![2, 1, 3]);
        // Many-to-many: the association rows.
        let lists: Vec<Playlist> = playlists::table.order(playlists::playlist_id).select(Playlist::as_select()).load(conn)?;
        ensure_eq!(lists.count_related(conn, Playlist::tracks)?, vec![2, 0]);
        let none: Vec<Customer> = Vec::new();
        ensure_eq!(none.count_related(conn, Customer::invoices)?, Vec::<i64>::new());
        Ok(())
    }

    fn aggregates_aligned_with_the_parents(conn) {
        chinook!(conn);
        let mut all: Vec<Customer> = customers::table.order(customers::customer_id.desc()).select(Customer::as_select()).load(conn)?;
        all.push(all[0].clone()); // a parent listed twice
        let queries = count_queries(conn);
        let ours: Vec<Option<i32>> = all.aggregate_related(conn, Customer::invoices, max(invoices::invoice_id))?;
        ensure_eq!(queries.load(SeqCst), 1);
        let theirs: Vec<Option<i32>> = all
            .iter()
            .map(|c| c.invoices().select(max(invoices::invoice_id)).get_result(conn))
            .collect::<QueryResult<_>>()?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![Some(12), None, Some(11), Some(12)]);

        let bills: Vec<Invoice> = invoices::table.order(invoices::invoice_id).select(Invoice::as_select()).load(conn)?;
        let ours: Vec<Option<i64>> = bills.aggregate_related(conn, Invoice::lines, sum(invoice_lines::quantity))?;
        let theirs: Vec<Option<i64>> = bills
            .iter()
            .map(|i| invoice_lines::table.filter(invoice_lines::invoice_id.eq(i.invoice_id)).select(sum(invoice_lines::quantity)).get_result(conn))
            .collect::<QueryResult<_>>()?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![Some(3), Some(3), Some(15)]);
        let cheapest: Vec<Option<i32>> = bills.aggregate_related(conn, Invoice::lines, min(invoice_lines::quantity))?;
        ensure_eq!(cheapest, vec![Some(1), Some(3), Some(4)]);

        // Many-to-many: the targets' column, through the association table.
        let lists: Vec<Playlist> = playlists::table.order(playlists::playlist_id).select(Playlist::as_select()).load(conn)?;
        let ours: Vec<Option<i32>> = lists.aggregate_related(conn, Playlist::tracks, max(tracks::milliseconds))?;
        let theirs: Vec<Option<i32>> = lists
            .iter()
            .map(|p| {
                tracks::table
                    .inner_join(playlist_track::table.on(playlist_track::track_id.eq(tracks::track_id)))
                    .filter(playlist_track::playlist_id.eq(p.playlist_id))
                    .select(max(tracks::milliseconds))
                    .get_result(conn)
            })
            .collect::<QueryResult<_>>()?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![Some(3000), None]);
        let none: Vec<Customer> = Vec::new();
        ensure_eq!(none.aggregate_related(conn, Customer::invoices, max(invoices::invoice_id))?, Vec::<Option<i32>>::new());
        Ok(())
    }

    fn distinct_counts_aligned_with_the_parents(conn) {
        chinook!(conn);
        // One-to-many: invoice 12's lines hold track 4 twice.
        let mut bills: Vec<Invoice> = invoices::table.order(invoices::invoice_id.desc()).select(Invoice::as_select()).load(conn)?;
        bills.push(bills[0].clone()); // a parent listed twice
        let queries = count_queries(conn);
        let ours = bills.count_distinct_related(conn, Invoice::lines, invoice_lines::track_id)?;
        ensure_eq!(queries.load(SeqCst), 1);
        let theirs: Vec<i64> = bills
            .iter()
            .map(|i| {
                use diesel::AggregateExpressionMethods;
                invoice_lines::table
                    .filter(invoice_lines::invoice_id.eq(i.invoice_id))
                    .select(count(invoice_lines::track_id).aggregate_distinct())
                    .get_result(conn)
            })
            .collect::<QueryResult<_>>()?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![2, 1, 2, 2]);
        ensure_eq!(bills.count_related(conn, Invoice::lines)?, vec![3, 1, 2, 3]);
        // A NULL is not a value: customer 1's cities are Oslo and NULL;
        // customer 2 has no invoice.
        let all: Vec<Customer> = customers::table.order(customers::customer_id).select(Customer::as_select()).load(conn)?;
        ensure_eq!(all.count_distinct_related(conn, Customer::invoices, invoices::billing_city)?, vec![1, 0, 1]);
        // Many-to-many: a column of the targets, through the association table.
        let lists: Vec<Playlist> = playlists::table.order(playlists::playlist_id).select(Playlist::as_select()).load(conn)?;
        let ours = lists.count_distinct_related(conn, Playlist::tracks, tracks::milliseconds)?;
        let theirs: Vec<i64> = lists
            .iter()
            .map(|p| {
                use diesel::AggregateExpressionMethods;
                tracks::table
                    .inner_join(playlist_track::table.on(playlist_track::track_id.eq(tracks::track_id)))
                    .filter(playlist_track::playlist_id.eq(p.playlist_id))
                    .select(count(tracks::milliseconds).aggregate_distinct())
                    .get_result(conn)
            })
            .collect::<QueryResult<_>>()?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![2, 0]);
        // The tracks' album is NULL everywhere: no value to count.
        ensure_eq!(lists.count_distinct_related(conn, Playlist::tracks, tracks::album_id)?, vec![0, 0]);
        let none: Vec<Customer> = Vec::new();
        ensure_eq!(none.count_distinct_related(conn, Customer::invoices, invoices::billing_city)?, Vec::<i64>::new());
        Ok(())
    }

    fn a_key_referencing_a_unique_column(conn) {
        // Members belong to a club by its TEXT code, not its primary key.
        for (id, code, name) in [(1, "chess", "Chess"), (2, "go", "Go"), (3, "bridge", "Bridge")] {
            diesel::insert_into(clubs::table).values((clubs::id.eq(id), clubs::code.eq(code), clubs::name.eq(name))).execute(conn)?;
        }
        for (id, club, name) in [(1, "go", "Ann"), (2, "chess", "Bo"), (3, "go", "Cy")] {
            diesel::insert_into(club_members::table).values((club_members::id.eq(id), club_members::club_code.eq(club), club_members::name.eq(name))).execute(conn)?;
        }
        diesel::insert_into(club_badges::table).values((club_badges::id.eq(1), club_badges::club_code.eq(Some("bridge")), club_badges::label.eq("b"))).execute(conn)?;
        let ours: Vec<i32> = clubs::table.filter(Club::members.any(club_members::name.eq("Cy"))).select(clubs::id).load(conn)?;
        let theirs: Vec<i32> = clubs::table
            .filter(clubs::code.eq_any(club_members::table.filter(club_members::name.eq("Cy")).select(club_members::club_code)))
            .select(clubs::id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![2]);
        let ours: Vec<i32> = club_members::table.filter(Member::club.has(clubs::name.eq("Go"))).order(club_members::id).select(club_members::id).load(conn)?;
        ensure_eq!(ours, vec![1, 3]);
        let badged: Vec<i32> = clubs::table.filter(Club::badge.exists()).select(clubs::id).load(conn)?;
        ensure_eq!(badged, vec![3]);
        let ours: Vec<(String, String)> = club_members::table
            .inner_join(Member::club.join())
            .order(club_members::id)
            .select((club_members::name, clubs::name))
            .load(conn)?;
        let theirs: Vec<(String, String)> = club_members::table
            .inner_join(clubs::table.on(clubs::code.eq(club_members::club_code)))
            .order(club_members::id)
            .select((club_members::name, clubs::name))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        let all: Vec<Club> = clubs::table.order(clubs::id).select(Club::as_select()).load(conn)?;
        ensure_eq!(all.count_related(conn, Club::members)?, vec![1, 2, 0]);
        let go: Vec<String> = club_members::table
            .filter(Club::members.with_parent(&all[1]))
            .order(club_members::id)
            .select(club_members::name)
            .load(conn)?;
        ensure_eq!(go, vec!["Ann".to_string(), "Cy".to_string()]);
        Ok(())
    }

    fn two_keys_into_one_table(conn) {
        // Each EXISTS is a subquery of its own, so both relationships into
        // addresses fit in one query (a join of both would need an alias).
        for (id, city) in [(1, "Oslo"), (2, "Bergen")] {
            diesel::insert_into(addresses::table).values((addresses::id.eq(id), addresses::street.eq("s"), addresses::city.eq(city))).execute(conn)?;
        }
        for (id, billing, shipping) in [(1, 1, Some(2)), (2, 1, Some(1)), (3, 2, None)] {
            diesel::insert_into(shipments::table)
                .values((shipments::id.eq(id), shipments::reference.eq(format!("r{id}")), shipments::billing_address_id.eq(billing), shipments::shipping_address_id.eq(shipping)))
                .execute(conn)?;
        }
        let ours: Vec<i32> = shipments::table
            .filter(Shipment::billing.has(addresses::city.eq("Oslo")))
            .filter(Shipment::shipping.has(addresses::city.eq("Bergen")))
            .select(shipments::id)
            .load(conn)?;
        let oslo = addresses::table.filter(addresses::city.eq("Oslo")).select(addresses::id);
        let bergen = addresses::table.filter(addresses::city.eq("Bergen")).select(addresses::id.nullable());
        let theirs: Vec<i32> = shipments::table
            .filter(shipments::billing_address_id.eq_any(oslo))
            .filter(shipments::shipping_address_id.eq_any(bergen))
            .select(shipments::id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![1]);
        // From the other side: addresses billed and never shipped to.
        let ours: Vec<i32> = addresses::table
            .filter(Address::billed.exists().and(Address::shipped.not_exists()))
            .select(addresses::id)
            .load(conn)?;
        ensure_eq!(ours, Vec::<i32>::new());
        let ours: Vec<i32> = addresses::table
            .filter(Address::shipped.none(shipments::reference.eq("r2")))
            .order(addresses::id)
            .select(addresses::id)
            .load(conn)?;
        ensure_eq!(ours, vec![2]);
        // One of the two joined: Diesel's join, as with a single key.
        let ours: Vec<(i32, String)> = shipments::table
            .inner_join(Shipment::billing.join())
            .order(shipments::id)
            .select((shipments::id, addresses::city))
            .load(conn)?;
        ensure_eq!(ours, vec![(1, "Oslo".to_string()), (2, "Oslo".to_string()), (3, "Bergen".to_string())]);
        Ok(())
    }

    fn self_referential_through_an_alias(conn) {
        chinook!(conn);
        diesel::insert_into(employees::table)
            .values((employees::employee_id.eq(3), employees::last_name.eq("King"), employees::first_name.eq("E"), employees::reports_to.eq(Some(2))))
            .execute(conn)?;
        let reports = diesel::alias!(employees as reports);
        // Employees with a report named King: Adams.
        let ours: Vec<i32> = employees::table
            .filter(Employee::reports.any_as(reports, reports.field(employees::last_name).eq("King")))
            .select(employees::employee_id)
            .load(conn)?;
        let theirs: Vec<i32> = employees::table
            .inner_join(reports.on(reports.field(employees::reports_to).eq(employees::employee_id.nullable())))
            .filter(reports.field(employees::last_name).eq("King"))
            .select(employees::employee_id)
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![2]);
        // Employees whose manager has no manager: reporting to Peacock.
        let managers = diesel::alias!(employees as managers);
        let ours: Vec<i32> = employees::table
            .filter(Employee::manager.any_as(managers, managers.field(employees::reports_to).is_null()))
            .select(employees::employee_id)
            .load(conn)?;
        ensure_eq!(ours, vec![2]);
        // Each employee with the manager's name, left: Peacock has none.
        let ours: Vec<(i32, Option<String>)> = employees::table
            .left_join(Employee::manager.join_as(managers))
            .order(employees::employee_id)
            .select((employees::employee_id, managers.field(employees::last_name).nullable()))
            .load(conn)?;
        let theirs: Vec<(i32, Option<String>)> = employees::table
            .left_join(managers.on(managers.field(employees::employee_id).nullable().eq(employees::reports_to)))
            .order(employees::employee_id)
            .select((employees::employee_id, managers.field(employees::last_name).nullable()))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![(1, None), (2, Some("Peacock".to_string())), (3, Some("Adams".to_string()))]);
        // And the reports, inner: two levels down, composed with a filter.
        let ours: Vec<(i32, i32)> = employees::table
            .inner_join(Employee::reports.join_as(reports))
            .filter(reports.field(employees::employee_id).gt(1))
            .order(employees::employee_id)
            .select((employees::employee_id, reports.field(employees::employee_id)))
            .load(conn)?;
        ensure_eq!(ours, vec![(1, 2), (2, 3)]);
        Ok(())
    }

    fn two_keys_into_one_table_joined(conn) {
        for (id, city) in [(1, "Oslo"), (2, "Bergen")] {
            diesel::insert_into(addresses::table).values((addresses::id.eq(id), addresses::street.eq("s"), addresses::city.eq(city))).execute(conn)?;
        }
        for (id, billing, shipping) in [(1, 1, Some(2)), (2, 1, Some(1)), (3, 2, None)] {
            diesel::insert_into(shipments::table)
                .values((shipments::id.eq(id), shipments::reference.eq(format!("r{id}")), shipments::billing_address_id.eq(billing), shipments::shipping_address_id.eq(shipping)))
                .execute(conn)?;
        }
        // Film.language and Film.original_language's shape: both in one query.
        let shipped_to = diesel::alias!(addresses as shipped_to);
        let ours: Vec<(i32, String, Option<String>)> = shipments::table
            .inner_join(Shipment::billing.join())
            .left_join(Shipment::shipping.join_as(shipped_to))
            .order(shipments::id)
            .select((shipments::id, addresses::city, shipped_to.field(addresses::city).nullable()))
            .load(conn)?;
        let theirs: Vec<(i32, String, Option<String>)> = shipments::table
            .inner_join(addresses::table.on(addresses::id.eq(shipments::billing_address_id)))
            .left_join(shipped_to.on(shipped_to.field(addresses::id).nullable().eq(shipments::shipping_address_id)))
            .order(shipments::id)
            .select((shipments::id, addresses::city, shipped_to.field(addresses::city).nullable()))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours[2], (3, "Bergen".to_string(), None));
        Ok(())
    }

    fn handles_join_and_nest_as_subqueries(conn) {
        chinook!(conn);
        let c1 = customers::table.find(1).select(Customer::as_select()).first(conn)?;
        // A one-to-many handle joins along a relationship and along joinable!.
        let ours: Vec<(i32, i32)> = c1
            .invoices()
            .inner_join(Invoice::lines.join())
            .order(invoice_lines::invoice_line_id)
            .select((invoices::invoice_id, invoice_lines::track_id))
            .load(conn)?;
        let theirs: Vec<(i32, i32)> = invoices::table
            .inner_join(invoice_lines::table)
            .filter(invoices::customer_id.eq(1))
            .order(invoice_lines::invoice_line_id)
            .select((invoices::invoice_id, invoice_lines::track_id))
            .load(conn)?;
        ensure_eq!(ours, theirs);
        ensure_eq!(ours, vec![(10, 3), (10, 1), (11, 2)]);
        let n: i64 = c1.invoices().left_join(invoice_lines::table).count().get_result(conn)?;
        ensure_eq!(n, 3);
        // A many-to-many handle (already joined to its association table)
        // joins on.
        let mix = playlists::table.find(1).select(Playlist::as_select()).first(conn)?;
        let ours: Vec<(i32, i32)> = mix
            .tracks()
            .inner_join(Track::lines.join())
            .order(invoice_lines::invoice_line_id)
            .select((tracks::track_id, invoice_lines::invoice_id))
            .load(conn)?;
        ensure_eq!(ours, vec![(3, 10), (1, 10), (1, 12)]);
        // A handle's query as a subquery in another handle's filter: the
        // tracks of customer 1's invoices that are on the Mix playlist.
        let ours: Vec<i32> = mix
            .tracks()
            .filter(tracks::track_id.eq_any(
                invoice_lines::table
                    .filter(invoice_lines::invoice_id.eq_any(c1.invoices().select(invoices::invoice_id)))
                    .select(invoice_lines::track_id),
            ))
            .order(tracks::track_id)
            .select(tracks::track_id)
            .load(conn)?;
        ensure_eq!(ours, vec![1, 3]);
        let any: bool = diesel::select(diesel::dsl::exists(c1.invoices().query())).get_result(conn)?;
        ensure_eq!(any, true);
        Ok(())
    }

    fn joined_loading_matches_the_lazy_accessors(conn) {
        use diesel_relations::joined::LoadJoined;
        chinook!(conn);
        // Required many-to-one, a filtered and ordered page.
        let page = invoices::table
            .filter(invoices::invoice_id.ne(11))
            .order(invoices::invoice_id.desc())
            .load_joined(conn, Invoice::customer)?;
        let plain: Vec<Invoice> = invoices::table
            .filter(invoices::invoice_id.ne(11))
            .order(invoices::invoice_id.desc())
            .select(Invoice::as_select())
            .load(conn)?;
        ensure_eq!(page.len(), 2);
        for (node, invoice) in page.iter().zip(&plain) {
            ensure_eq!(&node.row, invoice);
            ensure_eq!(node.related, invoice.customer().get(conn)?);
        }
        // Optional many-to-one: customer 2 has no rep and comes back with None.
        let page = customers::table
            .order(customers::customer_id)
            .load_joined(conn, Customer::support_rep)?;
        let reps: Vec<Option<i32>> = page.iter().map(|n| n.related.as_ref().map(|e| e.employee_id)).collect();
        ensure_eq!(reps, vec![Some(1), None, Some(2)]);
        for node in &page {
            ensure_eq!(node.related, node.row.support_rep().get(conn)?);
        }
        // One-to-one, from the side without the key.
        for (id, name) in [(1, "Pat"), (2, "Sam")] {
            diesel::insert_into(parents::table).values((parents::id.eq(id), parents::name.eq(name))).execute(conn)?;
        }
        diesel::insert_into(favourites::table)
            .values((favourites::id.eq(7), favourites::parent_id.eq(Some(2))))
            .execute(conn)?;
        let page = parents::table.order(parents::id).load_joined(conn, Parent::favourite)?;
        let got: Vec<(i32, Option<i32>)> = page.iter().map(|n| (n.id, n.related.as_ref().map(|f| f.id))).collect();
        ensure_eq!(got, vec![(1, None), (2, Some(7))]);
        for node in &page {
            ensure_eq!(node.related, node.row.favourite().get(conn)?);
        }
        // A dangling key is an error naming the relationship, as lazily.
        crate::harness::TestBackend::disable_foreign_key_checks(conn)?;
        diesel::insert_into(invoices::table)
            .values((invoices::invoice_id.eq(99), invoices::customer_id.eq(77)))
            .execute(conn)?;
        match invoices::table.order(invoices::invoice_id).load_joined(conn, Invoice::customer) {
            Err(diesel_relations::RelationError::MissingTarget { relationship, key, .. }) => {
                ensure_eq!((relationship, key.as_str()), ("Invoice.customer", "77"));
            }
            other => return Err(format!("expected MissingTarget, got {:?}", other.map(|v| v.len())).into()),
        }
        Ok(())
    }
}
