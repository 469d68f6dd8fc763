//! The keys graph writes hand back are the keys the database stored, under
//! every key setting: MySQL's `auto_increment_increment` and
//! `auto_increment_offset` (what Galera and group replication set), a
//! PostgreSQL sequence with a step, keys given in the rows. Every check
//! reads the rows back and compares them with what the call returned.

use diesel::prelude::*;
use diesel_relations::graph::{insert_children, insert_rows, ROWS_PER_INSERT};
use diesel_relations_seeds::schema::{customers, invoices};
use diesel_relations_seeds::seeds::invoicing::{Customer, NewCustomer, NewInvoice};

/// Per backend: how to make the next generated keys of `customers` and
/// `invoices` step by more than one.
pub trait KeyStep: Connection {
    /// Makes generated keys step by `increment` (starting at `offset`
    /// where the backend has one). Undone by the test's rollback (the
    /// sequence on PostgreSQL) or with the session (MySQL's variables).
    fn step_keys(&mut self, increment: u32, offset: u32) -> QueryResult<()>;
    /// The step the backend's keys follow after `step_keys(increment, _)`.
    fn step(increment: u32) -> i32;
    /// Whether keys given in the rows come back (RETURNING); on MySQL the
    /// keys are computed from `AUTO_INCREMENT`, and the docs say to give
    /// none there.
    const GIVEN_KEYS_COME_BACK: bool = true;
}

impl KeyStep for SqliteConnection {
    /// SQLite's rowid is the largest plus one: there is no step to set.
    fn step_keys(&mut self, _increment: u32, _offset: u32) -> QueryResult<()> {
        Ok(())
    }
    fn step(_increment: u32) -> i32 {
        1
    }
}

impl KeyStep for PgConnection {
    fn step_keys(&mut self, increment: u32, _offset: u32) -> QueryResult<()> {
        use diesel::connection::SimpleConnection;
        // DDL takes no bind parameters; `increment` is a number.
        self.batch_execute(&format!(
            "ALTER SEQUENCE customers_id_seq INCREMENT BY {increment}; \
             ALTER SEQUENCE invoices_id_seq INCREMENT BY {increment}"
        ))
    }
    fn step(increment: u32) -> i32 {
        increment as i32
    }
}

#[cfg(feature = "mysql")]
impl KeyStep for MysqlConnection {
    const GIVEN_KEYS_COME_BACK: bool = false;
    fn step_keys(&mut self, increment: u32, offset: u32) -> QueryResult<()> {
        diesel::sql_query("SET SESSION auto_increment_increment = ?, auto_increment_offset = ?")
            .bind::<diesel::sql_types::Unsigned<diesel::sql_types::Integer>, _>(increment)
            .bind::<diesel::sql_types::Unsigned<diesel::sql_types::Integer>, _>(offset)
            .execute(self)?;
        Ok(())
    }
    fn step(increment: u32) -> i32 {
        increment as i32
    }
}

fn new_customers(prefix: &str, n: usize) -> Vec<NewCustomer<'static>> {
    (0..n)
        .map(|i| NewCustomer {
            name: Box::leak(format!("{prefix}{i:04}").into_boxed_str()),
            address: "",
            email: "",
        })
        .collect()
}

/// Inserts customers and their invoices under a key step, and checks the
/// keys returned against the rows read back: each customer's key, each
/// invoice's key, and that each invoice points at the customer it was
/// given to. Invoices span two INSERTs. (A macro: each backend's
/// connection type in turn, without restating the library's bounds.)
macro_rules! children_follow_their_parents {
    ($conn:ident, $increment:expr, $offset:expr) => {{
        let (increment, offset): (u32, u32) = ($increment, $offset);
        // A customer before the new ones, so that a key off by one step
        // would land on a row that exists rather than fail.
        insert_rows::<Customer, _, _>($conn, new_customers("before", 1))?;
        KeyStep::step_keys($conn, increment, offset)?;
        let step = step_of(&*$conn, increment);
        let n = 5;
        let keys = insert_rows::<Customer, _, _>($conn, new_customers("k", n))?;
        ensure_eq!(keys.len(), n);
        for pair in keys.windows(2) {
            ensure_eq!(pair[1] - pair[0], step);
        }
        let back: Vec<(i32, String)> = customers::table
            .order_by(customers::id)
            .select((customers::id, customers::name))
            .load($conn)?;
        let want: Vec<(i32, String)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, format!("k{i:04}")))
            .collect();
        ensure_eq!(back[1..].to_vec(), want);

        // Customer i gets invoices numbered 10000 i + j; ROWS_PER_INSERT + 3
        // in all, so the level is two INSERTs.
        let total = ROWS_PER_INSERT + 3;
        let per = total / n;
        let groups: Vec<(i32, Vec<NewInvoice>)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let count = if i + 1 == n {
                    total - per * (n - 1)
                } else {
                    per
                };
                let invoices = (0..count)
                    .map(|j| NewInvoice {
                        invno: (10_000 * i + j) as i32,
                        amount: 1,
                    })
                    .collect();
                (*k, invoices)
            })
            .collect();
        let invoice_keys = insert_children($conn, Customer::invoices, groups)?;
        for pair in invoice_keys.concat().windows(2) {
            ensure_eq!(pair[1] - pair[0], step);
        }
        let rows: Vec<(i32, i32, i32)> = invoices::table
            .order_by(invoices::id)
            .select((invoices::id, invoices::custid, invoices::invno))
            .load($conn)?;
        ensure_eq!(rows.len(), total);
        let mut want = Vec::new();
        for (i, (customer, keys)) in keys.iter().zip(&invoice_keys).enumerate() {
            for (j, key) in keys.iter().enumerate() {
                want.push((*key, *customer, (10_000 * i + j) as i32));
            }
        }
        ensure_eq!(rows, want);
        Ok(())
    }};
}

/// [`KeyStep::GIVEN_KEYS_COME_BACK`] of a connection.
fn given_keys_come_back<C: KeyStep>(_: &C) -> bool {
    C::GIVEN_KEYS_COME_BACK
}

/// The step a backend's keys follow after `step_keys(increment, _)`.
fn step_of<C: KeyStep>(_: &C, increment: u32) -> i32 {
    C::step(increment)
}

backend_tests! {
    fn keys_follow_a_step_of_two(conn) {
        children_follow_their_parents!(conn, 2, 1)
    }

    fn keys_follow_galeras_step_on_its_second_node(conn) {
        // A three-node Galera cluster's second node.
        children_follow_their_parents!(conn, 3, 2)
    }

    fn keys_given_in_the_rows_come_back(conn) {
        if !given_keys_come_back(&*conn) {
            return Ok(());
        }
        let rows: Vec<_> = [(1007, "x"), (1003, "y"), (1005, "z")]
            .into_iter()
            .map(|(id, name)| (customers::id.eq(id), customers::name.eq(name)))
            .collect();
        let keys = insert_rows::<Customer, _, _>(conn, rows)?;
        ensure_eq!(keys, vec![1007, 1003, 1005]);
        let back: Vec<(i32, String)> = customers::table.order_by(customers::name).select((customers::id, customers::name)).load(conn)?;
        ensure_eq!(back, vec![(1007, "x".to_owned()), (1003, "y".to_owned()), (1005, "z".to_owned())]);
        Ok(())
    }
}

/// Every trial of this group.
pub fn all_trials() -> Vec<libtest_mimic::Trial> {
    trials()
}
