//! Seed 000: customers and invoices, a one-to-many with `back_populates` and
//! `order_by`, walked both ways.
//!
//! Prints exactly what the SQLAlchemy version prints
//! (`tests/expected/customers_invoices.txt`). The models are in
//! `src/seeds/invoicing.rs`.
//!
//! ```text
//! cargo run --example customers_invoices
//! ```

use diesel::prelude::*;
use diesel_relations_seeds::db;
use diesel_relations_seeds::schema::{customers, invoices};
use diesel_relations_seeds::seeds::invoicing::{Customer, Invoice, NewCustomer, NewInvoice};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The scenario, on any SQLite connection with the seed migrations applied.
pub fn run(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    let seed = [
        (
            NewCustomer {
                name: "Gopal Krishna",
                address: "Bank Street Hydarebad",
                email: "gk@gmail.com",
            },
            [
                NewInvoice {
                    invno: 10,
                    amount: 15000,
                },
                NewInvoice {
                    invno: 14,
                    amount: 3850,
                },
            ],
        ),
        (
            NewCustomer {
                name: "Govind Pant",
                address: "Gulmandi Aurangabad",
                email: "gpant@gmail.com",
            },
            [
                NewInvoice {
                    invno: 3,
                    amount: 10000,
                },
                NewInvoice {
                    invno: 4,
                    amount: 5000,
                },
            ],
        ),
    ];
    // One transaction for the whole graph: all of it is written, or none.
    conn.transaction(|conn| {
        for (customer, invoices) in seed {
            let customer: Customer = diesel::insert_into(customers::table)
                .values(&customer)
                .returning(Customer::as_returning())
                .get_result(conn)?;
            // The relationship fills in invoices.custid.
            customer.invoices().insert(conn, invoices)?;
        }
        Ok::<_, Error>(())
    })?;

    let all: Vec<Customer> = customers::table
        .order_by(customers::id)
        .select(Customer::as_select())
        .load(conn)?;
    for c in &all {
        writeln!(out, "customer {} {}", c.id, c.name)?;
        for i in c.invoices().load(conn)? {
            let owner = i.customer().get(conn)?;
            writeln!(
                out,
                "  invoice {} amount {} -> {}",
                i.invno, i.amount, owner.name
            )?;
        }
    }

    let inv: Invoice = invoices::table
        .filter(invoices::invno.eq(4))
        .select(Invoice::as_select())
        .get_result(conn)?;
    writeln!(
        out,
        "invoice 4 belongs to {}",
        inv.customer().get(conn)?.name
    )?;
    Ok(())
}

#[allow(dead_code)] // tests include this file for `run` only
fn main() -> Result<(), Error> {
    let mut conn = db::sqlite(":memory:")?;
    run(&mut conn, &mut std::io::stdout().lock())
}
