//! Association objects keyed by both their foreign keys (SQLAlchemy's
//! association object with `extra_data`, `src/seeds/associations.rs`):
//! `Association`'s primary key is `(left_id, right_id)`. Each test reads
//! the rows back and compares them with what hand-written Diesel loads.

use diesel::prelude::*;
use diesel_relations::eager::{with, Eager};
use diesel_relations::{delete, delete_all, RelationError};
use diesel_relations_seeds::schema::{association_table, left_table, right_table};
use diesel_relations_seeds::seeds::associations::{AssocChild, AssocParent, Association};

/// Parents 1-3, children 1-3, and the associations `(left, right, extra)`.
macro_rules! graph {
    ($conn:expr) => {{
        for id in 1..=3 {
            diesel::insert_into(left_table::table)
                .values(AssocParent {
                    id,
                    name: format!("p{id}"),
                })
                .execute($conn)?;
            diesel::insert_into(right_table::table)
                .values(AssocChild {
                    id,
                    name: format!("c{id}"),
                })
                .execute($conn)?;
        }
        let links = [
            (1, 1, Some("a")),
            (1, 2, None),
            (2, 2, Some("b")),
            (2, 3, Some("c")),
            (1, 3, Some("d")),
        ];
        for (left_id, right_id, extra) in links {
            diesel::insert_into(association_table::table)
                .values(Association {
                    left_id,
                    right_id,
                    extra_data: extra.map(String::from),
                })
                .execute($conn)?;
        }
        let parents: Vec<AssocParent> = left_table::table
            .order_by(left_table::id)
            .select(AssocParent::as_select())
            .load($conn)?;
        let children: Vec<AssocChild> = right_table::table
            .order_by(right_table::id)
            .select(AssocChild::as_select())
            .load($conn)?;
        (parents, children)
    }};
}

/// `(left_id, right_id, extra_data, child's name)` of one association.
type Link = (i32, i32, Option<String>, String);

/// Every association row, by key.
macro_rules! rows {
    ($conn:expr) => {
        association_table::table
            .order_by((association_table::left_id, association_table::right_id))
            .select(Association::as_select())
            .load::<Association>($conn)?
    };
}

