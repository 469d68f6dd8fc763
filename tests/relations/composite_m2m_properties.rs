//! Property tests for the many-to-many through composite keys
//! (`src/seeds/line_links.rs`): on random order lines keyed by
//! `(order_id, line_no)`, random tags and random links through
//! `cfk_line_tags((order_id, line_no), tag_id)` (composite on one side)
//! and `cfk_line_pairs` (composite on both), a random sequence of `link`,
//! `unlink`, `set` and `clear`, from either end, leaves the association
//! rows a model in Rust predicts and returns the counts it predicts; and
//! afterwards eager loading returns what lazy loading returns, which is
//! what the model holds. The chunk size is forced small (1, 2, 3 or 1000
//! keys a statement), for the loads and the writes alike. SQLite, a fresh
//! in-memory database per case.

use diesel::prelude::*;
use diesel_relations::eager::{with_chunk_size, Eager};
use diesel_relations_seeds::schema::{cfk_line_pairs, cfk_line_tags, cfk_order_lines, cfk_tags};
use diesel_relations_seeds::seeds::line_links::{LinkedLine, Tag};
use libtest_mimic::{Failed, Trial};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeSet;

type Error = Box<dyn std::error::Error + Send + Sync>;
type Index = prop::sample::Index;

/// Which accessor a write goes through.
#[derive(Debug, Clone, Copy)]
enum Through {
    /// `LinkedLine.tags`: the composite source, one-column targets.
    Tags,
    /// `Tag.lines`: the same rows from the one-column end.
    Lines,
    /// `LinkedLine.follows`: composite on both sides.
    Follows,
    /// `LinkedLine.followed_by`: the same rows the other way round.
    FollowedBy,
}

#[derive(Debug, Clone, Copy)]
enum Write {
    Link,
    Unlink,
    Set,
    Clear,
}

#[derive(Debug, Clone)]
struct Op {
    through: Through,
    write: Write,
    source: Index,
    targets: Vec<Index>,
}

/// Lines, the number of tags, the starting links, the writes, the chunk size.
#[derive(Debug, Clone)]
struct Case {
    lines: Vec<(i32, i32)>,
    tags: i32,
    tagged: Vec<(Index, Index)>,
    paired: Vec<(Index, Index)>,
    ops: Vec<Op>,
    chunk: usize,
}

fn ops() -> impl Strategy<Value = Op> {
    (
        prop_oneof![
            Just(Through::Tags),
            Just(Through::Lines),
            Just(Through::Follows),
            Just(Through::FollowedBy)
        ],
        prop_oneof![
            Just(Write::Link),
            Just(Write::Unlink),
            Just(Write::Set),
            Just(Write::Clear)
        ],
        any::<Index>(),
        prop::collection::vec(any::<Index>(), 0..6),
    )
        .prop_map(|(through, write, source, targets)| Op {
            through,
            write,
            source,
            targets,
        })
}

fn cases() -> impl Strategy<Value = Case> {
    (
        prop::collection::btree_set((1i32..4, 1i32..4), 1..8),
        1i32..5,
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..12),
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..12),
        prop::collection::vec(ops(), 0..10),
        prop_oneof![Just(1usize), Just(2), Just(3), Just(1000)],
    )
        .prop_map(|(lines, tags, tagged, paired, ops, chunk)| Case {
            lines: lines.into_iter().collect(),
            tags,
            tagged,
            paired,
            ops,
            chunk,
        })
}

/// `cfk_line_tags` rows `(order_id, line_no, tag_id)`.
type TagRows = BTreeSet<(i32, i32, i32)>;
/// `cfk_line_pairs` rows `(from_order_id, from_line_no, to_order_id, to_line_no)`.
type PairRows = BTreeSet<(i32, i32, i32, i32)>;

