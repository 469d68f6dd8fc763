//! Property tests for composite keys: on random association-object graphs
//! (`src/seeds/associations.rs`, keyed by `(left_id, right_id)`), eager
//! loading returns what lazy loading returns, and `delete_all` of random
//! association rows deletes exactly those, with the chunk size forced
//! small; and on random order lines keyed by `(order_id, line_no)` with
//! notes referencing them through composite foreign keys (required, and
//! optional with whole, half-NULL or NULL keys), eager loading of both
//! many-to-ones and of both collections returns what lazy loading returns. SQLite, a fresh
//! in-memory database per case.

use diesel::prelude::*;
use diesel_relations::delete_all;
use diesel_relations::eager::{with, with_chunk_size, Eager};
use diesel_relations_seeds::schema::{
    association_table, cfk_notes, cfk_order_lines, left_table, right_table,
};
use diesel_relations_seeds::seeds::associations::{AssocChild, AssocParent, Association};
use diesel_relations_seeds::seeds::order_lines::{Note, OrderLine};
use libtest_mimic::{Failed, Trial};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeSet;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Parents `1..=parents`, children `1..=children`, the links among them
/// (duplicates dropped), which links to delete, and the chunk size.
#[derive(Debug, Clone)]
struct Graph {
    parents: i32,
    children: i32,
    links: Vec<(prop::sample::Index, prop::sample::Index, bool)>,
    chunk: usize,
}

fn graphs() -> impl Strategy<Value = Graph> {
    (
        1i32..6,
        1i32..5,
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                any::<bool>(),
            ),
            0..16,
        ),
        prop_oneof![Just(1usize), Just(2), Just(3), Just(1000)],
    )
        .prop_map(|(parents, children, links, chunk)| Graph {
            parents,
            children,
            links,
            chunk,
        })
}

/// Association keys `(left_id, right_id)`.
type Keys = BTreeSet<(i32, i32)>;

/// The graph's links `(left, right)` and the ones to delete.
fn links(g: &Graph) -> (Keys, Keys) {
    let (mut all, mut doomed) = (BTreeSet::new(), BTreeSet::new());
    for (l, r, delete) in &g.links {
        let key = (
            l.index(g.parents as usize) as i32 + 1,
            r.index(g.children as usize) as i32 + 1,
        );
        if all.insert(key) && *delete {
            doomed.insert(key);
        }
    }
    (all, doomed)
}

fn property(g: &Graph) -> Result<(), Error> {
    let conn = &mut diesel_relations_seeds::db::sqlite(":memory:")?;
    for id in 1..=g.parents {
        diesel::insert_into(left_table::table)
            .values(AssocParent {
                id,
                name: format!("p{id}"),
            })
            .execute(conn)?;
    }
    for id in 1..=g.children {
        diesel::insert_into(right_table::table)
            .values(AssocChild {
                id,
                name: format!("c{id}"),
            })
            .execute(conn)?;
    }
    let (all, doomed) = links(g);
    for &(left_id, right_id) in &all {
        let extra_data = Some(format!("{left_id}-{right_id}"));
        diesel::insert_into(association_table::table)
            .values(Association {
                left_id,
                right_id,
                extra_data,
            })
            .execute(conn)?;
    }
    let parents: Vec<AssocParent> = left_table::table
        .order_by(left_table::id.desc())
        .select(AssocParent::as_select())
        .load(conn)?;
    let children: Vec<AssocChild> = right_table::table
        .order_by(right_table::id.desc())
        .select(AssocChild::as_select())
        .load(conn)?;

    // Down from the parents, two levels.
    let eager = with_chunk_size(g.chunk, || {
        parents
            .clone()
            .eager(conn, with(AssocParent::children, Association::child))
    })?;
    let eager: Vec<Vec<(Association, AssocChild)>> = eager
        .into_iter()
        .map(|p| p.related.into_iter().map(|a| (a.row, a.related)).collect())
        .collect();
    let mut lazy = Vec::new();
    for p in &parents {
        let mut links = Vec::new();
        for a in p.children().load(conn)? {
            let child = a.child().get(conn)?;
            links.push((a, child));
        }
        lazy.push(links);
    }
    if eager != lazy {
        return Err(format!("AssocParent.children/child: eager {eager:?} != lazy {lazy:?}").into());
    }
    // Down from the children, two levels.
    let eager = with_chunk_size(g.chunk, || {
        children
            .clone()
            .eager(conn, with(AssocChild::parents, Association::parent))
    })?;
    let eager: Vec<Vec<(Association, AssocParent)>> = eager
        .into_iter()
        .map(|c| c.related.into_iter().map(|a| (a.row, a.related)).collect())
        .collect();
    let mut lazy = Vec::new();
    for c in &children {
        let mut links = Vec::new();
        for a in c.parents().load(conn)? {
            let parent = a.parent().get(conn)?;
            links.push((a, parent));
        }
        lazy.push(links);
    }
    if eager != lazy {
        return Err(format!("AssocChild.parents/parent: eager {eager:?} != lazy {lazy:?}").into());
    }

    // Deleting some rows by their composite key, in small runs.
    let rows: Vec<Association> = association_table::table
        .select(Association::as_select())
        .load(conn)?
        .into_iter()
        .filter(|a| doomed.contains(&(a.left_id, a.right_id)))
        .collect();
    let deleted = with_chunk_size(g.chunk, || delete_all(conn, &rows))?;
    if deleted != doomed.len() {
        return Err(format!("deleted {deleted} rows, want {}", doomed.len()).into());
    }
    let left: Keys = association_table::table
        .select((association_table::left_id, association_table::right_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let want: Keys = all.difference(&doomed).copied().collect();
    if left != want {
        return Err(format!("left {left:?}, want {want:?}").into());
    }
    Ok(())
}

fn eager_equals_lazy_on_random_composite_key_graphs() -> Result<(), Failed> {
    let mut runner = TestRunner::new(Config {
        cases: 128,
        ..Config::default()
    });
    runner
        .run(&graphs(), |g| {
            property(&g).map_err(|e| TestCaseError::fail(e.to_string()))
        })
        .map_err(|e| Failed::from(e.to_string()))
}

/// Order lines (`order_id` and `line_no` each 1-4, duplicates dropped),
/// notes each on one of them and seeing one, half of one or none
/// (`see`: 0 none, 1 whole, 2 half-NULL), and the chunk size.
#[derive(Debug, Clone)]
struct Lines {
    lines: Vec<(i32, i32)>,
    notes: Vec<(prop::sample::Index, prop::sample::Index, u8)>,
    chunk: usize,
}

fn lines() -> impl Strategy<Value = Lines> {
    (
        prop::collection::btree_set((1i32..5, 1i32..5), 1..10),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                0u8..3,
            ),
            0..20,
        ),
        prop_oneof![Just(1usize), Just(2), Just(3), Just(1000)],
    )
        .prop_map(|(lines, notes, chunk)| Lines {
            lines: lines.into_iter().collect(),
            notes,
            chunk,
        })
}

