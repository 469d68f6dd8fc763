//! Every pattern of the seeds: one-to-one, many-to-many with association-row
//! upkeep, association objects, a self-referential tree, two foreign keys
//! into one table, backrefs and cascades. Rows are inserted with explicit
//! ids (no RETURNING on MySQL) and every assertion reads the database back.

use diesel::prelude::*;
use diesel_relations::eager::with;
use diesel_relations::{delete, Eager, LoadRelated, RelationError};
use diesel_relations_seeds::schema::chinook::{
    customers, employees, invoice_lines, invoices, playlist_track, playlists, tracks,
};
use diesel_relations_seeds::schema::{
    addresses, association, authors, authors_books, books, children, favourites, parents, shipments,
};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::chinook::{
    Customer, Employee, Invoice, InvoiceLine, NewInvoiceLine, Playlist, PlaylistTrack, Track,
};
use diesel_relations_seeds::seeds::parents::{Child, Favourite, Parent};
use diesel_relations_seeds::seeds::shipping::{Address, Shipment};

/// `(parent_id, child_id)` of every association row, in order.
macro_rules! association_rows {
    ($conn:expr) => {
        association::table
            .order_by((association::parent_id, association::child_id))
            .select((association::parent_id, association::child_id))
            .load::<(i32, i32)>($conn)?
    };
}

/// Parents 1-2 and children 1-4, by id.
macro_rules! family {
    ($conn:expr) => {{
        for id in 1..=2 {
            diesel::insert_into(parents::table)
                .values((parents::id.eq(id), parents::name.eq(format!("p{id}"))))
                .execute($conn)?;
        }
        for id in 1..=4 {
            diesel::insert_into(children::table)
                .values((children::id.eq(id), children::name.eq(format!("c{id}"))))
                .execute($conn)?;
        }
        let p: Vec<Parent> = parents::table
            .order_by(parents::id)
            .select(Parent::as_select())
            .load($conn)?;
        let c: Vec<Child> = children::table
            .order_by(children::id)
            .select(Child::as_select())
            .load($conn)?;
        (p, c)
    }};
}

/// An employee with a manager.
macro_rules! employee {
    ($conn:expr, $id:expr, $manager:expr) => {{
        let manager: Option<i32> = $manager;
        diesel::insert_into(employees::table)
            .values((
                employees::employee_id.eq($id),
                employees::last_name.eq(format!("E{}", $id)),
                employees::first_name.eq("Ann"),
                employees::reports_to.eq(manager),
            ))
            .execute($conn)?;
        employees::table
            .find($id)
            .select(Employee::as_select())
            .get_result::<Employee>($conn)?
    }};
}

/// A Chinook customer with invoices `invoice_ids`, each with a line per track.
macro_rules! shopper {
    ($conn:expr, $id:expr, $rep:expr, $invoice_ids:expr, $track_ids:expr) => {{
        let rep: Option<i32> = $rep;
        diesel::insert_into(customers::table)
            .values((
                customers::customer_id.eq($id),
                customers::first_name.eq("Luis"),
                customers::last_name.eq(format!("C{}", $id)),
                customers::email.eq("l@example.com"),
                customers::support_rep_id.eq(rep),
            ))
            .execute($conn)?;
        for &invoice in $invoice_ids.iter() {
            diesel::insert_into(invoices::table)
                .values((
                    invoices::invoice_id.eq(invoice),
                    invoices::customer_id.eq($id),
                ))
                .execute($conn)?;
            let inv: Invoice = invoices::table
                .find(invoice)
                .select(Invoice::as_select())
                .get_result($conn)?;
            inv.lines().insert(
                $conn,
                $track_ids.iter().map(|&t: &i32| NewInvoiceLine {
                    track_id: t,
                    unit_price: 0.99,
                    quantity: t,
                }),
            )?;
        }
        customers::table
            .find($id)
            .select(Customer::as_select())
            .get_result::<Customer>($conn)?
    }};
}