fn tag_rows(conn: &mut SqliteConnection) -> Result<TagRows, Error> {
    Ok(cfk_line_tags::table
        .select((
            cfk_line_tags::order_id,
            cfk_line_tags::line_no,
            cfk_line_tags::tag_id,
        ))
        .load::<(i32, i32, i32)>(conn)?
        .into_iter()
        .collect())
}

fn pair_rows(conn: &mut SqliteConnection) -> Result<PairRows, Error> {
    Ok(cfk_line_pairs::table
        .select((
            cfk_line_pairs::from_order_id,
            cfk_line_pairs::from_line_no,
            cfk_line_pairs::to_order_id,
            cfk_line_pairs::to_line_no,
        ))
        .load::<(i32, i32, i32, i32)>(conn)?
        .into_iter()
        .collect())
}

/// What a write does to a model's rows of one source: `rows` are the
/// source's links (target keys), `targets` the write's; the counts it
/// returns, `(inserted, deleted)`.
fn apply<K: Ord + Clone>(write: Write, rows: &mut BTreeSet<K>, targets: &[K]) -> (usize, usize) {
    match write {
        Write::Link => (
            targets.iter().filter(|t| rows.insert((*t).clone())).count(),
            0,
        ),
        Write::Unlink => (0, targets.iter().filter(|t| rows.remove(*t)).count()),
        Write::Set => {
            let wanted: BTreeSet<K> = targets.iter().cloned().collect();
            let inserted = wanted.difference(rows).count();
            let deleted = rows.difference(&wanted).count();
            *rows = wanted;
            (inserted, deleted)
        }
        Write::Clear => {
            let deleted = rows.len();
            rows.clear();
            (0, deleted)
        }
    }
}

/// Runs `write` through a handle; `(inserted, deleted)` as `apply` counts.
macro_rules! run {
    ($conn:expr, $write:expr, $handle:expr, $targets:expr) => {{
        let handle = $handle;
        match $write {
            Write::Link => (handle.link($conn, $targets)?, 0),
            Write::Unlink => (0, handle.unlink($conn, $targets)?),
            Write::Set => handle.set($conn, $targets)?,
            Write::Clear => (0, handle.clear($conn)?),
        }
    }};
}

