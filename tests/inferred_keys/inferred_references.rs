//! Relationships over a foreign key to a UNIQUE column that is not the
//! primary key (club_members.club_code REFERENCES clubs (code)) that leave
//! `references` out: the migrations show the column, and they load what the
//! seeds' declarations with `references = clubs::code` load.

use diesel::prelude::*;
use diesel_relations::LoadRelated;
use diesel_relations::Relations;
use diesel_relations_seeds::schema::{club_members, clubs};
use diesel_relations_seeds::seeds::clubs::{Club, Member, NewMember};

/// The seed `Club`, whose collection names its key and no `references`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = clubs)]
#[relationship(members: Vec<Member>, foreign_key = club_members::club_code, order_by = club_members::id)]
pub struct Society {
    pub id: i32,
    pub code: String,
    pub name: String,
}

/// The seed `Member`, whose scalar names its key and no `references`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = club_members)]
#[relationship(club: Club, foreign_key = club_code)]
pub struct Affiliate {
    pub id: i32,
    pub club_code: String,
    pub name: String,
}

backend_tests! {
    fn an_inferred_referenced_column_loads_what_the_declared_one_loads(conn) {
        // Codes that sort apart from the ids: a join on the id reads others.
        for (id, code) in [(1, "c3"), (2, "c1"), (3, "c2")] {
            diesel::insert_into(clubs::table)
                .values((clubs::id.eq(id), clubs::code.eq(code), clubs::name.eq(format!("club {id}"))))
                .execute(conn)?;
        }
        let seeds: Vec<Club> = clubs::table.order_by(clubs::id).select(Club::as_select()).load(conn)?;
        seeds[0].members().insert(conn, [NewMember { name: "ann" }, NewMember { name: "bob" }])?;
        seeds[1].members().insert(conn, [NewMember { name: "cid" }])?;

        let societies: Vec<Society> = clubs::table.order_by(clubs::id).select(Society::as_select()).load(conn)?;
        for (society, club) in societies.iter().zip(&seeds) {
            let by_hand: Vec<Member> = club_members::table
                .filter(club_members::club_code.eq(&club.code))
                .order_by(club_members::id)
                .select(Member::as_select())
                .load(conn)?;
            ensure_eq!(society.members().load(conn)?, by_hand);
            ensure_eq!(society.members().load(conn)?, club.members().load(conn)?);
            let handle = society.members();
            ensure_eq!(handle.key().as_str(), club.code.as_str());
        }
        let grouped = societies.load_related(conn, Society::members)?;
        let names: Vec<Vec<String>> = grouped.iter().map(|g| g.iter().map(|m| m.name.clone()).collect()).collect();
        ensure_eq!(names, vec![vec!["ann".to_owned(), "bob".to_owned()], vec!["cid".to_owned()], vec![]]);
        ensure_eq!(grouped, seeds.load_related(conn, Club::members)?);

        let affiliates: Vec<Affiliate> = club_members::table.order_by(club_members::id).select(Affiliate::as_select()).load(conn)?;
        let members: Vec<Member> = club_members::table.order_by(club_members::id).select(Member::as_select()).load(conn)?;
        for (affiliate, member) in affiliates.iter().zip(&members) {
            let by_hand: Club = clubs::table
                .filter(clubs::code.eq(&affiliate.club_code))
                .select(Club::as_select())
                .get_result(conn)?;
            ensure_eq!(affiliate.club().get(conn)?, by_hand);
            ensure_eq!(member.club().get(conn)?, by_hand);
        }
        let eager = affiliates.load_related(conn, Affiliate::club)?;
        ensure_eq!(eager.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), vec!["c3", "c3", "c1"]);
        ensure_eq!(eager, members.load_related(conn, Member::club)?);
        Ok(())
    }
}
