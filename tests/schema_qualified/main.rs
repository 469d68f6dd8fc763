//! Relationships to, from and through tables of a PostgreSQL schema other
//! than `public` (`table! { billing.customers .. }`, as `diesel
//! print-schema --schema billing` writes them), on PostgreSQL when
//! `PG_DATABASE_URL` is set (trials `postgres::schema_qualified::test`).
//!
//! PostgreSQL only: a schema of this kind is PostgreSQL's (MySQL's
//! `db.table` names another database, SQLite's an attached one). Each test
//! creates the schema `billing` inside the harness's own database, in the
//! test's transaction, which is rolled back: nothing is left behind. Its own
//! test binary, so that the `relations` binary's registry and diagram do not
//! count these models among the seeds.

#[allow(dead_code, unused_macros)]
#[macro_use]
#[path = "../relations/harness.rs"]
mod harness;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::PgConnection;
use diesel_relations::{LoadRelated, Relations};

/// What `diesel print-schema --schema billing` writes for the migration's
/// tables of `billing`, and the Diesel schema of its `public` tables.
pub mod schema {
    pub mod billing {
        diesel::table! {
            billing.customers (id) {
                id -> Int4,
                name -> Text,
            }
        }

        diesel::table! {
            billing.invoices (id) {
                id -> Int4,
                customer_id -> Int4,
                amount -> Int4,
            }
        }

        diesel::table! {
            billing.customer_tags (customer_id, tag_id) {
                customer_id -> Int4,
                tag_id -> Int4,
            }
        }

        diesel::table! {
            billing.refunds (id) {
                id -> Int4,
                customer_id -> Nullable<Int4>,
                amount -> Int4,
            }
        }

        diesel::joinable!(invoices -> customers (customer_id));
        diesel::joinable!(refunds -> customers (customer_id));
        diesel::joinable!(customer_tags -> customers (customer_id));
        diesel::allow_tables_to_appear_in_same_query!(customers, invoices, customer_tags, refunds);
    }

    diesel::table! {
        sq_tags (id) {
            id -> Int4,
            label -> Text,
        }
    }

    diesel::table! {
        sq_notes (id) {
            id -> Int4,
            customer_id -> Nullable<Int4>,
            body -> Text,
        }
    }

    use self::billing::{customer_tags, customers, invoices};
    diesel::joinable!(customer_tags -> sq_tags (tag_id));
    diesel::joinable!(sq_notes -> customers (customer_id));
    diesel::allow_tables_to_appear_in_same_query!(sq_tags, sq_notes, customers);
    diesel::allow_tables_to_appear_in_same_query!(sq_tags, customer_tags);
    diesel::allow_tables_to_appear_in_same_query!(sq_tags, invoices);
    diesel::allow_tables_to_appear_in_same_query!(sq_notes, customer_tags);
    diesel::allow_tables_to_appear_in_same_query!(sq_notes, invoices);
}

use schema::billing::{customer_tags, customers, invoices, refunds};
use schema::{sq_notes, sq_tags};

/// A customer of `billing.customers`: relationships from it to a table of its
/// schema, to one of `public`, and through an association table of its schema.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relations(migrations = "tests/schema_qualified/migrations")]
#[relationship(invoices: Vec<Invoice>, back_populates = customer, order_by = invoices::id)]
#[relationship(notes: Vec<Note>, back_populates = customer, order_by = sq_notes::id)]
#[relationship(tags: Vec<Tag>, secondary = customer_tags(customer_id, tag_id), back_populates = customers)]
pub struct Customer {
    pub id: i32,
    pub name: String,
}

/// An invoice of `billing.invoices`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relations(migrations = "tests/schema_qualified/migrations")]
#[relationship(customer: Customer, foreign_key = customer_id, back_populates = invoices)]
pub struct Invoice {
    pub id: i32,
    pub customer_id: i32,
    pub amount: i32,
}

/// An invoice to insert through `customer.invoices()`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = invoices)]
pub struct NewInvoice {
    pub amount: i32,
}

/// A note of `public.sq_notes`, whose foreign key is into `billing`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = sq_notes)]
#[relations(migrations = "tests/schema_qualified/migrations")]
#[relationship(customer: Option<Customer>, foreign_key = customer_id, back_populates = notes)]
pub struct Note {
    pub id: i32,
    pub customer_id: Option<i32>,
    pub body: String,
}

