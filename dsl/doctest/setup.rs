// The hidden first line of the crate's doctests, as in Diesel's own docs:
//
//     # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//
// It declares the Diesel schema of doctest/migrations (the same tables,
// as `diesel print-schema` would write them, `joinable!` included) and
// `connection()`, an in-memory SQLite database with those migrations
// applied and a few rows in each table. The derive checks the doctests'
// models against the same migrations at compile time (dsl/diesel.toml).

#[allow(unused_imports)]
use diesel::prelude::*;
#[allow(unused_imports)]
use schema::*;

#[allow(dead_code)]
mod schema {
    diesel::table! {
        customers (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        invoices (id) {
            id -> Integer,
            custid -> Integer,
            amount -> Integer,
        }
    }
    diesel::table! {
        invoice_lines (id) {
            id -> Integer,
            invoice_id -> Integer,
            item -> Text,
        }
    }
    diesel::table! {
        users (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        posts (id) {
            id -> Integer,
            author_id -> Nullable<Integer>,
            title -> Text,
        }
    }
    diesel::table! {
        comments (id) {
            id -> Integer,
            post_id -> Integer,
            body -> Text,
        }
    }
    diesel::table! {
        parents (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        favourites (id) {
            id -> Integer,
            parent_id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        authors (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        books (id) {
            id -> Integer,
            title -> Text,
        }
    }
    diesel::table! {
        authors_books (author_id, book_id) {
            author_id -> Integer,
            book_id -> Integer,
        }
    }
    diesel::table! {
        signoffs (id) {
            id -> Integer,
            author_id -> Integer,
            book_id -> Integer,
            note -> Text,
        }
    }
    diesel::table! {
        teams (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        players (id) {
            id -> Integer,
            team_id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        employees (id) {
            id -> Integer,
            name -> Text,
            reports_to -> Nullable<Integer>,
        }
    }
    diesel::table! {
        addresses (id) {
            id -> Integer,
            city -> Text,
        }
    }
    diesel::table! {
        shipments (id) {
            id -> Integer,
            billing_address_id -> Integer,
            shipping_address_id -> Integer,
        }
    }

    // What print-schema writes: a joinable! for each pair of tables linked
    // by exactly one foreign key; none for employees (self-referential) or
    // for shipments -> addresses (two keys): the migrations prove those.
    diesel::joinable!(invoices -> customers (custid));
    diesel::joinable!(invoice_lines -> invoices (invoice_id));
    diesel::joinable!(posts -> users (author_id));
    diesel::joinable!(comments -> posts (post_id));
    diesel::joinable!(favourites -> parents (parent_id));
    diesel::joinable!(authors_books -> authors (author_id));
    diesel::joinable!(authors_books -> books (book_id));
    diesel::joinable!(players -> teams (team_id));

    // Through authors_books' composite key: a one-to-one and a many-to-many.
    diesel::table! {
        contracts (id) {
            id -> Integer,
            author_id -> Integer,
            book_id -> Integer,
            terms -> Text,
        }
    }
    diesel::table! {
        reviewers (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        authorship_reviewers (author_id, book_id, reviewer_id) {
            author_id -> Integer,
            book_id -> Integer,
            reviewer_id -> Integer,
        }
    }
    diesel::allow_tables_to_appear_in_same_query!(
        authors_books,
        contracts,
        reviewers,
        authorship_reviewers,
    );

    diesel::allow_tables_to_appear_in_same_query!(
        customers,
        invoices,
        invoice_lines,
        users,
        posts,
        comments,
        parents,
        favourites,
        authors,
        books,
        authors_books,
        signoffs,
        teams,
        players,
        employees,
        addresses,
        shipments,
    );
}

/// An in-memory SQLite database with the doctests' schema and rows.
#[allow(dead_code)]
fn connection() -> diesel::SqliteConnection {
    use diesel::connection::SimpleConnection;
    let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute("PRAGMA foreign_keys = ON;").unwrap();
    conn.batch_execute(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/doctest/migrations/2026-12-02-000001_schema/up.sql"
    )))
    .unwrap();
    conn.batch_execute(
        "INSERT INTO customers (id, name) VALUES (1, 'Alice'), (2, 'Bob');
         INSERT INTO invoices (id, custid, amount) VALUES (1, 1, 100), (2, 1, 250), (3, 2, 75);
         INSERT INTO invoice_lines (id, invoice_id, item) VALUES (1, 1, 'pens'), (2, 1, 'paper'), (3, 2, 'ink');
         INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'ben');
         INSERT INTO posts (id, author_id, title) VALUES (1, 1, 'Hello'), (2, NULL, 'Anonymous'), (3, 1, 'Again');
         INSERT INTO comments (id, post_id, body) VALUES (1, 1, 'Nice'), (2, 1, '+1'), (3, 3, 'Ok');
         INSERT INTO parents (id, name) VALUES (1, 'Pat'), (2, 'Sam');
         INSERT INTO favourites (id, parent_id, name) VALUES (1, 1, 'kite');
         INSERT INTO authors (id, name) VALUES (1, 'Ann'), (2, 'Bo');
         INSERT INTO books (id, title) VALUES (1, 'Rust'), (2, 'SQL');
         INSERT INTO authors_books (author_id, book_id) VALUES (1, 1), (2, 1), (2, 2);
         INSERT INTO teams (id, name) VALUES (1, 'Reds'), (2, 'Blues');
         INSERT INTO players (id, team_id, name) VALUES (1, 1, 'Ada'), (2, 1, 'Bea'), (3, 2, 'Cy');
         INSERT INTO employees (id, name, reports_to) VALUES (1, 'Grace', NULL), (2, 'Alan', 1), (3, 'Edsger', 1), (4, 'Barbara', 2);
         INSERT INTO addresses (id, city) VALUES (1, 'Oslo'), (2, 'Bergen');
         INSERT INTO shipments (id, billing_address_id, shipping_address_id) VALUES (1, 1, 2);",
    )
    .unwrap();
    conn.batch_execute(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/doctest/migrations/2026-12-07-000070_composite_links/up.sql"
    )))
    .unwrap();
    conn.batch_execute(
        "INSERT INTO contracts (id, author_id, book_id, terms) VALUES (1, 2, 1, 'standard');
         INSERT INTO reviewers (id, name) VALUES (1, 'Cy'), (2, 'Di');
         INSERT INTO authorship_reviewers (author_id, book_id, reviewer_id) VALUES (1, 1, 1), (2, 1, 1), (2, 1, 2);",
    )
    .unwrap();
    conn
}