/// Tracks 1..=n.
macro_rules! tracks {
    ($conn:expr, $n:expr) => {{
        for id in 1..=$n {
            diesel::insert_into(tracks::table)
                .values((
                    tracks::track_id.eq(id),
                    tracks::name.eq(format!("t{id}")),
                    tracks::milliseconds.eq(1000 * id),
                ))
                .execute($conn)?;
        }
        tracks::table
            .order_by(tracks::track_id)
            .select(Track::as_select())
            .load::<Track>($conn)?
    }};
}

backend_tests! {
    fn one_to_one_finds_the_unique_row_or_none(conn) {
        let (p, _) = family!(conn);
        ensure_eq!(p[0].favourite().get(conn)?, None);
        ensure_eq!(p[0].favourite().create(conn)?, 1);
        let fav: Favourite = favourites::table.select(Favourite::as_select()).get_result(conn)?;
        ensure_eq!(fav.parent_id, Some(p[0].id));
        ensure_eq!(p[0].favourite().get(conn)?, Some(fav.clone()));
        ensure_eq!(fav.parent().get(conn)?, Some(p[0].clone()));
        ensure_eq!(p[1].favourite().get(conn)?, None);
        // The UNIQUE constraint refuses a second favourite; nothing is added.
        let second = p[0].favourite().create(conn);
        ensure_eq!(matches!(second, Err(RelationError::Database { .. })), true);
        ensure_eq!(favourites::table.count().get_result::<i64>(conn)?, 1);
        Ok(())
    }

    fn many_to_many_link_unlink_set_clear_keep_the_rows(conn) {
        let (p, c) = family!(conn);
        ensure_eq!(p[0].children().link(conn, [&c[0], &c[1]])?, 2);
        ensure_eq!(association_rows!(conn), vec![(1, 1), (1, 2)]);
        // Linking again inserts nothing: never a duplicate row.
        ensure_eq!(p[0].children().link(conn, [&c[1], &c[1], &c[2]])?, 1);
        ensure_eq!(association_rows!(conn), vec![(1, 1), (1, 2), (1, 3)]);
        // The other side sees the same rows.
        let parents_of_c2: Vec<i32> = c[1].parents().load(conn)?.iter().map(|p| p.id).collect();
        ensure_eq!(parents_of_c2, vec![1]);
        c[1].parents().link(conn, [&p[1]])?;
        ensure_eq!(association_rows!(conn), vec![(1, 1), (1, 2), (1, 3), (2, 2)]);
        ensure_eq!(p[0].children().unlink(conn, [&c[0], &c[3]])?, 1);
        ensure_eq!(association_rows!(conn), vec![(1, 2), (1, 3), (2, 2)]);
        // set: exactly these, no stale row left behind.
        ensure_eq!(p[0].children().set(conn, [&c[3], &c[2]])?, (1, 1));
        ensure_eq!(association_rows!(conn), vec![(1, 3), (1, 4), (2, 2)]);
        let loaded: Vec<i32> = p[0].children().load(conn)?.iter().map(|c| c.id).collect();
        ensure_eq!(loaded, vec![3, 4]);
        ensure_eq!(p[0].children().count().get_result::<i64>(conn)?, 2);
        // The many-to-many handle is a Diesel query source too.
        let later: Vec<i32> = p[0]
            .children()
            .into_boxed()
            .order(children::id.desc())
            .offset(1)
            .select(children::id)
            .load(conn)?;
        ensure_eq!(later, vec![3]);
        ensure_eq!(p[0].children().clear(conn)?, 2);
        ensure_eq!(association_rows!(conn), vec![(2, 2)]);
        // The children themselves are still there.
        ensure_eq!(children::table.count().get_result::<i64>(conn)?, 4);
        Ok(())
    }

    fn a_set_failing_half_way_changes_nothing(conn) {
        let (p, c) = family!(conn);
        p[0].children().set(conn, [&c[0], &c[1]])?;
        // A child that is not in the database: its link row violates the
        // foreign key after the stale rows were already deleted.
        let ghost = Child { id: 99, name: "ghost".into() };
        match p[0].children().set(conn, [&c[2], &ghost]) {
            Err(RelationError::ForeignKeyViolation { relationship, .. }) => ensure_eq!(relationship, "Parent.children"),
            other => return Err(format!("expected ForeignKeyViolation, got {other:?}").into()),
        }
        ensure_eq!(association_rows!(conn), vec![(1, 1), (1, 2)]);
        Ok(())
    }

    fn deleting_an_object_removes_its_association_rows(conn) {
        let (p, c) = family!(conn);
        p[0].children().set(conn, [&c[0], &c[1]])?;
        p[1].children().set(conn, [&c[1], &c[2]])?;
        ensure_eq!(delete(conn, &c[1])?, 1);
        ensure_eq!(association_rows!(conn), vec![(1, 1), (2, 3)]);
        ensure_eq!(children::table.find(2).count().get_result::<i64>(conn)?, 0);
        // From the other side too: a parent takes its rows with it.
        ensure_eq!(delete(conn, &p[0])?, 1);
        ensure_eq!(association_rows!(conn), vec![(2, 3)]);
        Ok(())
    }

    fn passive_deletes_leave_association_rows_to_the_database(conn) {
        for id in 1..=2 {
            diesel::insert_into(authors::table).values((authors::id.eq(id), authors::name.eq(format!("a{id}")))).execute(conn)?;
            diesel::insert_into(books::table).values((books::id.eq(id), books::title.eq(format!("b{id}")))).execute(conn)?;
        }
        let a: Vec<Author> = authors::table.order_by(authors::id).select(Author::as_select()).load(conn)?;
        let b: Vec<Book> = books::table.order_by(books::id).select(Book::as_select()).load(conn)?;
        b[0].authors().set(conn, [&a[0], &a[1]])?;
        b[1].authors().set(conn, [&a[0], &a[1]])?;
        let rows = |conn: &mut _| -> QueryResult<Vec<(i32, i32)>> {
            authors_books::table.order_by((authors_books::author_id, authors_books::book_id))
                .select((authors_books::author_id, authors_books::book_id)).load(conn)
        };
        // Book.authors is passive_deletes: ON DELETE CASCADE removes the rows.
        delete(conn, &b[0])?;
        ensure_eq!(rows(conn)?, vec![(1, 2), (2, 2)]);
        // With the database's enforcement off, nothing removes them: the
        // library really left them to the database.
        crate::harness::TestBackend::disable_foreign_key_checks(conn)?;
        delete(conn, &b[1])?;
        ensure_eq!(rows(conn)?, vec![(1, 2), (2, 2)]);
        // Author.books is not passive: the library deletes the rows itself.
        delete(conn, &a[0])?;
        ensure_eq!(rows(conn)?, vec![(2, 2)]);
        Ok(())
    }

    fn delete_orphan_cascade_deletes_children_and_removed_children(conn) {
        let t = tracks!(conn, 3);
        let customer = shopper!(conn, 1, None, [10, 11], [1, 2, 3]);
        ensure_eq!(invoice_lines::table.count().get_result::<i64>(conn)?, 6);
        let invoices: Vec<Invoice> = customer.invoices().load(conn)?;
        // Invoice.lines is "all, delete-orphan": removing a line deletes it.
        let line: InvoiceLine = invoices[0].lines().load(conn)?.remove(0);
        ensure_eq!(invoices[0].lines().remove(conn, &line)?, true);
        ensure_eq!(invoice_lines::table.find(line.invoice_line_id).count().get_result::<i64>(conn)?, 0);
        // Removing a line of another invoice changes nothing.
        let other: InvoiceLine = invoices[1].lines().load(conn)?.remove(0);
        ensure_eq!(invoices[0].lines().remove(conn, &other)?, false);
        ensure_eq!(invoice_lines::table.count().get_result::<i64>(conn)?, 5);
        // Deleting the invoice deletes its lines; the tracks stay.
        delete(conn, &invoices[0])?;
        let left: Vec<i32> = invoice_lines::table.select(invoice_lines::invoice_id).load(conn)?;
        ensure_eq!(left, vec![11, 11, 11]);
        ensure_eq!(tracks::table.count().get_result::<i64>(conn)?, t.len() as i64);
        Ok(())
    }

    fn without_delete_cascade_a_nullable_key_is_set_to_null(conn) {
        let boss = employee!(conn, 1, None);
        let manager = employee!(conn, 2, Some(1));
        employee!(conn, 3, Some(2));
        employee!(conn, 4, Some(2));
        shopper!(conn, 1, Some(2), [] as [i32; 0], [] as [i32; 0]);
        delete(conn, &manager)?;
        let rows: Vec<(i32, Option<i32>)> = employees::table.order_by(employees::employee_id)
            .select((employees::employee_id, employees::reports_to)).load(conn)?;
        ensure_eq!(rows, vec![(1, None), (3, None), (4, None)]);
        let rep: Option<i32> = customers::table.find(1).select(customers::support_rep_id).get_result(conn)?;
        ensure_eq!(rep, None);
        ensure_eq!(boss.reports().load(conn)?, Vec::<Employee>::new());
        Ok(())
    }

    fn without_delete_cascade_a_not_null_key_refuses_and_changes_nothing(conn) {
        tracks!(conn, 1);
        let customer = shopper!(conn, 1, None, [10, 11], [1]);
        match delete(conn, &customer) {
            Err(e @ RelationError::DeleteRestricted { .. }) => ensure_eq!(
                e.to_string(),
                "Customer.invoices: cannot delete: 2 Invoice row(s) point at it through invoices.customer_id, \
                 which is NOT NULL; declare cascade = \"all, delete-orphan\" to delete them too, or delete or move them first"
            ),
            other => return Err(format!("expected DeleteRestricted, got {other:?}").into()),
        }
        ensure_eq!(customers::table.count().get_result::<i64>(conn)?, 1);
        ensure_eq!(invoices::table.count().get_result::<i64>(conn)?, 2);
        ensure_eq!(invoice_lines::table.count().get_result::<i64>(conn)?, 2);
        Ok(())
    }

    fn removing_from_a_not_null_collection_is_refused(conn) {
        tracks!(conn, 1);
        let customer = shopper!(conn, 1, None, [10], [1]);
        let invoice = customer.invoices().load(conn)?.remove(0);
        match customer.invoices().remove(conn, &invoice) {
            Err(RelationError::RemoveRestricted { relationship, .. }) => ensure_eq!(relationship, "Customer.invoices"),
            other => return Err(format!("expected RemoveRestricted, got {other:?}").into()),
        }
        ensure_eq!(invoices::table.filter(invoices::customer_id.eq(1)).count().get_result::<i64>(conn)?, 1);
        Ok(())
    }

    fn self_referential_tree_walks_four_levels(conn) {
        // 1 -> (2, 3); 2 -> (4, 5); 3 -> (6); 5 -> (7); 7 -> (8)
        let root = employee!(conn, 1, None);
        for (id, manager) in [(2, 1), (3, 1), (4, 2), (5, 2), (6, 3), (7, 5), (8, 7)] {
            employee!(conn, id, Some(manager));
        }
        let mut level = vec![root.clone()];
        let mut walked = Vec::new();
        for _depth in 1..=4 {
            let reports = level.load_related(conn, Employee::reports)?;
            let ids: Vec<Vec<i32>> = reports.iter().map(|r| r.iter().map(|e| e.employee_id).collect()).collect();
            walked.push(ids);
            level = reports.into_iter().flatten().collect();
        }
        ensure_eq!(walked, vec![
            vec![vec![2, 3]],
            vec![vec![4, 5], vec![6]],
            vec![vec![], vec![7], vec![]],
            vec![vec![8]],
        ]);
        // And back up from the deepest: 8 -> 7 -> 5 -> 2 -> 1 -> none.
        let mut chain = Vec::new();
        let mut at = employees::table.find(8).select(Employee::as_select()).get_result::<Employee>(conn)?;
        while let Some(manager) = at.manager().get(conn)? {
            chain.push(manager.employee_id);
            at = manager;
        }
        ensure_eq!(chain, vec![7, 5, 2, 1]);
        Ok(())
    }

    fn two_foreign_keys_into_one_table_stay_apart(conn) {
        for (id, street) in [(1, "Billing Rd"), (2, "Shipping St")] {
            diesel::insert_into(addresses::table)
                .values((addresses::id.eq(id), addresses::street.eq(street), addresses::city.eq("Oslo")))
                .execute(conn)?;
        }
        diesel::insert_into(shipments::table)
            .values((shipments::id.eq(1), shipments::reference.eq("S1"), shipments::billing_address_id.eq(1), shipments::shipping_address_id.eq(Some(2))))
            .execute(conn)?;
        diesel::insert_into(shipments::table)
            .values((shipments::id.eq(2), shipments::reference.eq("S2"), shipments::billing_address_id.eq(2), shipments::shipping_address_id.eq(None::<i32>)))
            .execute(conn)?;
        let s: Vec<Shipment> = shipments::table.order_by(shipments::id).select(Shipment::as_select()).load(conn)?;
        ensure_eq!(s[0].billing().get(conn)?.street, "Billing Rd");
        ensure_eq!(s[0].shipping().get(conn)?.map(|a| a.street), Some("Shipping St".to_owned()));
        ensure_eq!(s[1].shipping().get(conn)?, None);
        let a: Vec<Address> = addresses::table.order_by(addresses::id).select(Address::as_select()).load(conn)?;
        let refs = |v: Vec<Shipment>| v.into_iter().map(|s| s.reference).collect::<Vec<_>>();
        ensure_eq!(refs(a[0].billed().load(conn)?), vec!["S1"]);
        ensure_eq!(refs(a[0].shipped().load(conn)?), Vec::<String>::new());
        ensure_eq!(refs(a[1].billed().load(conn)?), vec!["S2"]);
        ensure_eq!(refs(a[1].shipped().load(conn)?), vec!["S1"]);
        Ok(())
    }

    fn association_object_navigates_both_ends_and_through(conn) {
        tracks!(conn, 3);
        let customer = shopper!(conn, 1, None, [10], [3, 1]);
        let invoice = customer.invoices().load(conn)?.remove(0);
        let lines = invoice.lines().load(conn)?;
        let line_data: Vec<(i32, i32)> = lines.iter().map(|l| (l.track_id, l.quantity)).collect();
        ensure_eq!(line_data, vec![(3, 3), (1, 1)]);
        ensure_eq!(lines[0].track().get(conn)?.name, "t3");
        ensure_eq!(lines[0].invoice().get(conn)?.invoice_id, 10);
        // Straight through to the far side in one call.
        let names: Vec<String> = invoice.tracks().load(conn)?.into_iter().map(|t| t.name).collect();
        ensure_eq!(names, vec!["t1", "t3"]);
        // And from the track back to its lines.
        let t3: Track = tracks::table.find(3).select(Track::as_select()).get_result(conn)?;
        ensure_eq!(t3.lines().load(conn)?.len(), 1);
        // Link rows of an association object carry their own columns: the
        // through relationship is viewonly.
        match invoice.tracks().link(conn, [&t3]) {
            Err(RelationError::ViewOnly { relationship, .. }) => ensure_eq!(relationship, "Invoice.tracks"),
            other => return Err(format!("expected ViewOnly, got {other:?}").into()),
        }
        Ok(())
    }

    fn playlist_track_as_an_association_object_beside_its_plain_secondary(conn) {
        /// `(PlaylistId, TrackId, the track's name)`.
        type Row = (i32, i32, String);
        let t = tracks!(conn, 4);
        diesel::insert_into(playlists::table)
            .values(vec![
                (playlists::playlist_id.eq(1), playlists::name.eq("Mix")),
                (playlists::playlist_id.eq(2), playlists::name.eq("Empty")),
                (playlists::playlist_id.eq(3), playlists::name.eq("Short")),
            ])
            .execute(conn)?;
        let lists: Vec<Playlist> = playlists::table.order_by(playlists::playlist_id).select(Playlist::as_select()).load(conn)?;
        let mix = lists[0].clone();
        // The plain many-to-many only reads; the rows are PlaylistTrack's.
        match mix.tracks().link(conn, [&t[3]]) {
            Err(RelationError::ViewOnly { relationship, .. }) => ensure_eq!(relationship, "Playlist.tracks"),
            other => return Err(format!("expected ViewOnly, got {other:?}").into()),
        }
        let rows = [(1, 4), (1, 2), (3, 4), (1, 1)].map(|(playlist_id, track_id)| PlaylistTrack { playlist_id, track_id });
        diesel::insert_into(playlist_track::table).values(rows.to_vec()).execute(conn)?;

        // Eager through the association object and on to each row's track,
        // against the same rows by hand: a join, ordered by the key.
        let pages = lists.clone().eager(conn, with(Playlist::playlist_tracks, PlaylistTrack::track))?;
        let got: Vec<(i32, Vec<Row>)> = pages
            .iter()
            .map(|p| (p.playlist_id, p.related.iter().map(|r| (r.playlist_id, r.track_id, r.related.name.clone())).collect()))
            .collect();
        let mut by_hand = Vec::new();
        for p in &lists {
            let rows: Vec<Row> = playlist_track::table
                .inner_join(tracks::table)
                .filter(playlist_track::playlist_id.eq(p.playlist_id))
                .order_by((playlist_track::playlist_id, playlist_track::track_id))
                .select((playlist_track::playlist_id, playlist_track::track_id, tracks::name))
                .load(conn)?;
            by_hand.push((p.playlist_id, rows));
        }
        ensure_eq!(got, by_hand);
        ensure_eq!(got.iter().map(|(_, r)| r.len()).collect::<Vec<_>>(), vec![3, 0, 1]);
        // Back up from the rows: each one's playlist.
        let back = t[3].playlist_tracks().load(conn)?.eager(conn, PlaylistTrack::playlist)?;
        let names: Vec<Option<String>> = back.iter().map(|r| r.related.name.clone()).collect();
        ensure_eq!(names, vec![Some("Mix".to_owned()), Some("Short".to_owned())]);

        // The plain secondary reads the same rows.
        let names: Vec<String> = mix.tracks().load(conn)?.into_iter().map(|t| t.name).collect();
        ensure_eq!(names, vec!["t1", "t2", "t4"]);
        ensure_eq!(t[3].playlists().load(conn)?, vec![mix.clone(), lists[2].clone()]);
        // A track's rows go with it (Track.playlist_tracks' cascade).
        delete(conn, &t[3])?;
        ensure_eq!(mix.tracks().count().get_result::<i64>(conn)?, 2);
        let left: Vec<(i32, i32)> = playlist_track::table
            .order_by((playlist_track::playlist_id, playlist_track::track_id))
            .select((playlist_track::playlist_id, playlist_track::track_id))
            .load(conn)?;
        ensure_eq!(left, vec![(1, 1), (1, 2)]);
        Ok(())
    }

    fn backrefs_work_both_ways(conn) {
        use diesel_relations_seeds::schema::{orders, players, teams};
        use diesel_relations_seeds::seeds::{shop, teams as league};
        diesel::insert_into(teams::table).values((teams::id.eq(1), teams::name.eq("Piggers"), teams::city.eq("Austin"))).execute(conn)?;
        let team: league::Team = teams::table.find(1).select(league::Team::as_select()).get_result(conn)?;
        team.players().insert(conn, [league::NewPlayer { name: "Joe", position: "QB" }])?;
        let player: league::Player = players::table.select(league::Player::as_select()).get_result(conn)?;
        ensure_eq!(player.team_id, 1);
        ensure_eq!(player.team().get(conn)?, team);

        let ada = new_customer!(conn, "Ada");
        let ada: shop::Customer = diesel_relations_seeds::schema::customers::table.find(ada.id).select(shop::Customer::as_select()).get_result(conn)?;
        ada.orders().insert(conn, [shop::NewOrder { order_number: "1" }])?;
        let order: shop::Order = orders::table.select(shop::Order::as_select()).get_result(conn)?;
        ensure_eq!(order.customer().get(conn)?, Some(ada.clone()));
        diesel::insert_into(orders::table).values(orders::order_number.eq("2")).execute(conn)?;
        let lone: shop::Order = orders::table.filter(orders::order_number.eq("2")).select(shop::Order::as_select()).get_result(conn)?;
        ensure_eq!(lone.customer().get(conn)?, None);
        Ok(())
    }
}