fn property(g: &Case) -> Result<(), Error> {
    let conn = &mut diesel_relations_seeds::db::sqlite(":memory:")?;
    let lines: Vec<LinkedLine> = g
        .lines
        .iter()
        .map(|&(order_id, line_no)| LinkedLine {
            order_id,
            line_no,
            item: format!("{order_id}.{line_no}"),
        })
        .collect();
    diesel::insert_into(cfk_order_lines::table)
        .values(&lines)
        .execute(conn)?;
    let tags: Vec<Tag> = (1..=g.tags)
        .map(|id| Tag {
            id,
            name: format!("t{id}"),
        })
        .collect();
    diesel::insert_into(cfk_tags::table)
        .values(&tags)
        .execute(conn)?;
    let key = |l: &LinkedLine| (l.order_id, l.line_no);
    let mut tagged = TagRows::new();
    for (l, t) in &g.tagged {
        let (l, t) = (&lines[l.index(lines.len())], &tags[t.index(tags.len())]);
        tagged.insert((l.order_id, l.line_no, t.id));
    }
    let mut paired = PairRows::new();
    for (a, b) in &g.paired {
        let (a, b) = (
            key(&lines[a.index(lines.len())]),
            key(&lines[b.index(lines.len())]),
        );
        paired.insert((a.0, a.1, b.0, b.1));
    }
    for &(order_id, line_no, tag_id) in &tagged {
        diesel::insert_into(cfk_line_tags::table)
            .values((
                cfk_line_tags::order_id.eq(order_id),
                cfk_line_tags::line_no.eq(line_no),
                cfk_line_tags::tag_id.eq(tag_id),
            ))
            .execute(conn)?;
    }
    for &(a, b, c, d) in &paired {
        diesel::insert_into(cfk_line_pairs::table)
            .values((
                cfk_line_pairs::from_order_id.eq(a),
                cfk_line_pairs::from_line_no.eq(b),
                cfk_line_pairs::to_order_id.eq(c),
                cfk_line_pairs::to_line_no.eq(d),
            ))
            .execute(conn)?;
    }

    for (step, op) in g.ops.iter().enumerate() {
        let (got, want) = match op.through {
            Through::Tags => {
                let line = &lines[op.source.index(lines.len())];
                let targets: Vec<&Tag> = op
                    .targets
                    .iter()
                    .map(|i| &tags[i.index(tags.len())])
                    .collect();
                let mut mine: BTreeSet<i32> = tagged
                    .iter()
                    .filter(|r| (r.0, r.1) == key(line))
                    .map(|r| r.2)
                    .collect();
                tagged.retain(|r| (r.0, r.1) != key(line));
                let want = apply(
                    op.write,
                    &mut mine,
                    &targets.iter().map(|t| t.id).collect::<Vec<_>>(),
                );
                tagged.extend(mine.into_iter().map(|t| (line.order_id, line.line_no, t)));
                let got = with_chunk_size(g.chunk, || -> Result<_, Error> {
                    Ok(run!(conn, op.write, line.tags(), targets.iter().copied()))
                })?;
                (got, want)
            }
            Through::Lines => {
                let tag = &tags[op.source.index(tags.len())];
                let targets: Vec<&LinkedLine> = op
                    .targets
                    .iter()
                    .map(|i| &lines[i.index(lines.len())])
                    .collect();
                let mut mine: BTreeSet<(i32, i32)> = tagged
                    .iter()
                    .filter(|r| r.2 == tag.id)
                    .map(|r| (r.0, r.1))
                    .collect();
                tagged.retain(|r| r.2 != tag.id);
                let want = apply(
                    op.write,
                    &mut mine,
                    &targets.iter().map(|l| key(l)).collect::<Vec<_>>(),
                );
                tagged.extend(mine.into_iter().map(|(o, n)| (o, n, tag.id)));
                let got = with_chunk_size(g.chunk, || -> Result<_, Error> {
                    Ok(run!(conn, op.write, tag.lines(), targets.iter().copied()))
                })?;
                (got, want)
            }
            Through::Follows | Through::FollowedBy => {
                let forward = matches!(op.through, Through::Follows);
                let line = &lines[op.source.index(lines.len())];
                let targets: Vec<&LinkedLine> = op
                    .targets
                    .iter()
                    .map(|i| &lines[i.index(lines.len())])
                    .collect();
                // A row as (this end, other end).
                let ends = |r: &(i32, i32, i32, i32)| {
                    if forward {
                        ((r.0, r.1), (r.2, r.3))
                    } else {
                        ((r.2, r.3), (r.0, r.1))
                    }
                };
                let mut mine: BTreeSet<(i32, i32)> = paired
                    .iter()
                    .map(ends)
                    .filter(|(s, _)| *s == key(line))
                    .map(|(_, t)| t)
                    .collect();
                paired.retain(|r| ends(r).0 != key(line));
                let want = apply(
                    op.write,
                    &mut mine,
                    &targets.iter().map(|l| key(l)).collect::<Vec<_>>(),
                );
                let (s0, s1) = key(line);
                paired.extend(mine.into_iter().map(|(t0, t1)| {
                    if forward {
                        (s0, s1, t0, t1)
                    } else {
                        (t0, t1, s0, s1)
                    }
                }));
                let got = with_chunk_size(g.chunk, || -> Result<_, Error> {
                    Ok(if forward {
                        run!(conn, op.write, line.follows(), targets.iter().copied())
                    } else {
                        run!(conn, op.write, line.followed_by(), targets.iter().copied())
                    })
                })?;
                (got, want)
            }
        };
        if got != want {
            return Err(
                format!("step {step} {op:?}: returned {got:?}, the model says {want:?}").into(),
            );
        }
        if tag_rows(conn)? != tagged {
            return Err(format!(
                "step {step} {op:?}: cfk_line_tags {:?} != model {tagged:?}",
                tag_rows(conn)?
            )
            .into());
        }
        if pair_rows(conn)? != paired {
            return Err(format!(
                "step {step} {op:?}: cfk_line_pairs {:?} != model {paired:?}",
                pair_rows(conn)?
            )
            .into());
        }
    }

    // Eager equals lazy, and lazy equals the model, from every end.
    let mut shuffled = lines.clone();
    shuffled.reverse();
    shuffled.push(lines[0].clone());
    let eager = with_chunk_size(g.chunk, || {
        shuffled.clone().eager(
            conn,
            diesel_relations::both(
                LinkedLine::tags,
                diesel_relations::both(LinkedLine::follows, LinkedLine::followed_by),
            ),
        )
    })?;
    for (page, line) in eager.iter().zip(&shuffled) {
        let tags_lazy = line.tags().load(conn)?;
        let want: Vec<i32> = tagged
            .iter()
            .filter(|r| (r.0, r.1) == key(line))
            .map(|r| r.2)
            .collect();
        if tags_lazy.iter().map(|t| t.id).collect::<Vec<_>>() != want || page.related.0 != tags_lazy
        {
            return Err(format!(
                "{line:?}.tags: eager {:?}, lazy {tags_lazy:?}, model {want:?}",
                page.related.0
            )
            .into());
        }
        let follows = line.follows().load(conn)?;
        let want: Vec<(i32, i32)> = paired
            .iter()
            .filter(|r| (r.0, r.1) == key(line))
            .map(|r| (r.2, r.3))
            .collect();
        if follows.iter().map(key).collect::<Vec<_>>() != want || page.related.1 .0 != follows {
            return Err(format!(
                "{line:?}.follows: eager {:?}, lazy {follows:?}, model {want:?}",
                page.related.1 .0
            )
            .into());
        }
        let followed_by = line.followed_by().load(conn)?;
        let mut want: Vec<(i32, i32)> = paired
            .iter()
            .filter(|r| (r.2, r.3) == key(line))
            .map(|r| (r.0, r.1))
            .collect();
        want.sort();
        if followed_by.iter().map(key).collect::<Vec<_>>() != want
            || page.related.1 .1 != followed_by
        {
            return Err(format!(
                "{line:?}.followed_by: eager {:?}, lazy {followed_by:?}, model {want:?}",
                page.related.1 .1
            )
            .into());
        }
    }
    let eager = with_chunk_size(g.chunk, || tags.clone().eager(conn, Tag::lines))?;
    for (page, tag) in eager.iter().zip(&tags) {
        let lazy = tag.lines().load(conn)?;
        let want: Vec<(i32, i32)> = tagged
            .iter()
            .filter(|r| r.2 == tag.id)
            .map(|r| (r.0, r.1))
            .collect();
        if lazy.iter().map(key).collect::<Vec<_>>() != want || page.related != lazy {
            return Err(format!(
                "{tag:?}.lines: eager {:?}, lazy {lazy:?}, model {want:?}",
                page.related
            )
            .into());
        }
    }
    Ok(())
}

fn link_unlink_set_clear_equal_a_model_and_eager_equals_lazy() -> Result<(), Failed> {
    let mut runner = TestRunner::new(Config {
        cases: 96,
        ..Config::default()
    });
    runner
        .run(&cases(), |g| {
            property(&g).map_err(|e| TestCaseError::fail(e.to_string()))
        })
        .map_err(|e| Failed::from(e.to_string()))
}

pub fn trials() -> Vec<Trial> {
    vec![Trial::test(
        "sqlite::composite_m2m_properties::link_unlink_set_clear_equal_a_model_and_eager_equals_lazy",
        link_unlink_set_clear_equal_a_model_and_eager_equals_lazy,
    )]
}
