//! Relationships over a foreign key to a UNIQUE column that is not the
//! primary key (`references = clubs::code`): lazy and eager loads, inserts
//! through the parent, deletes with their cascade, each compared with the
//! same thing written in Diesel by hand.

use diesel::prelude::*;
use diesel_relations::eager::Eager;
use diesel_relations::graph::{insert_children, insert_rows};
use diesel_relations::{delete, RelationError};
use diesel_relations_seeds::schema::{club_badges, club_members, clubs};
use diesel_relations_seeds::seeds::clubs::{Badge, Club, Member, NewBadge, NewClub, NewMember};

/// Three clubs whose codes sort apart from their ids (id 1 is `c3` ...), and
/// the members of the first two; returns the clubs by id.
macro_rules! clubs {
    ($conn:expr) => {{
        for (id, code) in [(1, "c3"), (2, "c1"), (3, "c2")] {
            diesel::insert_into(clubs::table)
                .values((
                    clubs::id.eq(id),
                    clubs::code.eq(code),
                    clubs::name.eq(format!("club {id}")),
                ))
                .execute($conn)?;
        }
        let all: Vec<Club> = clubs::table
            .order_by(clubs::id)
            .select(Club::as_select())
            .load($conn)?;
        all[0].members().insert(
            $conn,
            [NewMember { name: "ann" }, NewMember { name: "bob" }],
        )?;
        all[1]
            .members()
            .insert($conn, [NewMember { name: "cid" }])?;
        all
    }};
}

/// Member names by club code, as Diesel reads them by hand.
macro_rules! by_hand {
    ($conn:expr, $code:expr) => {{
        let names: Vec<String> = club_members::table
            .filter(club_members::club_code.eq($code))
            .order(club_members::id)
            .select(club_members::name)
            .load($conn)?;
        names
    }};
}

backend_tests! {
    fn insert_through_the_parent_sets_the_referenced_column(conn) {
        let all = clubs!(conn);
        // The foreign key holds the club's code, not its id.
        let keys: Vec<(String, String)> = club_members::table
            .order(club_members::id)
            .select((club_members::club_code, club_members::name))
            .load(conn)?;
        ensure_eq!(keys, vec![("c3".to_owned(), "ann".to_owned()), ("c3".into(), "bob".into()), ("c1".into(), "cid".into())]);
        let handle = all[0].members();
        ensure_eq!(handle.key().as_str(), "c3");
        Ok(())
    }

    fn lazy_loads_join_on_the_referenced_column(conn) {
        let all = clubs!(conn);
        for club in &all {
            let names: Vec<String> = club.members().load(conn)?.into_iter().map(|m| m.name).collect();
            ensure_eq!(names, by_hand!(conn, &club.code));
        }
        let members: Vec<Member> = club_members::table.order(club_members::id).select(Member::as_select()).load(conn)?;
        for member in &members {
            let club = member.club().get(conn)?;
            let expected: Club = clubs::table.filter(clubs::code.eq(&member.club_code)).select(Club::as_select()).get_result(conn)?;
            ensure_eq!(club, expected);
        }
        ensure_eq!(all[2].members().count().get_result::<i64>(conn)?, 0);
        Ok(())
    }

    fn eager_loads_group_by_the_referenced_column(conn) {
        let all = clubs!(conn);
        let loaded = all.clone().eager(conn, Club::members)?;
        for node in &loaded {
            let names: Vec<String> = node.related.iter().map(|m| m.name.clone()).collect();
            ensure_eq!(names, by_hand!(conn, &node.row.code));
        }
        let members: Vec<Member> = club_members::table.order(club_members::id).select(Member::as_select()).load(conn)?;
        let with_club = members.eager(conn, Member::club)?;
        let pairs: Vec<(String, i32)> = with_club.iter().map(|n| (n.row.name.clone(), n.related.id)).collect();
        ensure_eq!(pairs, vec![("ann".to_owned(), 1), ("bob".into(), 1), ("cid".into(), 2)]);
        Ok(())
    }

    fn a_dangling_code_is_missing_target(conn) {
        let _ = clubs!(conn);
        let ghost = Member { id: 99, club_code: "zz".into(), name: "ghost".into() };
        let err = ghost.club().get(conn).err().ok_or("expected an error")?;
        ensure_eq!(matches!(err, RelationError::MissingTarget { relationship: "Member.club", .. }), true);
        Ok(())
    }

    fn one_to_one_over_a_nullable_unique_code(conn) {
        let all = clubs!(conn);
        all[1].badge().insert(conn, NewBadge { label: "gold" })?;
        let badge = all[1].badge().get(conn)?.ok_or("badge")?;
        ensure_eq!(badge.club_code.as_deref(), Some("c1"));
        ensure_eq!(all[0].badge().get(conn)?, None);
        let by_hand: Badge = club_badges::table.filter(club_badges::club_code.eq("c1")).select(Badge::as_select()).get_result(conn)?;
        ensure_eq!(badge, by_hand);
        let loaded = all.clone().eager(conn, Club::badge)?;
        let has: Vec<bool> = loaded.iter().map(|n| n.related.is_some()).collect();
        ensure_eq!(has, vec![false, true, false]);
        Ok(())
    }

    fn delete_cascades_through_the_referenced_column(conn) {
        let all = clubs!(conn);
        all[1].badge().insert(conn, NewBadge { label: "gold" })?;
        // Club 2 (c1): its member is deleted (cascade = "all"), its badge
        // detached (nullable, no cascade); club 1's members stay.
        ensure_eq!(delete(conn, &all[1])?, 1);
        ensure_eq!(by_hand!(conn, "c1"), Vec::<String>::new());
        ensure_eq!(by_hand!(conn, "c3"), vec!["ann".to_owned(), "bob".to_owned()]);
        let codes: Vec<Option<String>> = club_badges::table.select(club_badges::club_code).load(conn)?;
        ensure_eq!(codes, vec![None]);
        Ok(())
    }

    fn graph_inserts_read_the_parents_codes(conn) {
        let keys = insert_rows::<Club, _, _>(conn, vec![NewClub { code: "x9", name: "x" }, NewClub { code: "a1", name: "a" }])?;
        let groups = keys.iter().cloned().zip([vec![NewMember { name: "p" }], vec![NewMember { name: "q" }, NewMember { name: "r" }]]);
        let members = insert_children(conn, Club::members, groups)?;
        ensure_eq!(members.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 2]);
        ensure_eq!(by_hand!(conn, "x9"), vec!["p".to_owned()]);
        ensure_eq!(by_hand!(conn, "a1"), vec!["q".to_owned(), "r".to_owned()]);
        Ok(())
    }
}