/// A refund of `billing.refunds`, whose collection on `Customer` is a
/// backref: deleting a customer sets its refunds' key to NULL by the
/// statement the library writes from the registry's names.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = refunds)]
#[relations(migrations = "tests/schema_qualified/migrations")]
#[relationship(customer: Option<Customer>, foreign_key = customer_id, backref = refunds)]
pub struct Refund {
    pub id: i32,
    pub customer_id: Option<i32>,
    pub amount: i32,
}

/// A tag of `public.sq_tags`, linked to customers through `billing.customer_tags`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = sq_tags)]
#[relations(migrations = "tests/schema_qualified/migrations")]
#[relationship(customers: Vec<Customer>, secondary = customer_tags, back_populates = tags, order_by = customers::id)]
pub struct Tag {
    pub id: i32,
    pub label: String,
}

type TestResult = harness::TestResult;

/// The migration, in the test's transaction; two customers, their invoices,
/// notes and tags. Returns the customers in id order.
fn setup(
    conn: &mut PgConnection,
) -> Result<Vec<Customer>, Box<dyn std::error::Error + Send + Sync>> {
    conn.batch_execute(include_str!("migrations/2026-12-03-000001_billing/up.sql"))?;
    diesel::insert_into(customers::table)
        .values([customers::name.eq("Ada"), customers::name.eq("Lin")])
        .execute(conn)?;
    let all: Vec<Customer> = customers::table
        .order_by(customers::id)
        .select(Customer::as_select())
        .load(conn)?;
    all[0]
        .invoices()
        .insert(conn, [NewInvoice { amount: 5 }, NewInvoice { amount: 7 }])?;
    all[1]
        .invoices()
        .insert(conn, [NewInvoice { amount: 11 }])?;
    diesel::insert_into(sq_notes::table)
        .values([
            (
                sq_notes::customer_id.eq(Some(all[1].id)),
                sq_notes::body.eq("call back"),
            ),
            (
                sq_notes::customer_id.eq(None),
                sq_notes::body.eq("nobody's"),
            ),
            (
                sq_notes::customer_id.eq(Some(all[1].id)),
                sq_notes::body.eq("paid"),
            ),
        ])
        .execute(conn)?;
    diesel::insert_into(sq_tags::table)
        .values([sq_tags::label.eq("vip"), sq_tags::label.eq("late")])
        .execute(conn)?;
    Ok(all)
}

fn invoices_by_hand(conn: &mut PgConnection, customer: i32) -> QueryResult<Vec<Invoice>> {
    invoices::table
        .filter(invoices::customer_id.eq(customer))
        .order_by(invoices::id)
        .select(Invoice::as_select())
        .load(conn)
}

fn notes_by_hand(conn: &mut PgConnection, customer: i32) -> QueryResult<Vec<Note>> {
    sq_notes::table
        .filter(sq_notes::customer_id.eq(customer))
        .order_by(sq_notes::id)
        .select(Note::as_select())
        .load(conn)
}

/// Within `billing`: the collection and its scalar, lazily and eagerly.
fn loads_within_the_schema(conn: &mut PgConnection) -> TestResult {
    let all = setup(conn)?;
    let (ada, lin) = (&all[0], &all[1]);
    let adas = invoices_by_hand(conn, ada.id)?;
    ensure_eq!(
        adas.iter().map(|i| i.amount).collect::<Vec<_>>(),
        vec![5, 7]
    );
    ensure_eq!(ada.invoices().load(conn)?, adas);
    ensure_eq!(lin.invoices().load(conn)?, invoices_by_hand(conn, lin.id)?);
    ensure_eq!(ada.invoices().count().get_result::<i64>(conn)?, 2);
    for invoice in &adas {
        ensure_eq!(invoice.customer().get(conn)?, ada.clone());
    }

    let grouped = all.load_related(conn, Customer::invoices)?;
    let expected = all
        .iter()
        .map(|c| invoices_by_hand(conn, c.id))
        .collect::<QueryResult<Vec<_>>>()?;
    ensure_eq!(grouped, expected);

    let every: Vec<Invoice> = invoices::table
        .order_by(invoices::id)
        .select(Invoice::as_select())
        .load(conn)?;
    let owners: Vec<Customer> = invoices::table
        .inner_join(customers::table)
        .order_by(invoices::id)
        .select(Customer::as_select())
        .load(conn)?;
    ensure_eq!(every.load_related(conn, Invoice::customer)?, owners);
    Ok(())
}