fn composite_fk_property(g: &Lines) -> Result<(), Error> {
    let conn = &mut diesel_relations_seeds::db::sqlite(":memory:")?;
    let lines: Vec<OrderLine> = g
        .lines
        .iter()
        .map(|&(order_id, line_no)| OrderLine {
            order_id,
            line_no,
            item: format!("{order_id}.{line_no}"),
        })
        .collect();
    diesel::insert_into(cfk_order_lines::table)
        .values(&lines)
        .execute(conn)?;
    for (id, (on, see, form)) in g.notes.iter().enumerate() {
        let on = &lines[on.index(lines.len())];
        let see = &lines[see.index(lines.len())];
        let (see_order_id, see_line_no) = match form {
            0 => (None, None),
            1 => (Some(see.order_id), Some(see.line_no)),
            _ => (None, Some(see.line_no)),
        };
        diesel::insert_into(cfk_notes::table)
            .values(Note {
                id: id as i32 + 1,
                order_id: on.order_id,
                line_no: on.line_no,
                see_order_id,
                see_line_no,
                body: format!("n{id}"),
            })
            .execute(conn)?;
    }
    let notes: Vec<Note> = cfk_notes::table
        .order_by(cfk_notes::id.desc())
        .select(Note::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || {
        notes.clone().eager(
            conn,
            diesel_relations::both(Note::order_line, Note::see_also),
        )
    })?;
    let eager: Vec<(Note, OrderLine, Option<OrderLine>)> = eager
        .into_iter()
        .map(|n| (n.row, n.related.0, n.related.1))
        .collect();
    let mut lazy = Vec::new();
    for n in &notes {
        lazy.push((
            n.clone(),
            n.order_line().get(conn)?,
            n.see_also().get(conn)?,
        ));
    }
    if eager != lazy {
        return Err(format!("Note.order_line/see_also: eager {eager:?} != lazy {lazy:?}").into());
    }
    // Up from the lines: each line's notes and the notes seeing it.
    let lines: Vec<OrderLine> = cfk_order_lines::table
        .order_by((cfk_order_lines::line_no.desc(), cfk_order_lines::order_id))
        .select(OrderLine::as_select())
        .load(conn)?;
    let eager = with_chunk_size(g.chunk, || {
        lines.clone().eager(
            conn,
            diesel_relations::both(OrderLine::notes, OrderLine::seen_by),
        )
    })?;
    let eager: Vec<(Vec<Note>, Vec<Note>)> = eager.into_iter().map(|l| l.related).collect();
    let mut lazy = Vec::new();
    for l in &lines {
        lazy.push((l.notes().load(conn)?, l.seen_by().load(conn)?));
    }
    if eager != lazy {
        return Err(format!("OrderLine.notes/seen_by: eager {eager:?} != lazy {lazy:?}").into());
    }
    Ok(())
}

fn eager_equals_lazy_through_random_composite_foreign_keys() -> Result<(), Failed> {
    let mut runner = TestRunner::new(Config {
        cases: 128,
        ..Config::default()
    });
    runner
        .run(&lines(), |g| {
            composite_fk_property(&g).map_err(|e| TestCaseError::fail(e.to_string()))
        })
        .map_err(|e| Failed::from(e.to_string()))
}

pub fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "sqlite::composite_properties::eager_equals_lazy_on_random_composite_key_graphs",
            eager_equals_lazy_on_random_composite_key_graphs,
        ),
        Trial::test(
            "sqlite::composite_properties::eager_equals_lazy_through_random_composite_foreign_keys",
            eager_equals_lazy_through_random_composite_foreign_keys,
        ),
    ]
}
