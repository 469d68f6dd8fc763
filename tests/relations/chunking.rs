//! Large inputs under each backend's limits: `delete_all` and its cascades
//! over 70 000 keys (MariaDB binds each key, and refuses a statement of
//! more than 65 535 placeholders), and on MariaDB, a bounded number of
//! server-side prepared statements after eager loads of many list lengths
//! (`max_prepared_stmt_count` is shared by every connection of the server).

use diesel::prelude::*;
use diesel_relations::eager::Eager;
use diesel_relations::{delete_all, RelationError};
use diesel_relations_seeds::schema::chinook::{customers, invoice_lines, invoices, tracks};
use diesel_relations_seeds::schema::{association, children, favourites, parents};
use diesel_relations_seeds::seeds::chinook::Invoice;
use diesel_relations_seeds::seeds::parents::Parent;

/// Over MariaDB's 65 535 placeholders per statement.
const MANY: i32 = 70_001;
/// Rows per INSERT while building: under every backend's bind limit.
const BATCH: i32 = 1_000;

backend_tests! {
    /// 70 001 parents, each linked to a child (the association rows go)
    /// and with a favourite (its nullable key is set to NULL): one
    /// `delete_all`, whose statements each carry 70 001 keys.
    fn delete_all_unlinks_and_nullifies_over_seventy_thousand_keys(conn) {
        diesel::insert_into(children::table).values((children::id.eq(1), children::name.eq("c"))).execute(conn)?;
        for start in (1..=MANY).step_by(BATCH as usize) {
            let ids: Vec<i32> = (start..(start + BATCH).min(MANY + 1)).collect();
            let rows: Vec<_> = ids.iter().map(|&id| (parents::id.eq(id), parents::name.eq("p"))).collect();
            diesel::insert_into(parents::table).values(rows).execute(conn)?;
            let links: Vec<_> = ids.iter().map(|&id| (association::parent_id.eq(id), association::child_id.eq(1))).collect();
            diesel::insert_into(association::table).values(links).execute(conn)?;
            let favs: Vec<_> = ids.iter().map(|&id| (favourites::id.eq(id), favourites::parent_id.eq(Some(id)))).collect();
            diesel::insert_into(favourites::table).values(favs).execute(conn)?;
        }
        let all: Vec<Parent> = parents::table.select(Parent::as_select()).load(conn)?;
        ensure_eq!(delete_all(conn, &all)?, MANY as usize);
        ensure_eq!(parents::table.count().get_result::<i64>(conn)?, 0);
        ensure_eq!(association::table.count().get_result::<i64>(conn)?, 0);
        ensure_eq!(favourites::table.filter(favourites::parent_id.is_not_null()).count().get_result::<i64>(conn)?, 0);
        ensure_eq!(favourites::table.count().get_result::<i64>(conn)?, MANY as i64);
        Ok(())
    }

    /// 70 001 invoices with a line each: deleting them cascades into the
    /// lines (`Invoice.lines`, `all, delete-orphan`).
    fn a_cascade_over_seventy_thousand_keys_deletes_every_child(conn) {
        diesel::insert_into(tracks::table)
            .values((tracks::track_id.eq(1), tracks::name.eq("t"), tracks::milliseconds.eq(1)))
            .execute(conn)?;
        diesel::insert_into(customers::table)
            .values((customers::customer_id.eq(1), customers::first_name.eq("C"), customers::last_name.eq("1"), customers::email.eq("c@example.com")))
            .execute(conn)?;
        for start in (1..=MANY).step_by(BATCH as usize) {
            let ids: Vec<i32> = (start..(start + BATCH).min(MANY + 1)).collect();
            let rows: Vec<_> = ids.iter().map(|&id| (invoices::invoice_id.eq(id), invoices::customer_id.eq(1))).collect();
            diesel::insert_into(invoices::table).values(rows).execute(conn)?;
            let lines: Vec<_> = ids.iter().map(|&id| (
                invoice_lines::invoice_line_id.eq(id),
                invoice_lines::invoice_id.eq(id),
                invoice_lines::track_id.eq(1),
                invoice_lines::unit_price.eq(0.99),
                invoice_lines::quantity.eq(1),
            )).collect();
            diesel::insert_into(invoice_lines::table).values(lines).execute(conn)?;
        }
        let all: Vec<Invoice> = invoices::table.select(Invoice::as_select()).load(conn)?;
        // The eager load over as many keys, while they are there.
        let loaded = all.clone().eager(conn, Invoice::lines)?;
        ensure_eq!(loaded.iter().map(|i| i.related.len()).sum::<usize>(), MANY as usize);
        ensure_eq!(delete_all(conn, &all)?, MANY as usize);
        ensure_eq!(invoices::table.count().get_result::<i64>(conn)?, 0);
        ensure_eq!(invoice_lines::table.count().get_result::<i64>(conn)?, 0);
        ensure_eq!(tracks::table.count().get_result::<i64>(conn)?, 1);
        Ok(())
    }

    /// The database refusing the `DELETE` of a model's rows names the
    /// relationship whose foreign key points at them, not the model and
    /// its table: deleting an `invoicing::Customer` that a `shop::Order`
    /// still points at is `Customer.orders` on `orders.customer_id`; the
    /// delete cascade's own statements name theirs.
    fn a_refused_cascade_names_the_relationship_and_the_foreign_key(conn) {
        use diesel_relations_seeds::schema::orders;
        let ada = new_customer!(conn, "Ada");
        diesel::insert_into(orders::table)
            .values((orders::order_number.eq("1"), orders::customer_id.eq(Some(ada.id))))
            .execute(conn)?;
        match diesel_relations::delete(conn, &ada) {
            Err(error @ RelationError::ForeignKeyViolation { .. }) => {
                let RelationError::ForeignKeyViolation { relationship, foreign_key, .. } = &error else { unreachable!() };
                ensure_eq!((*relationship, *foreign_key), ("Customer.orders", "orders.customer_id"));
                let text = error.to_string();
                if !text.starts_with("Customer.orders: the database rejected the write on orders.customer_id: ") {
                    return Err(format!("unexpected message: {text}").into());
                }
            }
            other => return Err(format!("expected ForeignKeyViolation, got {other:?}").into()),
        }
        ensure_eq!(diesel_relations_seeds::schema::customers::table.count().get_result::<i64>(conn)?, 1);
        Ok(())
    }
}

