//! Every call takes a pooled connection (r2d2's `PooledConnection` through
//! Diesel's `ConnectionManager`) as it takes a plain one: graph writes,
//! lazy handles, eager loads, association upkeep. Each test has a database
//! of its own, since the pool opens connections of its own.

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool, R2D2Connection};
use diesel_relations::graph::{insert_children, insert_rows, link_all};
use diesel_relations::LoadRelated;
use diesel_relations_seeds::schema::{authors, authors_books, books, customers, invoices};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::invoicing::{Customer, NewInvoice};

// `treat_none_as_default_value = false`: SQLite writes one multi-row
// INSERT with RETURNING only for rows without DEFAULT placeholders.
#[derive(Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct NewCustomer {
    name: String,
}

#[derive(Insertable)]
#[diesel(table_name = authors, treat_none_as_default_value = false)]
struct NewAuthor {
    name: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = books, treat_none_as_default_value = false)]
struct NewBook {
    title: &'static str,
}

/// A pool of two connections to the test's database.
fn pool<B>(
    db: &crate::harness::Scratch<B>,
) -> Result<Pool<ConnectionManager<B>>, Box<dyn std::error::Error + Send + Sync>>
where
    B: crate::harness::ScratchBackend + R2D2Connection + Send,
{
    Ok(Pool::builder()
        .max_size(2)
        .build(ConnectionManager::<B>::new(db.url.clone()))?)
}

scratch_tests! {
    fn graph_writes_and_loads_take_pooled_connections(db) {
        let pool = pool(db)?;
        // Two connections out of the pool at once, each writing.
        let mut first = pool.get()?;
        let mut second = pool.get()?;
        let mut all = Vec::new();
        for (conn, prefix) in [(&mut first, "a"), (&mut second, "b")] {
            let names: Vec<String> = (0..3).map(|i| format!("{prefix}{i}")).collect();
            let keys = insert_rows::<Customer, _, _>(
                conn,
                names.iter().map(|name| NewCustomer { name: name.clone() }).collect(),
            )?;
            let groups = keys.iter().enumerate().map(|(i, k)| {
                (*k, (0..=i).map(|j| NewInvoice { invno: (10 * i + j) as i32, amount: 1 }).collect::<Vec<_>>())
            });
            let invoice_keys = insert_children(conn, Customer::invoices, groups)?;
            ensure_eq!(invoice_keys.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 2, 3]);
            all.extend(keys.into_iter().zip(names));
        }
        // Read back through the pool: each customer has its own invoices,
        // lazily and eagerly.
        let conn = &mut first;
        let customers: Vec<Customer> = customers::table.order_by(customers::id).select(Customer::as_select()).load(conn)?;
        ensure_eq!(customers.iter().map(|c| (c.id, c.name.clone())).collect::<Vec<_>>(), all);
        let eager = customers.load_related(conn, Customer::invoices)?;
        for (i, (customer, invoices)) in customers.iter().zip(&eager).enumerate() {
            let lazy: Vec<i32> = customer.invoices().load(conn)?.iter().map(|v| v.invno).collect();
            let want: Vec<i32> = (0..=(i % 3)).map(|j| (10 * (i % 3) + j) as i32).collect();
            ensure_eq!(lazy, want);
            ensure_eq!(invoices.iter().map(|v| v.invno).collect::<Vec<_>>(), want);
            ensure_eq!(invoices.iter().all(|v| v.custid == customer.id), true);
        }
        let n: i64 = invoices::table.count().get_result(conn)?;
        ensure_eq!(n, 12);
        Ok(())
    }

    fn association_upkeep_takes_pooled_connections(db) {
        let pool = pool(db)?;
        let conn = &mut pool.get()?;
        let author_keys = insert_rows::<Author, _, _>(conn, vec![NewAuthor { name: "a1" }, NewAuthor { name: "a2" }])?;
        let book_keys = insert_rows::<Book, _, _>(conn, vec![NewBook { title: "b1" }, NewBook { title: "b2" }])?;
        let a: Vec<Author> = authors::table.order_by(authors::id).select(Author::as_select()).load(conn)?;
        let b: Vec<Book> = books::table.order_by(books::id).select(Book::as_select()).load(conn)?;
        ensure_eq!(a.iter().map(|x| x.id).collect::<Vec<_>>(), author_keys);
        ensure_eq!(b.iter().map(|x| x.id).collect::<Vec<_>>(), book_keys);
        let inserted = link_all(conn, Book::authors, [(&b[0], vec![&a[0], &a[1]]), (&b[1], vec![&a[1]])])?;
        ensure_eq!(inserted, 3);
        b[1].authors().link(conn, [&a[0]])?;
        b[0].authors().unlink(conn, [&a[1]])?;
        let rows: Vec<(i32, i32)> = authors_books::table
            .order_by((authors_books::book_id, authors_books::author_id))
            .select((authors_books::book_id, authors_books::author_id))
            .load(conn)?;
        ensure_eq!(rows, vec![(b[0].id, a[0].id), (b[1].id, a[0].id), (b[1].id, a[1].id)]);
        let names: Vec<String> = b[1].authors().load(conn)?.into_iter().map(|x| x.name).collect();
        ensure_eq!(names, vec!["a1".to_owned(), "a2".to_owned()]);
        Ok(())
    }
}