/// Across schemas: `public.sq_notes` into `billing.customers` and back.
fn loads_across_schemas(conn: &mut PgConnection) -> TestResult {
    let all = setup(conn)?;
    let lin = &all[1];
    let lins = notes_by_hand(conn, lin.id)?;
    ensure_eq!(
        lins.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        vec!["call back", "paid"]
    );
    ensure_eq!(lin.notes().load(conn)?, lins);
    ensure_eq!(all[0].notes().load(conn)?, vec![]);

    let notes: Vec<Note> = sq_notes::table
        .order_by(sq_notes::id)
        .select(Note::as_select())
        .load(conn)?;
    let expected: Vec<Option<Customer>> = notes
        .iter()
        .map(|n| {
            n.customer_id
                .map(|id| {
                    customers::table
                        .find(id)
                        .select(Customer::as_select())
                        .get_result(conn)
                })
                .transpose()
        })
        .collect::<QueryResult<_>>()?;
    ensure_eq!(expected[1], None);
    for (note, customer) in notes.iter().zip(&expected) {
        ensure_eq!(note.customer().get(conn)?, customer.clone());
    }
    ensure_eq!(notes.load_related(conn, Note::customer)?, expected);

    let grouped = all.load_related(conn, Customer::notes)?;
    let by_hand = all
        .iter()
        .map(|c| notes_by_hand(conn, c.id))
        .collect::<QueryResult<Vec<_>>>()?;
    ensure_eq!(grouped, by_hand);
    Ok(())
}

/// Through `billing.customer_tags`: links written and deleted by the
/// library's own statements, read back lazily, eagerly and by hand.
fn links_through_an_association_table_of_the_schema(conn: &mut PgConnection) -> TestResult {
    let all = setup(conn)?;
    let (ada, lin) = (&all[0], &all[1]);
    let tags: Vec<Tag> = sq_tags::table
        .order_by(sq_tags::id)
        .select(Tag::as_select())
        .load(conn)?;
    let (vip, late) = (&tags[0], &tags[1]);
    ada.tags().link(conn, [vip, late])?;
    lin.tags().link(conn, [late])?;
    ada.tags().link(conn, [vip])?; // linked already: no second row

    let rows: Vec<(i32, i32)> = customer_tags::table
        .order_by((customer_tags::customer_id, customer_tags::tag_id))
        .select((customer_tags::customer_id, customer_tags::tag_id))
        .load(conn)?;
    ensure_eq!(
        rows,
        vec![(ada.id, vip.id), (ada.id, late.id), (lin.id, late.id)]
    );
    let labels = |c: &Customer, conn: &mut PgConnection| -> diesel_relations::Result<Vec<String>> {
        let mut l: Vec<String> = c.tags().load(conn)?.into_iter().map(|t| t.label).collect();
        l.sort();
        Ok(l)
    };
    ensure_eq!(
        labels(ada, conn)?,
        vec!["late".to_owned(), "vip".to_owned()]
    );
    ensure_eq!(late.customers().load(conn)?, vec![ada.clone(), lin.clone()]);
    ensure_eq!(
        tags.load_related(conn, Tag::customers)?,
        vec![vec![ada.clone()], vec![ada.clone(), lin.clone()]]
    );

    ada.tags().unlink(conn, [late])?;
    ensure_eq!(labels(ada, conn)?, vec!["vip".to_owned()]);
    ada.tags().set(conn, [late])?;
    ensure_eq!(labels(ada, conn)?, vec!["late".to_owned()]);
    ada.tags().clear(conn)?;
    let left: Vec<(i32, i32)> = customer_tags::table
        .select((customer_tags::customer_id, customer_tags::tag_id))
        .load(conn)?;
    ensure_eq!(left, vec![(lin.id, late.id)]);
    Ok(())
}

