//! A small JSON service: `GET /customers/{id}` answers with the customer
//! and its invoices (seed 000, `src/seeds/invoicing.rs`), loaded through
//! the library's async eager API on a bb8 pool of `AsyncPgConnection`s.
//!
//! ```text
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo run --features async --example invoice_service   # listens on 127.0.0.1:3000
//! curl 127.0.0.1:3000/customers/1
//! {"id":1,"name":"..","address":"..","email":"..","invoices":[{"id":..,"invno":..,"amount":..}]}
//! ```
//!
//! The migrations are applied at start (synchronously, once). tests/async
//! (`service.rs`) starts [`serve`] on 127.0.0.1:0 and calls it over
//! loopback.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use diesel::prelude::*;
use diesel_async::pooled_connection::bb8::Pool;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use diesel_relations::asynchronous::Eager;
use diesel_relations_seeds::schema::customers;
use diesel_relations_seeds::seeds::invoicing::{Customer, Invoice};
use serde_json::{json, Value};

/// The pool the handlers share.
pub type DbPool = Pool<AsyncPgConnection>;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A pool of connections to `url`, at most `size` of them.
pub async fn pool(url: &str, size: u32) -> Result<DbPool, Error> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(url);
    Ok(Pool::builder().max_size(size).build(manager).await?)
}

/// The service's routes.
pub fn app(pool: DbPool) -> Router {
    Router::new()
        .route("/customers/{id}", get(customer))
        .with_state(pool)
}

/// Serves [`app`] on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener, pool: DbPool) -> std::io::Result<()> {
    axum::serve(listener, app(pool)).await
}

/// `GET /customers/{id}`: 404 for a customer that does not exist, 500 with
/// the error's text when the database fails.
async fn customer(
    State(pool): State<DbPool>,
    Path(id): Path<i32>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let failed = |e: &dyn std::fmt::Display| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    let mut conn = pool.get().await.map_err(|e| failed(&e))?;
    let found: Option<Customer> = customers::table
        .find(id)
        .select(Customer::as_select())
        .first(&mut *conn)
        .await
        .optional()
        .map_err(|e| failed(&e))?;
    let Some(found) = found else {
        return Err((StatusCode::NOT_FOUND, format!("no customer {id}")));
    };
    // One query for the invoices, in the relationship's order_by.
    let mut loaded = vec![found]
        .eager(&mut *conn, Customer::invoices)
        .await
        .map_err(|e| failed(&e))?;
    let node = loaded
        .pop()
        .ok_or_else(|| failed(&"the load lost its row"))?;
    Ok(Json(to_json(&node, &node.related)))
}

/// The response body.
pub fn to_json(customer: &Customer, invoices: &[Invoice]) -> Value {
    json!({
        "id": customer.id,
        "name": customer.name,
        "address": customer.address,
        "email": customer.email,
        "invoices": invoices
            .iter()
            .map(|i| json!({ "id": i.id, "invno": i.invno, "amount": i.amount }))
            .collect::<Vec<_>>(),
    })
}

#[allow(dead_code)]
fn main() -> Result<(), Error> {
    let url = std::env::var("DATABASE_URL")
        .or_else(|_| std::env::var("PG_DATABASE_URL"))
        .map_err(|_| "set DATABASE_URL to a PostgreSQL database")?;
    diesel_relations_seeds::db::postgres(&url)?;
    let addr = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let pool = pool(&url, 8).await?;
            let listener = tokio::net::TcpListener::bind(&addr).await?;
            println!("listening on {}", listener.local_addr()?);
            serve(listener, pool).await?;
            Ok(())
        })
}