/// Drops the UNIQUE constraint of favourites.parent_id, keeping the
/// foreign key (MySQL needs another index for it first).
trait DropUnique {
    const DROP_UNIQUE: &'static str;
}

impl DropUnique for diesel::SqliteConnection {
    // SQLite cannot drop a constraint: rebuild the table without it.
    const DROP_UNIQUE: &'static str = "
        PRAGMA foreign_keys = OFF;
        CREATE TABLE favourites_new (
            id INTEGER PRIMARY KEY NOT NULL, parent_id INTEGER,
            FOREIGN KEY (parent_id) REFERENCES parents (id));
        INSERT INTO favourites_new SELECT id, parent_id FROM favourites;
        DROP TABLE favourites;
        ALTER TABLE favourites_new RENAME TO favourites;
        PRAGMA foreign_keys = ON;";
}

impl DropUnique for diesel::PgConnection {
    const DROP_UNIQUE: &'static str =
        "ALTER TABLE favourites DROP CONSTRAINT favourites_parent_id_key";
}

#[cfg(feature = "mysql")]
impl DropUnique for diesel::MysqlConnection {
    const DROP_UNIQUE: &'static str =
        "CREATE INDEX favourites_parent_id_plain ON favourites (parent_id); ALTER TABLE favourites DROP INDEX parent_id";
}

