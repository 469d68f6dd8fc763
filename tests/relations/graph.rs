//! Graph writes: a level of rows per INSERT, keys back by RETURNING or
//! LAST_INSERT_ID, children pointing at the right parents.

use crate::harness::count_queries;
use diesel::prelude::*;
use diesel_relations::graph::{insert_children, insert_rows, link_all, ROWS_PER_INSERT};
use diesel_relations_seeds::schema::chinook::{customers, invoice_lines, invoices};
use diesel_relations_seeds::schema::{authors, authors_books, books};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::chinook::{Customer, Invoice};
use std::sync::atomic::Ordering::SeqCst;

#[derive(Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct NewCustomer {
    first_name: String,
    last_name: String,
    email: String,
}

/// `treat_none_as_default_value = false` on each of these: otherwise
/// Diesel's derive makes every field "defaultable" and SQLite, which cannot
/// write DEFAULT in a multi-row VALUES, gets one INSERT per row.
#[derive(Insertable)]
#[diesel(table_name = invoices, treat_none_as_default_value = false)]
struct NewInvoice {
    billing_city: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = invoice_lines, treat_none_as_default_value = false)]
struct NewLine {
    track_id: i32,
    unit_price: f64,
    quantity: i32,
}

backend_tests! {
    fn three_levels_in_three_inserts(conn) {
        diesel::insert_into(diesel_relations_seeds::schema::chinook::tracks::table)
            .values((
                diesel_relations_seeds::schema::chinook::tracks::track_id.eq(1),
                diesel_relations_seeds::schema::chinook::tracks::name.eq("t"),
                diesel_relations_seeds::schema::chinook::tracks::milliseconds.eq(1),
            ))
            .execute(conn)?;
        let queries = count_queries(conn);
        conn.transaction(|conn| {
            let new = (0..3).map(|i| NewCustomer { first_name: "C".into(), last_name: format!("{i}"), email: "c@example.com".into() });
            let customer_keys = insert_rows::<Customer, _, _>(conn, new.collect())?;
            // Customer i gets i + 1 invoices, invoice j of it j + 1 lines.
            let invoice_groups = customer_keys.iter().enumerate().map(|(i, key)| {
                (*key, (0..=i).map(|_| NewInvoice { billing_city: Some(format!("city of {key}")) }).collect::<Vec<_>>())
            });
            let invoice_keys = insert_children(conn, Customer::invoices, invoice_groups)?;
            let line_groups = invoice_keys.iter().flat_map(|keys| keys.iter().enumerate()).map(|(j, key)| {
                (*key, (0..=j).map(|q| NewLine { track_id: 1, unit_price: 0.99, quantity: q as i32 + 1 }).collect::<Vec<_>>())
            });
            insert_children(conn, Invoice::lines, line_groups)?;
            Ok::<_, diesel_relations::RelationError>(())
        })?;
        // BEGIN, a SAVEPOINT, INSERT, RELEASE for each level (and on MySQL
        // the server's innodb_autoinc_lock_mode before and a
        // LAST_INSERT_ID() after each multi-row INSERT), COMMIT: 11, or 17.
        let ran = queries.load(SeqCst);
        if !(11..=17).contains(&ran) {
            return Err(format!("{ran} queries for a three-level graph").into());
        }
        // Read back: every child points at its own parent.
        let all: Vec<Customer> = customers::table.order_by(customers::customer_id).select(Customer::as_select()).load(conn)?;
        ensure_eq!(all.len(), 3);
        let mut shape = Vec::new();
        for (i, c) in all.iter().enumerate() {
            ensure_eq!(c.last_name.clone(), i.to_string());
            let mut per_invoice = Vec::new();
            for invoice in c.invoices().load(conn)? {
                ensure_eq!(invoice.billing_city.clone(), Some(format!("city of {}", c.customer_id)));
                let quantities: Vec<i32> = invoice.lines().load(conn)?.iter().map(|l| l.quantity).collect();
                per_invoice.push(quantities);
            }
            shape.push(per_invoice);
        }
        ensure_eq!(shape, vec![
            vec![vec![1]],
            vec![vec![1], vec![1, 2]],
            vec![vec![1], vec![1, 2], vec![1, 2, 3]],
        ]);
        Ok(())
    }

    fn many_rows_are_chunked_and_keys_stay_in_order(conn) {
        let n = ROWS_PER_INSERT * 2 + 7;
        let new = (0..n).map(|i| NewCustomer { first_name: "C".into(), last_name: format!("{i}"), email: "e".into() });
        let keys = insert_rows::<Customer, _, _>(conn, new.collect())?;
        ensure_eq!(keys.len(), n);
        let back: Vec<(i32, String)> = customers::table.order_by(customers::customer_id).select((customers::customer_id, customers::last_name)).load(conn)?;
        let want: Vec<(i32, String)> = keys.iter().enumerate().map(|(i, k)| (*k, i.to_string())).collect();
        ensure_eq!(back, want);
        Ok(())
    }

    fn link_all_links_many_sources_without_duplicates(conn) {
        for id in 1..=3 {
            diesel::insert_into(authors::table).values((authors::id.eq(id), authors::name.eq(format!("a{id}")))).execute(conn)?;
            diesel::insert_into(books::table).values((books::id.eq(id), books::title.eq(format!("b{id}")))).execute(conn)?;
        }
        let a: Vec<Author> = authors::table.order_by(authors::id).select(Author::as_select()).load(conn)?;
        let b: Vec<Book> = books::table.order_by(books::id).select(Book::as_select()).load(conn)?;
        let rows = |conn: &mut _| -> QueryResult<Vec<(i32, i32)>> {
            authors_books::table
                .order_by((authors_books::book_id, authors_books::author_id))
                .select((authors_books::book_id, authors_books::author_id))
                .load(conn)
        };
        let queries = count_queries(conn);
        let inserted = link_all(conn, Book::authors, [(&b[0], vec![&a[0], &a[1]]), (&b[2], vec![&a[2], &a[2]])])?;
        // BEGIN, the lock of the sources (PostgreSQL, MySQL) or the write
        // lock (SQLite), one read of the existing links (a locking read on
        // MySQL), one INSERT, COMMIT.
        let ran = queries.load(SeqCst);
        if !(3..=5).contains(&ran) {
            return Err(format!("{ran} queries for one link_all").into());
        }
        ensure_eq!(inserted, 3);
        ensure_eq!(rows(conn)?, vec![(1, 1), (1, 2), (3, 3)]);
        // Again, overlapping: only the missing pairs go in.
        let inserted = link_all(conn, Book::authors, [(&b[0], vec![&a[1], &a[2]]), (&b[1], vec![&a[0]])])?;
        ensure_eq!(inserted, 2);
        ensure_eq!(rows(conn)?, vec![(1, 1), (1, 2), (1, 3), (2, 1), (3, 3)]);
        Ok(())
    }
}
