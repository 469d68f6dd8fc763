//! Declarations the checker once refused (`src/seeds/valid.rs`): each
//! relationship reads back the rows a hand-written Diesel query reads.

use diesel::prelude::*;
use diesel_relations::LoadRelated;
use diesel_relations_seeds::schema::valid::{accounts, charges, staff_members};
use diesel_relations_seeds::seeds::valid::{
    Account, Charge, NewAccount, NewCharge, NewStaff, Staff,
};

backend_tests! {
    /// `manager: Option<Self>` and `reports: Vec<Self>` on a `#[sql_name]`
    /// table: both directions, lazily and eagerly, and an insert through
    /// the collection.
    fn self_named_pair_reads_the_hand_written_rows(conn) {
        diesel::insert_into(staff_members::table)
            .values(NewStaff { name: "Ada" })
            .execute(conn)?;
        let ada: Staff = staff_members::table
            .filter(staff_members::name.eq("Ada"))
            .select(Staff::as_select())
            .get_result(conn)?;
        ada.reports().insert(conn, [NewStaff { name: "Grace" }, NewStaff { name: "Alan" }])?;
        diesel::insert_into(staff_members::table)
            .values(NewStaff { name: "Edsger" })
            .execute(conn)?;

        let by_hand: Vec<Staff> = staff_members::table
            .filter(staff_members::reports_to.eq(ada.id))
            .order_by(staff_members::name)
            .select(Staff::as_select())
            .load(conn)?;
        ensure_eq!(by_hand.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec!["Alan", "Grace"]);
        ensure_eq!(ada.reports().load(conn)?, by_hand);
        for report in &by_hand {
            ensure_eq!(report.manager().get(conn)?, Some(ada.clone()));
        }
        ensure_eq!(ada.manager().get(conn)?, None);

        let everyone: Vec<Staff> = staff_members::table
            .order_by(staff_members::id)
            .select(Staff::as_select())
            .load(conn)?;
        let grouped = everyone.load_related(conn, Staff::reports)?;
        let expected: Vec<Vec<Staff>> = everyone
            .iter()
            .map(|s| {
                staff_members::table
                    .filter(staff_members::reports_to.eq(s.id))
                    .order_by(staff_members::name)
                    .select(Staff::as_select())
                    .load(conn)
            })
            .collect::<Result<_, _>>()?;
        ensure_eq!(grouped, expected);
        Ok(())
    }

    /// `Account.number` is the column `id` and `Charge.account_id` the
    /// column `acct`: the relationships read and write those columns, and
    /// `Account.charges`, which names `foreign_key = charges::acct`, groups
    /// its eager loads by `Charge.account_id`.
    fn renamed_fields_read_and_write_their_columns(conn) {
        diesel::insert_into(accounts::table)
            .values([NewAccount { holder: "Lin" }, NewAccount { holder: "Noor" }])
            .execute(conn)?;
        let all: Vec<Account> = accounts::table
            .order_by(accounts::id)
            .select(Account::as_select())
            .load(conn)?;
        let [lin, noor] = <[Account; 2]>::try_from(all).map_err(|_| "two accounts")?;
        lin.charges().insert(conn, [NewCharge { amount: 5 }, NewCharge { amount: 7 }])?;
        noor.charges().insert(conn, [NewCharge { amount: 11 }])?;

        let by_hand = |number: i32, conn: &mut _| {
            charges::table
                .filter(charges::acct.eq(number))
                .order_by(charges::id)
                .select(Charge::as_select())
                .load::<Charge>(conn)
        };
        let lins = by_hand(lin.number, conn)?;
        ensure_eq!(lins.iter().map(|c| c.amount).collect::<Vec<_>>(), vec![5, 7]);
        ensure_eq!(lin.charges().load(conn)?, lins);
        ensure_eq!(noor.charges().load(conn)?, by_hand(noor.number, conn)?);
        for charge in &lins {
            ensure_eq!(charge.account_id, lin.number);
            ensure_eq!(charge.account().get(conn)?, lin.clone());
        }
        let accounts_of: Vec<Account> = charges::table
            .inner_join(accounts::table)
            .order_by(charges::id)
            .select(Account::as_select())
            .load(conn)?;
        let charges: Vec<Charge> = charges::table
            .order_by(charges::id)
            .select(Charge::as_select())
            .load(conn)?;
        let eager = charges.load_related(conn, Charge::account)?;
        ensure_eq!(eager, accounts_of);

        let accounts: Vec<Account> = accounts::table
            .order_by(accounts::id)
            .select(Account::as_select())
            .load(conn)?;
        let grouped = accounts.load_related(conn, Account::charges)?;
        let expected = accounts
            .iter()
            .map(|a| by_hand(a.number, conn))
            .collect::<Result<Vec<_>, _>>()?;
        ensure_eq!(expected.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 1]);
        ensure_eq!(grouped, expected);
        Ok(())
    }
}
