//! Collections that name no foreign key take the one the migrations show
//! from the child's table to the parent's (invoices.custid to customers,
//! players.team_id to teams): they load, count, group and insert the rows
//! the explicit declarations of the seeds do.

use diesel::prelude::*;
use diesel_relations::LoadRelated;
use diesel_relations::Relations;
use diesel_relations_seeds::schema::{customers, invoices, players, teams};
use diesel_relations_seeds::seeds::invoicing::{Invoice, NewInvoice};
use diesel_relations_seeds::seeds::teams::{NewPlayer, NewTeam, Player, Team};

/// The seed `Customer` without `back_populates`: `invoices` names no key.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, order_by = invoices::id)]
pub struct Buyer {
    pub id: i32,
    pub name: String,
    pub address: String,
    pub email: String,
}

/// The seed `Team`, whose players the seed declares by a backref on
/// `Player.team`; here a collection that names no key.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = teams)]
#[relationship(players: Vec<Player>)]
pub struct Club {
    pub id: i32,
    pub name: String,
    pub city: String,
}

/// The customer `id` as a `Buyer`.
macro_rules! buyer {
    ($conn:expr, $id:expr) => {
        customers::table
            .find($id)
            .select(Buyer::as_select())
            .first::<Buyer>($conn)
    };
}

backend_tests! {
    fn an_inferred_key_loads_what_the_named_one_loads(conn) {
        let gopal = new_customer!(conn, "Gopal");
        let govind = new_customer!(conn, "Govind");
        gopal.invoices().insert(conn, [NewInvoice { invno: 10, amount: 1 }, NewInvoice { invno: 14, amount: 2 }])?;
        govind.invoices().insert(conn, [NewInvoice { invno: 3, amount: 3 }])?;
        gopal.invoices().insert(conn, [NewInvoice { invno: 7, amount: 4 }])?;

        for customer in [&gopal, &govind] {
            let inferred = buyer!(conn, customer.id)?;
            let named: Vec<Invoice> = customer.invoices().load(conn)?;
            ensure_eq!(inferred.invoices().load(conn)?, named);
            ensure_eq!(inferred.invoices().count().get_result::<i64>(conn)?, named.len() as i64);
        }
        let numbers: Vec<i32> = buyer!(conn, gopal.id)?.invoices().load(conn)?.iter().map(|i| i.invno).collect();
        ensure_eq!(numbers, vec![10, 14, 7]);
        Ok(())
    }

    fn an_inferred_key_groups_eager_loads_by_parent(conn) {
        let gopal = new_customer!(conn, "Gopal");
        let govind = new_customer!(conn, "Govind");
        let lonely = new_customer!(conn, "Lonely");
        gopal.invoices().insert(conn, [NewInvoice { invno: 1, amount: 1 }, NewInvoice { invno: 2, amount: 2 }])?;
        govind.invoices().insert(conn, [NewInvoice { invno: 3, amount: 3 }])?;

        let buyers = [buyer!(conn, gopal.id)?, buyer!(conn, govind.id)?, buyer!(conn, lonely.id)?];
        let grouped = buyers.load_related(conn, Buyer::invoices)?;
        let named = [gopal, govind, lonely].load_related(conn, diesel_relations_seeds::seeds::invoicing::Customer::invoices)?;
        ensure_eq!(grouped, named);
        let numbers: Vec<Vec<i32>> = grouped.iter().map(|g| g.iter().map(|i| i.invno).collect()).collect();
        ensure_eq!(numbers, vec![vec![1, 2], vec![3], vec![]]);
        Ok(())
    }

    fn an_inferred_key_is_set_by_insert(conn) {
        diesel::insert_into(teams::table)
            .values([NewTeam { name: "Piggers", city: "Austin" }, NewTeam { name: "Other", city: "Elsewhere" }].as_slice())
            .execute(conn)?;
        let inserted: Vec<Team> = teams::table.order_by(teams::id).load(conn)?;
        ensure_eq!(inserted.len(), 2);
        let club: Club = teams::table.find(inserted[0].id).select(Club::as_select()).first(conn)?;
        club.players().insert(conn, [NewPlayer { name: "Babe", position: "Kicker" }, NewPlayer { name: "Guy", position: "Goalie" }])?;
        inserted[1].players().insert(conn, [NewPlayer { name: "Sam", position: "Kicker" }])?;
        // Read back with plain Diesel, not through the relationship.
        let rows: Vec<(i32, String)> = players::table
            .order_by(players::id)
            .select((players::team_id, players::name))
            .load(conn)?;
        ensure_eq!(rows, vec![(club.id, "Babe".to_owned()), (club.id, "Guy".to_owned()), (inserted[1].id, "Sam".to_owned())]);
        let named: Vec<Player> = inserted[0].players().load(conn)?;
        ensure_eq!(club.players().load(conn)?, named);
        ensure_eq!(named.len(), 2);
        Ok(())
    }
}