/// MariaDB only: eager loads of 150 different list lengths leave no
/// server-side prepared statement behind per length. Counted on this
/// session (`Com_stmt_prepare` - `Com_stmt_close`), so other connections of
/// the server do not disturb it.
#[cfg(feature = "mysql")]
fn prepared_statements_stay_bounded(
    conn: &mut diesel::MysqlConnection,
) -> crate::harness::TestResult {
    use diesel::sql_types::Text;
    use diesel_relations_seeds::schema::invoices as inv;
    use diesel_relations_seeds::seeds::invoicing::Customer;
    #[derive(QueryableByName)]
    struct Status {
        #[diesel(sql_type = Text, column_name = "Variable_name")]
        name: String,
        #[diesel(sql_type = Text, column_name = "Value")]
        value: String,
    }
    fn open_statements(
        conn: &mut diesel::MysqlConnection,
    ) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        let rows: Vec<Status> =
            diesel::sql_query("SHOW SESSION STATUS LIKE 'Com_stmt_%'").load(conn)?;
        let get = |name: &str| {
            rows.iter()
                .find(|r| r.name == name)
                .map(|r| r.value.parse::<i64>())
                .transpose()
        };
        Ok(get("Com_stmt_prepare")?.unwrap_or(0) - get("Com_stmt_close")?.unwrap_or(0))
    }
    let mut customers: Vec<Customer> = Vec::new();
    for i in 0..150 {
        customers.push(new_customer!(conn, &format!("c{i}")));
    }
    diesel::insert_into(inv::table)
        .values((
            inv::custid.eq(customers[0].id),
            inv::invno.eq(1),
            inv::amount.eq(1),
        ))
        .execute(conn)?;
    // Warm up: the statements every load shares (the customers' own).
    let _ = customers[..1].to_vec().eager(conn, Customer::invoices)?;
    let before = open_statements(conn)?;
    for n in 1..=customers.len() {
        let loaded = customers[..n].to_vec().eager(conn, Customer::invoices)?;
        ensure_eq!(loaded[0].related.len(), 1);
    }
    let after = open_statements(conn)?;
    // One statement per length (150) before the fix; none now, give or
    // take the status query's own.
    if after - before > 10 {
        return Err(format!(
            "{} prepared statements left open by 150 eager loads",
            after - before
        )
        .into());
    }
    Ok(())
}

/// This module's trials: the backend tests and MariaDB's own.
pub fn all_trials() -> Vec<libtest_mimic::Trial> {
    #[allow(unused_mut)]
    let mut all = trials();
    #[cfg(feature = "mysql")]
    all.push(crate::harness::trial::<diesel::MysqlConnection>(
        "chunking",
        "prepared_statements_stay_bounded",
        prepared_statements_stay_bounded,
    ));
    all
}