/// Runs the per-backend DDL that drops the UNIQUE of favourites.parent_id.
fn drop_unique<C: DropUnique + diesel::connection::SimpleConnection>(
    conn: &mut C,
) -> QueryResult<()> {
    conn.batch_execute(C::DROP_UNIQUE)
}

scratch_tests! {
    fn one_to_one_finding_two_rows_is_an_error_not_the_first(db) {
        let conn = db.conn();
        diesel::insert_into(parents::table).values((parents::id.eq(1), parents::name.eq("p1"))).execute(conn)?;
        let p1 = Parent { id: 1, name: "p1".into() };
        // With the UNIQUE in place, the database refuses the second row.
        let both = vec![
            (favourites::id.eq(1), favourites::parent_id.eq(1)),
            (favourites::id.eq(2), favourites::parent_id.eq(1)),
        ];
        ensure_eq!(diesel::insert_into(favourites::table).values(both.clone()).execute(conn).is_err(), true);
        ensure_eq!(p1.favourite().get(conn)?, None);
        // Without it, two rows get in, and the one-to-one says so instead
        // of returning the first.
        drop_unique(conn)?;
        diesel::insert_into(favourites::table).values(both).execute(conn)?;
        match p1.favourite().get(conn) {
            Err(e @ RelationError::MultipleRows { .. }) => ensure_eq!(
                e.to_string(),
                "Parent.favourite: found more than one Favourite row with favourites.parent_id = 1, \
                 but a one-to-one allows one: make favourites.parent_id UNIQUE"
            ),
            other => return Err(format!("expected MultipleRows, got {other:?}").into()),
        }
        Ok(())
    }
}
