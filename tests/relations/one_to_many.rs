//! One-to-many: the collection side (`customer.invoices()`).

use diesel::prelude::*;
use diesel_relations_seeds::schema::{invoices, players, teams};
use diesel_relations_seeds::seeds::invoicing::{Invoice, NewInvoice};
use diesel_relations_seeds::seeds::teams::{Player, Team};

backend_tests! {
    fn loads_only_its_children_in_order_by_order(conn) {
        let gopal = new_customer!(conn, "Gopal");
        let govind = new_customer!(conn, "Govind");
        gopal.invoices().insert(conn, [NewInvoice { invno: 10, amount: 1 }, NewInvoice { invno: 14, amount: 2 }])?;
        govind.invoices().insert(conn, [NewInvoice { invno: 3, amount: 3 }])?;
        gopal.invoices().insert(conn, [NewInvoice { invno: 7, amount: 4 }])?;

        let loaded: Vec<i32> = gopal.invoices().load(conn)?.iter().map(|i| i.invno).collect();
        ensure_eq!(loaded, vec![10, 14, 7]); // order_by = invoices::id, insertion order here
        let loaded: Vec<i32> = govind.invoices().load(conn)?.iter().map(|i| i.invno).collect();
        ensure_eq!(loaded, vec![3]);
        Ok(())
    }

    fn insert_sets_the_foreign_key(conn) {
        let gopal = new_customer!(conn, "Gopal");
        let inserted = gopal.invoices().insert(conn, [NewInvoice { invno: 1, amount: 50 }, NewInvoice { invno: 2, amount: 60 }])?;
        ensure_eq!(inserted, 2);
        // Read back with plain Diesel, not through the relationship.
        let rows: Vec<(i32, i32)> = invoices::table
            .order_by(invoices::id)
            .select((invoices::custid, invoices::invno))
            .load(conn)?;
        ensure_eq!(rows, vec![(gopal.id, 1), (gopal.id, 2)]);
        ensure_eq!(gopal.invoices().insert(conn, Vec::<NewInvoice>::new())?, 0);
        Ok(())
    }

    fn the_handle_is_a_diesel_query(conn) {
        let gopal = new_customer!(conn, "Gopal");
        let other = new_customer!(conn, "Other");
        gopal.invoices().insert(conn, [
            NewInvoice { invno: 1, amount: 15000 },
            NewInvoice { invno: 2, amount: 3850 },
            NewInvoice { invno: 3, amount: 9000 },
        ])?;
        other.invoices().insert(conn, [NewInvoice { invno: 4, amount: 99999 }])?;

        let n: i64 = gopal.invoices().count().get_result(conn)?;
        ensure_eq!(n, 3);
        let big: Vec<i32> = gopal
            .invoices()
            .filter(invoices::amount.gt(5000))
            .order_by(invoices::amount.desc())
            .select(invoices::invno)
            .load(conn)?;
        ensure_eq!(big, vec![1, 3]);
        let first: Vec<Invoice> = gopal.invoices().ordered().limit(1).select(Invoice::as_select()).load(conn)?;
        ensure_eq!(first.len(), 1);
        ensure_eq!(first[0].invno, 1);
        let boxed: Vec<i32> = gopal.invoices().into_boxed().select(invoices::invno).order(invoices::invno.desc()).load(conn)?;
        ensure_eq!(boxed, vec![3, 2, 1]);
        Ok(())
    }

    fn empty_collection_loads_empty(conn) {
        let lonely = new_customer!(conn, "Lonely");
        ensure_eq!(lonely.invoices().load(conn)?, Vec::<Invoice>::new());
        ensure_eq!(lonely.invoices().count().get_result::<i64>(conn)?, 0);
        Ok(())
    }

    fn without_order_by_children_come_in_primary_key_order(conn) {
        // Explicit ids inserted out of order: PostgreSQL returns heap order
        // (5, 2, 9) unless the query orders by the primary key.
        diesel::insert_into(teams::table)
            .values((teams::id.eq(1), teams::name.eq("The Piggers"), teams::city.eq("Austin, TX")))
            .execute(conn)?;
        for id in [5, 2, 9] {
            diesel::insert_into(players::table)
                .values((players::id.eq(id), players::team_id.eq(1), players::name.eq(format!("p{id}")), players::position.eq("Kicker")))
                .execute(conn)?;
        }
        let team: Team = teams::table.find(1).select(Team::as_select()).get_result(conn)?;
        let ids: Vec<i32> = team.players().load(conn)?.iter().map(|p: &Player| p.id).collect();
        ensure_eq!(ids, vec![2, 5, 9]);
        Ok(())
    }
}