backend_tests! {
    fn many_to_one_from_a_composite_key_model_loads_lazily(conn) {
        let (parents, children) = graph!(conn);
        let all = rows!(conn);
        for a in &all {
            ensure_eq!(a.parent().get(conn)?, parents[a.left_id as usize - 1]);
            ensure_eq!(a.child().get(conn)?, children[a.right_id as usize - 1]);
        }
        Ok(())
    }

    fn collection_of_a_composite_key_model_loads_lazily_in_key_order(conn) {
        let (parents, children) = graph!(conn);
        for p in &parents {
            let expected: Vec<Association> = association_table::table
                .filter(association_table::left_id.eq(p.id))
                .order_by((association_table::left_id, association_table::right_id))
                .select(Association::as_select())
                .load(conn)?;
            ensure_eq!(p.children().load(conn)?, expected);
        }
        for c in &children {
            let expected: Vec<Association> = association_table::table
                .filter(association_table::right_id.eq(c.id))
                .order_by((association_table::left_id, association_table::right_id))
                .select(Association::as_select())
                .load(conn)?;
            ensure_eq!(c.parents().load(conn)?, expected);
        }
        Ok(())
    }

    fn eager_loading_through_an_association_object_at_depth_two(conn) {
        let (parents, children) = graph!(conn);
        let pages = parents.clone().eager(conn, with(AssocParent::children, Association::child))?;
        let got: Vec<(i32, Vec<Link>)> = pages
            .iter()
            .map(|p| {
                (p.id, p.related.iter().map(|a| (a.left_id, a.right_id, a.extra_data.clone(), a.related.name.clone())).collect())
            })
            .collect();
        let mut expected = Vec::new();
        for p in &parents {
            let links: Vec<Link> = association_table::table
                .inner_join(right_table::table)
                .filter(association_table::left_id.eq(p.id))
                .order_by((association_table::left_id, association_table::right_id))
                .select((association_table::left_id, association_table::right_id, association_table::extra_data, right_table::name))
                .load(conn)?;
            expected.push((p.id, links));
        }
        ensure_eq!(got, expected);
        // And back up from the association rows: each row's two parents.
        let all = rows!(conn);
        let up = all.clone().eager(conn, diesel_relations::eager::both(Association::parent, Association::child))?;
        for node in &up {
            ensure_eq!(node.related.0, parents[node.left_id as usize - 1]);
            ensure_eq!(node.related.1, children[node.right_id as usize - 1]);
        }
        Ok(())
    }

    fn delete_cascades_to_the_association_rows_by_their_composite_key(conn) {
        let (parents, _) = graph!(conn);
        ensure_eq!(delete(conn, &parents[0])?, 1);
        let left: Vec<(i32, i32)> = rows!(conn).iter().map(|a| (a.left_id, a.right_id)).collect();
        ensure_eq!(left, vec![(2, 2), (2, 3)]);
        ensure_eq!(right_table::table.count().get_result::<i64>(conn)?, 3);
        Ok(())
    }

    fn delete_orphan_deletes_the_removed_association_only(conn) {
        let (parents, _) = graph!(conn);
        let links = parents[0].children().load(conn)?;
        ensure_eq!(links.len(), 3);
        // (1, 2) removed: deleted, by both columns of its key.
        ensure_eq!(parents[0].children().remove(conn, &links[1])?, true);
        // Parent 2's (2, 2) shares right_id 2 and parent 1 shares left_id 1:
        // neither goes.
        let left: Vec<(i32, i32)> = rows!(conn).iter().map(|a| (a.left_id, a.right_id)).collect();
        ensure_eq!(left, vec![(1, 1), (1, 3), (2, 2), (2, 3)]);
        // Removing a row of another parent changes nothing.
        let other = parents[1].children().load(conn)?.remove(0);
        ensure_eq!(parents[0].children().remove(conn, &other)?, false);
        ensure_eq!(rows!(conn).len(), 4);
        Ok(())
    }

    fn deleting_association_rows_themselves_by_composite_key(conn) {
        graph!(conn);
        let all = rows!(conn);
        ensure_eq!(delete_all(conn, &[all[0].clone(), all[3].clone()])?, 2);
        let left: Vec<(i32, i32)> = rows!(conn).iter().map(|a| (a.left_id, a.right_id)).collect();
        ensure_eq!(left, vec![(1, 2), (1, 3), (2, 3)]);
        Ok(())
    }

    fn deletes_in_runs_forced_small_delete_every_row(conn) {
        let (parents, _) = graph!(conn);
        // Runs of 2 keys (1 on MySQL, whose binds count both columns):
        // three statements for parent 1's three rows, then the parents.
        let deleted = diesel_relations::eager::with_chunk_size(2, || delete_all(conn, &parents[..2]))?;
        ensure_eq!(deleted, 2);
        ensure_eq!(rows!(conn), Vec::<Association>::new());
        let left: Vec<i32> = left_table::table.select(left_table::id).load(conn)?;
        ensure_eq!(left, vec![3]);
        Ok(())
    }

    fn verify_checks_the_association_objects_relationships(conn) {
        let report = diesel_relations::verify(conn)?;
        for name in ["AssocParent.children", "AssocChild.parents", "Association.parent", "Association.child"] {
            ensure_eq!(report.relationships.iter().any(|r| r == name), true);
            ensure_eq!(report.concerning(name).count(), 0);
        }
        Ok(())
    }

    fn a_not_null_collection_without_cascade_restricts_the_delete(conn) {
        let (_, children) = graph!(conn);
        match delete(conn, &children[1]) {
            Err(RelationError::DeleteRestricted { relationship, .. }) => ensure_eq!(relationship, "AssocChild.parents"),
            other => return Err(format!("expected DeleteRestricted, got {other:?}").into()),
        }
        ensure_eq!(rows!(conn).len(), 5);
        Ok(())
    }
}
