//! examples/invoice_service.rs over loopback: the service on 127.0.0.1:0
//! with a bb8 pool of `AsyncPgConnection`s, called with a plain HTTP/1.1
//! request on a TCP stream; its JSON compared with what synchronous lazy
//! loading reads (PostgreSQL, ignored without `PG_DATABASE_URL`).

#[path = "../../examples/invoice_service.rs"]
mod invoice_service;

use crate::{runtime, url_of, Backend, Postgres, TestResult};
use diesel::prelude::*;
use diesel_relations_seeds::schema::customers;
use diesel_relations_seeds::seeds::invoicing::{Customer, NewCustomer, NewInvoice};
use libtest_mimic::{Failed, Trial};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub fn trials() -> Vec<Trial> {
    let available = std::env::var_os("PG_DATABASE_URL").is_some();
    vec![Trial::test(
        format!("{}::invoice_service_over_loopback", Postgres::NAME),
        || over_loopback().map_err(|e| Failed::from(format!("{e}\n  ({e:?})"))),
    )
    .with_ignored_flag(!available)]
}

/// `GET path` on `addr`: the status code and the body.
async fn get(
    addr: std::net::SocketAddr,
    path: &str,
) -> Result<(u16, String), Box<dyn std::error::Error + Send + Sync>> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    let (head, body) = response.split_once("\r\n\r\n").ok_or("no end of headers")?;
    let status = head.split(' ').nth(1).ok_or("no status")?.parse()?;
    Ok((status, body.to_owned()))
}

fn over_loopback() -> TestResult {
    let url = url_of::<Postgres>()?;
    let mut sync = PgConnection::establish(&url)?;
    // A customer of this test's own, committed, so the pool sees it.
    let name = format!("service customer {}", std::process::id());
    let id: i32 = diesel::insert_into(customers::table)
        .values(&NewCustomer {
            name: &name,
            address: "Quay 1",
            email: "s@example.com",
        })
        .returning(customers::id)
        .get_result(&mut sync)?;
    let customer: Customer = customers::table
        .find(id)
        .select(Customer::as_select())
        .first(&mut sync)?;
    customer.invoices().insert(
        &mut sync,
        [
            NewInvoice {
                invno: 2,
                amount: 20,
            },
            NewInvoice {
                invno: 1,
                amount: 10,
            },
        ],
    )?;
    let expected = invoice_service::to_json(&customer, &customer.invoices().load(&mut sync)?);

    runtime()?.block_on(async {
        let pool = invoice_service::pool(&url, 2).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(invoice_service::serve(listener, pool));
        let (status, body) = get(addr, &format!("/customers/{id}")).await?;
        crate::ensure_eq!(status, 200);
        let got: serde_json::Value = serde_json::from_str(&body)?;
        crate::ensure_eq!(got, expected);
        crate::ensure_eq!(got["invoices"].as_array().map(Vec::len), Some(2));
        // Two requests at once, each on a pooled connection of its own.
        let path = format!("/customers/{id}");
        let a = tokio::spawn(async move { get(addr, &path).await });
        let b = tokio::spawn(get(addr, "/customers/-1"));
        crate::ensure_eq!(a.await??.0, 200);
        crate::ensure_eq!(b.await??.0, 404);
        server.abort();
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    })?;
    Ok(())
}
