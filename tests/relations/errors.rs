//! Bad input gets a typed error naming the relationship, never a panic.

use super::harness::TestBackend;
use diesel::prelude::*;
use diesel_relations::RelationError;
use diesel_relations_seeds::schema::{customers, invoices};
use diesel_relations_seeds::seeds::invoicing::{Invoice, NewInvoice};

backend_tests! {
    fn a_parent_row_that_is_gone_is_missing_target(conn) {
        let gopal = new_customer!(conn, "Gopal");
        gopal.invoices().insert(conn, [NewInvoice { invno: 1, amount: 1 }])?;
        // Delete the parent behind the relationship's back.
        TestBackend::disable_foreign_key_checks(conn)?;
        diesel::delete(customers::table.find(gopal.id)).execute(conn)?;

        let invoice: Invoice = invoices::table.select(Invoice::as_select()).get_result(conn)?;
        match invoice.customer().get(conn) {
            Err(error @ RelationError::MissingTarget { .. }) => {
                ensure_eq!(error.relationship(), Some("Invoice.customer"));
                ensure_eq!(
                    error.to_string(),
                    format!(
                        "Invoice.customer: no Customer row has id = {} \
                         (the foreign key invoices.custid points at a row that is gone)",
                        gopal.id
                    )
                );
            }
            other => return Err(format!("expected MissingTarget, got {other:?}").into()),
        }
        Ok(())
    }

    fn inserting_children_of_a_missing_parent_is_a_foreign_key_violation(conn) {
        let gopal = new_customer!(conn, "Gopal");
        diesel::delete(customers::table.find(gopal.id)).execute(conn)?;

        let result = gopal.invoices().insert(conn, [NewInvoice { invno: 1, amount: 1 }, NewInvoice { invno: 2, amount: 2 }]);
        match result {
            Err(error @ RelationError::ForeignKeyViolation { .. }) => {
                ensure_eq!(error.relationship(), Some("Customer.invoices"));
                let text = error.to_string();
                if !text.starts_with("Customer.invoices: the database rejected the write on invoices.custid: ") {
                    return Err(format!("unexpected message: {text}").into());
                }
            }
            other => return Err(format!("expected ForeignKeyViolation, got {other:?}").into()),
        }
        // Nothing was written, and the connection is still usable.
        let count: i64 = invoices::table.count().get_result(conn)?;
        ensure_eq!(count, 0);
        Ok(())
    }
}
