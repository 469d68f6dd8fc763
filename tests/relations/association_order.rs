//! A many-to-many ordered by a column of its association table
//! (`lending`: `Member.borrowed` by `loans.borrowed_at`, `Volume.borrowers`
//! by `(loans.borrowed_at DESC, members.name)`): lazy and eager loading give
//! the order a hand-written Diesel join gives, each target once, at its
//! first place (a volume borrowed twice by one member).

use diesel::prelude::*;
use diesel_relations::eager::{with_chunk_size, Eager, LoadRelated};
use diesel_relations_seeds::schema::{loans, members, volumes};
use diesel_relations_seeds::seeds::lending::{Member, NewLoan, NewMember, NewVolume, Volume};

/// Members Ann, Bob, Cy and Dee (no loans); volumes Dune, Emma, Faust.
/// Ann borrows Emma twice; Ann and Cy borrow Faust at the same second.
macro_rules! lending {
    ($conn:expr) => {{
        for (id, name) in [(1, "Ann"), (2, "Bob"), (3, "Cy"), (4, "Dee")] {
            diesel::insert_into(members::table)
                .values(NewMember { id, name })
                .execute($conn)?;
        }
        for (id, title) in [(1, "Dune"), (2, "Emma"), (3, "Faust")] {
            diesel::insert_into(volumes::table)
                .values(NewVolume { id, title })
                .execute($conn)?;
        }
        let loans = [
            (1, 2, 300),
            (1, 1, 100),
            (1, 3, 200),
            (1, 2, 50),
            (2, 3, 150),
            (2, 1, 400),
            (3, 3, 200),
        ];
        for (member_id, volume_id, borrowed_at) in loans {
            diesel::insert_into(loans::table)
                .values(NewLoan {
                    member_id,
                    volume_id,
                    borrowed_at,
                })
                .execute($conn)?;
        }
    }};
}

/// The keys of `rows`, each once, at its first place.
fn first_ids(ids: Vec<i32>) -> Vec<i32> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

backend_tests! {
    fn lazy_loading_orders_by_the_association_column(conn) {
        lending!(conn);
        let members: Vec<Member> = members::table.order(members::id).select(Member::as_select()).load(conn)?;
        for member in &members {
            let want: Vec<i32> = volumes::table
                .inner_join(loans::table.on(loans::volume_id.eq(volumes::id)))
                .filter(loans::member_id.eq(member.id))
                .order(loans::borrowed_at)
                .select(volumes::id)
                .load(conn)?;
            let got: Vec<i32> = member.borrowed().load(conn)?.iter().map(|v| v.id).collect();
            ensure_eq!(got, first_ids(want));
        }
        // Not the key order: Emma (50), Dune (100), Faust (200).
        let ann: Vec<i32> = members[0].borrowed().load(conn)?.iter().map(|v| v.id).collect();
        ensure_eq!(ann, vec![2, 1, 3]);
        Ok(())
    }

    fn lazy_loading_orders_by_association_and_target_columns(conn) {
        lending!(conn);
        let volumes: Vec<Volume> = volumes::table.order(volumes::id).select(Volume::as_select()).load(conn)?;
        for volume in &volumes {
            let want: Vec<i32> = members::table
                .inner_join(loans::table.on(loans::member_id.eq(members::id)))
                .filter(loans::volume_id.eq(volume.id))
                .order((loans::borrowed_at.desc(), members::name))
                .select(members::id)
                .load(conn)?;
            let got: Vec<i32> = volume.borrowers().load(conn)?.iter().map(|m| m.id).collect();
            ensure_eq!(got, first_ids(want));
        }
        // Faust: Ann and Cy at 200 (by name), then Bob at 150.
        let faust: Vec<i32> = volumes[2].borrowers().load(conn)?.iter().map(|m| m.id).collect();
        ensure_eq!(faust, vec![1, 3, 2]);
        Ok(())
    }

    fn eager_loading_keeps_the_association_order(conn) {
        lending!(conn);
        let members: Vec<Member> = members::table.order(members::id).select(Member::as_select()).load(conn)?;
        let mut lazy = Vec::new();
        for member in &members {
            lazy.push(member.borrowed().load(conn)?);
        }
        ensure_eq!(members.load_related(conn, Member::borrowed)?, lazy);
        // One key per query: each chunk's rows still come in order.
        ensure_eq!(with_chunk_size(1, || members.load_related(conn, Member::borrowed))?, lazy);

        let volumes: Vec<Volume> = volumes::table.order(volumes::id).select(Volume::as_select()).load(conn)?;
        let mut lazy = Vec::new();
        for volume in &volumes {
            lazy.push(volume.borrowers().load(conn)?);
        }
        let eager: Vec<Vec<Member>> = volumes
            .clone()
            .eager(conn, Volume::borrowers)?
            .into_iter()
            .map(|node| node.related)
            .collect();
        ensure_eq!(eager, lazy);
        let emma: Vec<i32> = eager[1].iter().map(|m| m.id).collect();
        ensure_eq!(emma, vec![1]);
        Ok(())
    }
}