/// The library reads a qualified table's schema and name out of Diesel's
/// private component (`SqlTableName`): they are what Diesel's `Debug` shows.
fn qualified_table_names_read_as_diesel_writes_them() -> Result<(), libtest_mimic::Failed> {
    use diesel::internal::table_macro::StaticQueryFragment;
    use diesel_relations::__private::SqlTableName;
    fn read<T: SqlTableName + StaticQueryFragment<Component: std::fmt::Debug>>() -> (String, String)
    {
        (
            format!("{}.{}", T::SCHEMA, T::NAME),
            format!("{:?}", T::STATIC_COMPONENT),
        )
    }
    for (read, debug) in [
        read::<customers::table>(),
        read::<customer_tags::table>(),
        read::<sq_tags::table>(),
    ] {
        let expected = match read.split_once('.') {
            Some(("", name)) => format!("Identifier({name:?})"),
            Some((schema, name)) => format!(
                "InfixNode {{ lhs: Identifier({schema:?}), rhs: Identifier({name:?}), middle: \".\" }}"
            ),
            None => unreachable!(),
        };
        if debug != expected {
            return Err(format!("read {read}, but Diesel shows {debug}").into());
        }
    }
    Ok(())
}

/// Deleting a customer of `billing`: the links of `billing.customer_tags`
/// go, the backref's `billing.refunds` rows and `public.sq_notes` rows are
/// released (key set to NULL), other customers' rows stay.
fn delete_releases_rows_in_the_schema(conn: &mut PgConnection) -> TestResult {
    let all = setup(conn)?;
    diesel::insert_into(customers::table)
        .values(customers::name.eq("Noor"))
        .execute(conn)?;
    let noor: Customer = customers::table
        .filter(customers::name.eq("Noor"))
        .select(Customer::as_select())
        .get_result(conn)?;
    diesel::insert_into(refunds::table)
        .values([
            (
                refunds::customer_id.eq(Some(noor.id)),
                refunds::amount.eq(3),
            ),
            (
                refunds::customer_id.eq(Some(all[0].id)),
                refunds::amount.eq(4),
            ),
        ])
        .execute(conn)?;
    diesel::insert_into(sq_notes::table)
        .values((
            sq_notes::customer_id.eq(Some(noor.id)),
            sq_notes::body.eq("noor's"),
        ))
        .execute(conn)?;
    let vip: Tag = sq_tags::table
        .filter(sq_tags::label.eq("vip"))
        .select(Tag::as_select())
        .get_result(conn)?;
    noor.tags().link(conn, [&vip])?;
    all[0].tags().link(conn, [&vip])?;
    ensure_eq!(noor.refunds().load(conn)?.len(), 1);

    ensure_eq!(diesel_relations::delete(conn, &noor)?, 1);
    let refund_keys: Vec<(i32, Option<i32>)> = refunds::table
        .order_by(refunds::amount)
        .select((refunds::amount, refunds::customer_id))
        .load(conn)?;
    ensure_eq!(refund_keys, vec![(3, None), (4, Some(all[0].id))]);
    let note: Option<i32> = sq_notes::table
        .filter(sq_notes::body.eq("noor's"))
        .select(sq_notes::customer_id)
        .get_result(conn)?;
    ensure_eq!(note, None);
    let links: Vec<i32> = customer_tags::table
        .select(customer_tags::customer_id)
        .load(conn)?;
    ensure_eq!(links, vec![all[0].id]);
    let left: i64 = customers::table.count().get_result(conn)?;
    ensure_eq!(left, 2);
    Ok(())
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let group = "schema_qualified";
    let trials = vec![
        libtest_mimic::Trial::test(
            "schema_qualified::qualified_table_names_read_as_diesel_writes_them",
            qualified_table_names_read_as_diesel_writes_them,
        ),
        harness::trial::<PgConnection>(group, "loads_within_the_schema", loads_within_the_schema),
        harness::trial::<PgConnection>(group, "loads_across_schemas", loads_across_schemas),
        harness::trial::<PgConnection>(
            group,
            "delete_releases_rows_in_the_schema",
            delete_releases_rows_in_the_schema,
        ),
        harness::trial::<PgConnection>(
            group,
            "links_through_an_association_table_of_the_schema",
            links_through_an_association_table_of_the_schema,
        ),
    ];
    let conclusion = libtest_mimic::run(&args, trials);
    harness::drop_server_databases();
    conclusion.exit();
}
