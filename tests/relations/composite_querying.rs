//! Querying through composite keys (issues #21 and #20): joins along
//! `foreign_key = (a, b)` many-to-ones, collections and one-to-ones and
//! along `secondary = t((a, b), c)` many-to-manys (`inner_join_along`,
//! `left_join_along`, `.join()`), the EXISTS filters (`has`, `any`,
//! `none`, `exists`, `not_exists`) and `with_parent` through them. Each
//! query's rows are compared with hand-written Diesel of the same meaning
//! (`inner_join(t.on(a.eq(x).and(b.eq(y))))`, `exists(..)`), on every
//! backend.

use crate::harness::TestBackend;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use diesel_relations::joined::LoadJoined;
use diesel_relations::joins::JoinAlong;
use diesel_relations::Related;
use diesel_relations_seeds::schema::{
    cfk_line_details, cfk_line_pairs, cfk_line_tags, cfk_notes, cfk_order_lines, cfk_tags,
};
use diesel_relations_seeds::seeds::line_links::{LineDetail, LinkedLine, Tag};
use diesel_relations_seeds::seeds::order_lines::{Note, OrderLine};

/// Lines (1, 1), (1, 2), (2, 1), (2, 3) and (3, 1) (no note, no tag, no
/// detail); notes on the first four lines, some pointing at another line
/// by `see_also` (one whole, one half-NULL, one NULL, one at a line whose
/// `line_no` exists under another order only); a detail on (1, 2) and
/// (2, 3); tags 1-3, (1, 1) tagged 1 and 2, (2, 1) tagged 2, tag 3 on no
/// line; (1, 1) follows (1, 2) and (2, 3), (2, 1) follows (1, 1).
macro_rules! graph {
    ($conn:expr) => {{
        let lines: Vec<OrderLine> = [(1, 1), (1, 2), (2, 1), (2, 3), (3, 1)]
            .into_iter()
            .map(|(order_id, line_no)| OrderLine {
                order_id,
                line_no,
                item: format!("item {order_id}.{line_no}"),
            })
            .collect();
        diesel::insert_into(cfk_order_lines::table)
            .values(&lines)
            .execute($conn)?;
        let notes = [
            (1, (1, 1), (Some(2), Some(3)), "first"),
            (2, (1, 1), (None, None), "second"),
            (3, (1, 2), (Some(1), None), "half"),
            (4, (2, 1), (Some(1), Some(1)), "back"),
            (5, (2, 3), (None, None), "last"),
            (6, (2, 3), (Some(1), Some(2)), "again"),
        ]
        .map(
            |(id, (order_id, line_no), (see_order_id, see_line_no), body)| Note {
                id,
                order_id,
                line_no,
                see_order_id,
                see_line_no,
                body: body.to_string(),
            },
        );
        diesel::insert_into(cfk_notes::table)
            .values(&notes[..])
            .execute($conn)?;
        for (id, (order_id, line_no)) in [(1, (1, 2)), (2, (2, 3))] {
            diesel::insert_into(cfk_line_details::table)
                .values(LineDetail {
                    id,
                    order_id,
                    line_no,
                    detail: format!("detail {id}"),
                })
                .execute($conn)?;
        }
        for id in 1..=3 {
            diesel::insert_into(cfk_tags::table)
                .values(Tag {
                    id,
                    name: format!("tag {id}"),
                })
                .execute($conn)?;
        }
        for (order_id, line_no, tag_id) in [(1, 1, 1), (1, 1, 2), (2, 1, 2)] {
            diesel::insert_into(cfk_line_tags::table)
                .values((
                    cfk_line_tags::order_id.eq(order_id),
                    cfk_line_tags::line_no.eq(line_no),
                    cfk_line_tags::tag_id.eq(tag_id),
                ))
                .execute($conn)?;
        }
        for (from, to) in [((1, 1), (1, 2)), ((1, 1), (2, 3)), ((2, 1), (1, 1))] {
            diesel::insert_into(cfk_line_pairs::table)
                .values((
                    cfk_line_pairs::from_order_id.eq(from.0),
                    cfk_line_pairs::from_line_no.eq(from.1),
                    cfk_line_pairs::to_order_id.eq(to.0),
                    cfk_line_pairs::to_line_no.eq(to.1),
                ))
                .execute($conn)?;
        }
        let linked: Vec<LinkedLine> = lines
            .iter()
            .map(|l| LinkedLine {
                order_id: l.order_id,
                line_no: l.line_no,
                item: l.item.clone(),
            })
            .collect();
        (lines, notes.to_vec(), linked)
    }};
}

/// `cfk_order_lines ON (order_id, line_no) = the note's (order_id, line_no)`.
macro_rules! line_of_note {
    () => {
        cfk_order_lines::table.on(cfk_order_lines::order_id
            .eq(cfk_notes::order_id)
            .and(cfk_order_lines::line_no.eq(cfk_notes::line_no)))
    };
}

/// `cfk_order_lines ON (order_id, line_no) = the note's see_also columns`.
macro_rules! seen_line_of_note {
    () => {
        cfk_order_lines::table.on(cfk_order_lines::order_id
            .nullable()
            .eq(cfk_notes::see_order_id)
            .and(
                cfk_order_lines::line_no
                    .nullable()
                    .eq(cfk_notes::see_line_no),
            ))
    };
}

/// `cfk_line_tags ON` the line's key, then the tag.
macro_rules! tags_of_lines {
    () => {
        cfk_order_lines::table
            .inner_join(
                cfk_line_tags::table.on(cfk_line_tags::order_id
                    .eq(cfk_order_lines::order_id)
                    .and(cfk_line_tags::line_no.eq(cfk_order_lines::line_no))),
            )
            .inner_join(cfk_tags::table.on(cfk_tags::id.eq(cfk_line_tags::tag_id)))
    };
}

/// Each key's value in `rows` (hand-written Diesel's `GROUP BY`), in the
/// order of `keys`, `missing` where no group has it.
fn aligned_by_hand<K: Eq + std::hash::Hash, V: Clone>(
    keys: &[K],
    rows: Vec<(K, V)>,
    missing: V,
) -> Vec<V> {
    let groups: std::collections::HashMap<K, V> = rows.into_iter().collect();
    keys.iter()
        .map(|k| groups.get(k).cloned().unwrap_or_else(|| missing.clone()))
        .collect()
}

backend_tests! {
    fn a_composite_many_to_one_joins_like_hand_written_diesel(conn) {
        graph!(conn);
        let want: Vec<(i32, String)> = cfk_notes::table
            .inner_join(line_of_note!())
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item))
            .load(conn)?;
        ensure_eq!(want.len(), 6);
        let along: Vec<(i32, String)> = cfk_notes::table
            .inner_join_along(Note::order_line)
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item))
            .load(conn)?;
        ensure_eq!(along, want);
        let joined: Vec<(i32, String)> = cfk_notes::table
            .inner_join(Note::order_line.join())
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item))
            .load(conn)?;
        ensure_eq!(joined, want);
        // The optional one: a NULL or half-NULL key joins nothing, and a
        // left join keeps the note with `None`.
        let want: Vec<(i32, Option<String>)> = cfk_notes::table
            .left_join(seen_line_of_note!())
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item.nullable()))
            .load(conn)?;
        ensure_eq!(
            want.iter().filter(|(_, item)| item.is_some()).count(),
            3
        );
        let along: Vec<(i32, Option<String>)> = cfk_notes::table
            .left_join_along(Note::see_also)
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item.nullable()))
            .load(conn)?;
        ensure_eq!(along, want);
        let inner: Vec<(i32, String)> = cfk_notes::table
            .inner_join_along(Note::see_also)
            .filter(cfk_order_lines::order_id.eq(1))
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item))
            .load(conn)?;
        let want: Vec<(i32, String)> = cfk_notes::table
            .inner_join(seen_line_of_note!())
            .filter(cfk_order_lines::order_id.eq(1))
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item))
            .load(conn)?;
        ensure_eq!(inner, want);
        ensure_eq!(inner.iter().map(|r| r.0).collect::<Vec<_>>(), [4, 6]);
        Ok(())
    }

    fn a_composite_collection_joins_like_hand_written_diesel(conn) {
        graph!(conn);
        let order = (cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_notes::id);
        let want: Vec<(i32, i32, Option<i32>)> = cfk_order_lines::table
            .left_join(cfk_notes::table.on(cfk_notes::order_id
                .eq(cfk_order_lines::order_id)
                .and(cfk_notes::line_no.eq(cfk_order_lines::line_no))))
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_notes::id.nullable()))
            .load(conn)?;
        ensure_eq!(want.len(), 7); // six notes and line (3, 1) without one
        ensure_eq!(want.last(), Some(&(3, 1, None)));
        let along: Vec<(i32, i32, Option<i32>)> = cfk_order_lines::table
            .left_join_along(OrderLine::notes)
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_notes::id.nullable()))
            .load(conn)?;
        ensure_eq!(along, want);
        let inner: Vec<(i32, i32, i32)> = cfk_order_lines::table
            .inner_join_along(OrderLine::notes)
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_notes::id))
            .load(conn)?;
        ensure_eq!(
            inner,
            want.iter().filter_map(|&(o, l, n)| Some((o, l, n?))).collect::<Vec<_>>()
        );
        // The nullable pair: each line with the notes that point at it.
        let want: Vec<(i32, i32, i32)> = cfk_order_lines::table
            .inner_join(cfk_notes::table.on(cfk_notes::see_order_id
                .eq(cfk_order_lines::order_id.nullable())
                .and(cfk_notes::see_line_no.eq(cfk_order_lines::line_no.nullable()))))
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_notes::id))
            .load(conn)?;
        let along: Vec<(i32, i32, i32)> = cfk_order_lines::table
            .inner_join(OrderLine::seen_by.join())
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_notes::id))
            .load(conn)?;
        ensure_eq!(along, want);
        ensure_eq!(along, [(1, 1, 4), (1, 2, 6), (2, 3, 1)]);
        Ok(())
    }

    fn a_composite_one_to_one_joins_like_hand_written_diesel(conn) {
        graph!(conn);
        let want: Vec<(i32, i32, Option<String>)> = cfk_order_lines::table
            .left_join(cfk_line_details::table.on(cfk_line_details::order_id
                .eq(cfk_order_lines::order_id)
                .and(cfk_line_details::line_no.eq(cfk_order_lines::line_no))))
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_line_details::detail.nullable()))
            .load(conn)?;
        ensure_eq!(want.iter().filter(|r| r.2.is_some()).count(), 2);
        let along: Vec<(i32, i32, Option<String>)> = cfk_order_lines::table
            .left_join_along(LinkedLine::detail)
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_line_details::detail.nullable()))
            .load(conn)?;
        ensure_eq!(along, want);
        // And from the detail, its many-to-one back.
        let back: Vec<(i32, String)> = cfk_line_details::table
            .inner_join_along(LineDetail::line)
            .order(cfk_line_details::id)
            .select((cfk_line_details::id, cfk_order_lines::item))
            .load(conn)?;
        ensure_eq!(back, [(1, "item 1.2".to_string()), (2, "item 2.3".to_string())]);
        Ok(())
    }

    fn a_composite_many_to_many_joins_like_hand_written_diesel(conn) {
        graph!(conn);
        let order = (cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_tags::id);
        let want: Vec<(i32, i32, String)> = tags_of_lines!()
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_tags::name))
            .load(conn)?;
        ensure_eq!(want.len(), 3);
        let along: Vec<(i32, i32, String)> = cfk_order_lines::table
            .inner_join_along(LinkedLine::tags)
            .order(order)
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no, cfk_tags::name))
            .load(conn)?;
        ensure_eq!(along, want);
        // From the one-column side, a left join keeping tag 3.
        let want: Vec<(i32, Option<i32>, Option<i32>)> = cfk_tags::table
            .left_join(
                cfk_line_tags::table
                    .inner_join(cfk_order_lines::table.on(cfk_order_lines::order_id
                        .eq(cfk_line_tags::order_id)
                        .and(cfk_order_lines::line_no.eq(cfk_line_tags::line_no))))
                    .on(cfk_line_tags::tag_id.eq(cfk_tags::id)),
            )
            .order((cfk_tags::id, cfk_order_lines::order_id.nullable(), cfk_order_lines::line_no.nullable()))
            .select((cfk_tags::id, cfk_order_lines::order_id.nullable(), cfk_order_lines::line_no.nullable()))
            .load(conn)?;
        ensure_eq!(want.last(), Some(&(3, None, None)));
        let along: Vec<(i32, Option<i32>, Option<i32>)> = cfk_tags::table
            .left_join_along(Tag::lines)
            .order((cfk_tags::id, cfk_order_lines::order_id.nullable(), cfk_order_lines::line_no.nullable()))
            .select((cfk_tags::id, cfk_order_lines::order_id.nullable(), cfk_order_lines::line_no.nullable()))
            .load(conn)?;
        ensure_eq!(along, want);
        Ok(())
    }

    fn composite_exists_filters_match_hand_written_diesel(conn) {
        graph!(conn);
        // has: notes whose line is of order 2.
        let want: Vec<i32> = cfk_notes::table
            .filter(exists(
                cfk_order_lines::table
                    .filter(cfk_order_lines::order_id.eq(cfk_notes::order_id).and(cfk_order_lines::line_no.eq(cfk_notes::line_no)))
                    .filter(cfk_order_lines::order_id.eq(2)),
            ))
            .order(cfk_notes::id)
            .select(cfk_notes::id)
            .load(conn)?;
        ensure_eq!(want, [4, 5, 6]);
        let got: Vec<i32> = cfk_notes::table
            .filter(Note::order_line.has(cfk_order_lines::order_id.eq(2)))
            .order(cfk_notes::id)
            .select(cfk_notes::id)
            .load(conn)?;
        ensure_eq!(got, want);
        // has through the nullable key: NULL and half-NULL keys match nothing.
        let want: Vec<i32> = cfk_notes::table
            .filter(exists(
                cfk_order_lines::table.filter(
                    cfk_order_lines::order_id.nullable().eq(cfk_notes::see_order_id)
                        .and(cfk_order_lines::line_no.nullable().eq(cfk_notes::see_line_no)),
                ),
            ))
            .order(cfk_notes::id)
            .select(cfk_notes::id)
            .load(conn)?;
        ensure_eq!(want, [1, 4, 6]);
        let got: Vec<i32> = cfk_notes::table
            .filter(Note::see_also.exists())
            .order(cfk_notes::id)
            .select(cfk_notes::id)
            .load(conn)?;
        ensure_eq!(got, want);
        // any / none on the collection, nested with a condition on the line.
        let notes_like = |body: &'static str| {
            exists(
                cfk_notes::table
                    .filter(cfk_notes::order_id.eq(cfk_order_lines::order_id).and(cfk_notes::line_no.eq(cfk_order_lines::line_no)))
                    .filter(cfk_notes::body.like(body)),
            )
        };
        let want: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(notes_like("%s%"))
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        ensure_eq!(want, [(1, 1), (2, 3)]);
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(OrderLine::notes.any(cfk_notes::body.like("%s%")))
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        ensure_eq!(got, want);
        let want: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(not(notes_like("%s%")))
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(OrderLine::notes.none(cfk_notes::body.like("%s%")))
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        ensure_eq!(got, want);
        ensure_eq!(got, [(1, 2), (2, 1), (3, 1)]);
        let idle: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(OrderLine::notes.not_exists())
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        ensure_eq!(idle, [(3, 1)]);
        // One-to-one: lines whose detail is "detail 2".
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(LinkedLine::detail.has(cfk_line_details::detail.eq("detail 2")))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        let want: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(exists(
                cfk_line_details::table
                    .filter(cfk_line_details::order_id.eq(cfk_order_lines::order_id).and(cfk_line_details::line_no.eq(cfk_order_lines::line_no)))
                    .filter(cfk_line_details::detail.eq("detail 2")),
            ))
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        ensure_eq!(got, want);
        ensure_eq!(got, [(2, 3)]);
        Ok(())
    }

    fn composite_many_to_many_exists_filters_match_hand_written_diesel(conn) {
        graph!(conn);
        let tagged = |name: &'static str| {
            exists(
                cfk_tags::table
                    .inner_join(cfk_line_tags::table.on(cfk_line_tags::tag_id.eq(cfk_tags::id)))
                    .filter(cfk_line_tags::order_id.eq(cfk_order_lines::order_id).and(cfk_line_tags::line_no.eq(cfk_order_lines::line_no)))
                    .filter(cfk_tags::name.eq(name)),
            )
        };
        let order = (cfk_order_lines::order_id, cfk_order_lines::line_no);
        let want: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(tagged("tag 2"))
            .order(order)
            .select(order)
            .load(conn)?;
        ensure_eq!(want, [(1, 1), (2, 1)]);
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(LinkedLine::tags.any(cfk_tags::name.eq("tag 2")))
            .order(order)
            .select(order)
            .load(conn)?;
        ensure_eq!(got, want);
        let want: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(not(tagged("tag 1")))
            .order(order)
            .select(order)
            .load(conn)?;
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(LinkedLine::tags.none(cfk_tags::name.eq("tag 1")))
            .order(order)
            .select(order)
            .load(conn)?;
        ensure_eq!(got, want);
        ensure_eq!(got.len(), 4);
        // From the one-column side: tags on a line of order 1, and tags on
        // no line.
        let got: Vec<i32> = cfk_tags::table
            .filter(Tag::lines.any(cfk_order_lines::order_id.eq(1)))
            .order(cfk_tags::id)
            .select(cfk_tags::id)
            .load(conn)?;
        let want: Vec<i32> = cfk_tags::table
            .filter(exists(
                cfk_line_tags::table
                    .filter(cfk_line_tags::tag_id.eq(cfk_tags::id))
                    .filter(cfk_line_tags::order_id.eq(1)),
            ))
            .order(cfk_tags::id)
            .select(cfk_tags::id)
            .load(conn)?;
        ensure_eq!(got, want);
        ensure_eq!(got, [1, 2]);
        let unused: Vec<i32> = cfk_tags::table
            .filter(Tag::lines.not_exists())
            .select(cfk_tags::id)
            .load(conn)?;
        ensure_eq!(unused, [3]);
        Ok(())
    }

    fn composite_with_parent_matches_the_lazy_loads(conn) {
        let (lines, notes, linked) = graph!(conn);
        for line in &lines {
            let got: Vec<Note> = cfk_notes::table
                .filter(OrderLine::notes.with_parent(line))
                .order(cfk_notes::id)
                .select(Note::as_select())
                .load(conn)?;
            ensure_eq!(got, line.notes().load(conn)?);
            let seen: Vec<Note> = cfk_notes::table
                .filter(OrderLine::seen_by.with_parent(line))
                .order(cfk_notes::id)
                .select(Note::as_select())
                .load(conn)?;
            ensure_eq!(seen, line.seen_by().load(conn)?);
        }
        for note in &notes {
            let got: Vec<OrderLine> = cfk_order_lines::table
                .filter(Note::order_line.with_parent(note))
                .select(OrderLine::as_select())
                .load(conn)?;
            ensure_eq!(got, vec![note.order_line().get(conn)?]);
            // A NULL or half-NULL key: no line, as `get` says.
            let seen: Option<OrderLine> = cfk_order_lines::table
                .filter(Note::see_also.with_parent(note))
                .select(OrderLine::as_select())
                .first(conn)
                .optional()?;
            ensure_eq!(seen, note.see_also().get(conn)?);
        }
        let mut tagged = 0;
        for line in &linked {
            let tags: Vec<Tag> = cfk_tags::table
                .filter(LinkedLine::tags.with_parent(line))
                .order(cfk_tags::id)
                .select(Tag::as_select())
                .load(conn)?;
            tagged += tags.len();
            ensure_eq!(tags, line.tags().load(conn)?);
            let detail: Option<LineDetail> = cfk_line_details::table
                .filter(LinkedLine::detail.with_parent(line))
                .select(LineDetail::as_select())
                .first(conn)
                .optional()?;
            ensure_eq!(detail, line.detail().get(conn)?);
        }
        ensure_eq!(tagged, 3);
        let tag = Tag { id: 2, name: "tag 2".into() };
        let got: Vec<LinkedLine> = cfk_order_lines::table
            .filter(Tag::lines.with_parent(&tag))
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select(LinkedLine::as_select())
            .load(conn)?;
        ensure_eq!(got, tag.lines().load(conn)?);
        ensure_eq!(got.len(), 2);
        Ok(())
    }

    fn a_composite_many_to_many_through_an_alias_matches_hand_written_diesel(conn) {
        graph!(conn);
        let followed = diesel::alias!(cfk_order_lines as followed);
        let cols = (
            cfk_order_lines::order_id,
            cfk_order_lines::line_no,
            followed.field(cfk_order_lines::order_id),
            followed.field(cfk_order_lines::line_no),
        );
        let want: Vec<(i32, i32, i32, i32)> = cfk_order_lines::table
            .inner_join(cfk_line_pairs::table.on(cfk_line_pairs::from_order_id
                .eq(cfk_order_lines::order_id)
                .and(cfk_line_pairs::from_line_no.eq(cfk_order_lines::line_no))))
            .inner_join(followed.on(followed.field(cfk_order_lines::order_id)
                .eq(cfk_line_pairs::to_order_id)
                .and(followed.field(cfk_order_lines::line_no).eq(cfk_line_pairs::to_line_no))))
            .order(cols)
            .select(cols)
            .load(conn)?;
        ensure_eq!(want, [(1, 1, 1, 2), (1, 1, 2, 3), (2, 1, 1, 1)]);
        let along: Vec<(i32, i32, i32, i32)> = cfk_order_lines::table
            .inner_join_along_as(LinkedLine::follows, followed)
            .order(cols)
            .select(cols)
            .load(conn)?;
        ensure_eq!(along, want);
        let joined: Vec<(i32, i32, i32, i32)> = cfk_order_lines::table
            .inner_join(LinkedLine::follows.join_as(followed))
            .order(cols)
            .select(cols)
            .load(conn)?;
        ensure_eq!(joined, want);
        // EXISTS through the alias: lines following line 2.3, and not.
        let order = (cfk_order_lines::order_id, cfk_order_lines::line_no);
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(LinkedLine::follows.any_as(followed, followed.field(cfk_order_lines::item).eq("item 2.3")))
            .order(order)
            .select(order)
            .load(conn)?;
        ensure_eq!(got, [(1, 1)]);
        let got: Vec<(i32, i32)> = cfk_order_lines::table
            .filter(LinkedLine::followed_by.none_as(followed, followed.field(cfk_order_lines::line_no).eq(1)))
            .order(order)
            .select(order)
            .load(conn)?;
        // (1, 1) is followed by (2, 1), (1, 2) and (2, 3) by (1, 1).
        ensure_eq!(got, [(2, 1), (3, 1)]);
        // A composite many-to-one through an alias of its target.
        let seen = diesel::alias!(cfk_order_lines as seen);
        let rows: Vec<(i32, Option<String>)> = cfk_notes::table
            .left_join_along_as(Note::see_also, seen)
            .order(cfk_notes::id)
            .select((cfk_notes::id, seen.field(cfk_order_lines::item).nullable()))
            .load(conn)?;
        let want: Vec<(i32, Option<String>)> = cfk_notes::table
            .left_join(seen_line_of_note!())
            .order(cfk_notes::id)
            .select((cfk_notes::id, cfk_order_lines::item.nullable()))
            .load(conn)?;
        ensure_eq!(rows, want);
        Ok(())
    }

    fn composite_scalars_load_joined_like_lazily(conn) {
        let (_, notes, linked) = graph!(conn);
        let page = cfk_notes::table.order(cfk_notes::id).load_joined(conn, Note::see_also)?;
        ensure_eq!(page.len(), notes.len());
        for (node, note) in page.iter().zip(&notes) {
            ensure_eq!(&node.row, note);
            ensure_eq!(node.related, note.see_also().get(conn)?);
        }
        let page = cfk_notes::table.order(cfk_notes::id).load_joined(conn, Note::order_line)?;
        for (node, note) in page.iter().zip(&notes) {
            ensure_eq!(node.related, note.order_line().get(conn)?);
        }
        let page = cfk_order_lines::table
            .order((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load_joined(conn, LinkedLine::detail)?;
        ensure_eq!(page.len(), linked.len());
        for (node, line) in page.iter().zip(&linked) {
            ensure_eq!(&node.row, line);
            ensure_eq!(node.related, line.detail().get(conn)?);
        }
        // A note whose line is gone: the lazy load's error, not a dropped row.
        conn.disable_foreign_key_checks()?;
        let orphan = Note {
            id: 99,
            order_id: 1,
            line_no: 3, // no line (1, 3)
            see_order_id: None,
            see_line_no: None,
            body: "orphan".into(),
        };
        diesel::insert_into(cfk_notes::table).values(&orphan).execute(conn)?;
        let dangling = cfk_notes::table.filter(cfk_notes::id.eq(99)).load_joined(conn, Note::order_line);
        let lazy = orphan.order_line().get(conn);
        ensure_eq!(format!("{dangling:?}"), format!("{lazy:?}"));
        ensure_eq!(
            matches!(dangling, Err(diesel_relations::RelationError::MissingTarget { ref key, .. }) if key == "(1, 3)"),
            true
        );
        Ok(())
    }

    fn composite_collections_count_and_aggregate_like_a_hand_written_group_by(conn) {
        use diesel::dsl::{count_star, max};
        use diesel_relations::{AggregateRelated, CountDistinctRelated, CountRelated};
        let (lines, _, _) = graph!(conn);
        // Line (2, 1) twice, (3, 1) without a note.
        let mut parents = lines.clone();
        parents.push(lines[2].clone());
        let keys: Vec<(i32, i32)> = parents.iter().map(|l| (l.order_id, l.line_no)).collect();
        let rows: Vec<(i32, i32, i64)> = cfk_notes::table
            .group_by((cfk_notes::order_id, cfk_notes::line_no))
            .select((cfk_notes::order_id, cfk_notes::line_no, count_star()))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, n)| ((o, l), n)).collect(), 0);
        ensure_eq!(want, [2, 1, 1, 2, 0, 1]);
        ensure_eq!(parents.count_related(conn, OrderLine::notes)?, want);
        // Two keys a query (one on MySQL, whose chunk counts each column).
        let chunked = diesel_relations::eager::with_chunk_size(2, || {
            parents.count_related(conn, OrderLine::notes)
        })?;
        ensure_eq!(chunked, want);

        let rows: Vec<(i32, i32, Option<String>)> = cfk_notes::table
            .group_by((cfk_notes::order_id, cfk_notes::line_no))
            .select((cfk_notes::order_id, cfk_notes::line_no, max(cfk_notes::body)))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, b)| ((o, l), b)).collect(), None);
        ensure_eq!(want[4], None);
        ensure_eq!(parents.aggregate_related(conn, OrderLine::notes, max(cfk_notes::body))?, want);

        // COUNT(DISTINCT see_order_id): NULLs are no value.
        let rows: Vec<(i32, i32, i64)> = cfk_notes::table
            .group_by((cfk_notes::order_id, cfk_notes::line_no))
            .select((
                cfk_notes::order_id,
                cfk_notes::line_no,
                diesel::dsl::count(cfk_notes::see_order_id).aggregate_distinct(),
            ))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, n)| ((o, l), n)).collect(), 0);
        ensure_eq!(want, [1, 1, 1, 1, 0, 1]);
        ensure_eq!(
            parents.count_distinct_related(conn, OrderLine::notes, cfk_notes::see_order_id)?,
            want
        );

        // A foreign key of nullable columns: a half-NULL one counts for no line.
        let rows: Vec<(Option<i32>, Option<i32>, i64)> = cfk_notes::table
            .filter(cfk_notes::see_order_id.is_not_null().and(cfk_notes::see_line_no.is_not_null()))
            .group_by((cfk_notes::see_order_id, cfk_notes::see_line_no))
            .select((cfk_notes::see_order_id, cfk_notes::see_line_no, count_star()))
            .load(conn)?;
        let rows = rows.into_iter().map(|(o, l, n)| ((o.unwrap(), l.unwrap()), n)).collect();
        let want = aligned_by_hand(&keys, rows, 0);
        ensure_eq!(want, [1, 1, 0, 1, 0, 0]);
        ensure_eq!(parents.count_related(conn, OrderLine::seen_by)?, want);

        // The one-to-one through (order_id, line_no): 0 or 1.
        let linked: Vec<LinkedLine> = parents
            .iter()
            .map(|l| LinkedLine { order_id: l.order_id, line_no: l.line_no, item: l.item.clone() })
            .collect();
        let rows: Vec<(i32, i32, i64)> = cfk_line_details::table
            .group_by((cfk_line_details::order_id, cfk_line_details::line_no))
            .select((cfk_line_details::order_id, cfk_line_details::line_no, count_star()))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, n)| ((o, l), n)).collect(), 0);
        ensure_eq!(want, [0, 1, 0, 1, 0, 0]);
        ensure_eq!(linked.count_related(conn, LinkedLine::detail)?, want);
        ensure_eq!(Vec::<OrderLine>::new().count_related(conn, OrderLine::notes)?, Vec::<i64>::new());
        Ok(())
    }

    fn composite_many_to_manys_count_and_aggregate_like_a_hand_written_group_by(conn) {
        use diesel::dsl::{count_star, max};
        use diesel_relations::{AggregateRelated, CountDistinctRelated, CountRelated};
        let (_, _, mut linked) = graph!(conn);
        linked.push(linked[0].clone());
        let keys: Vec<(i32, i32)> = linked.iter().map(|l| (l.order_id, l.line_no)).collect();
        // The association rows of each line, grouped by both columns.
        let rows: Vec<(i32, i32, i64)> = cfk_line_tags::table
            .group_by((cfk_line_tags::order_id, cfk_line_tags::line_no))
            .select((cfk_line_tags::order_id, cfk_line_tags::line_no, count_star()))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, n)| ((o, l), n)).collect(), 0);
        ensure_eq!(want, [2, 0, 1, 0, 0, 2]);
        ensure_eq!(linked.count_related(conn, LinkedLine::tags)?, want);

        // Each line's last tag by name, the tags joined with their links.
        let rows: Vec<(i32, i32, Option<String>)> = cfk_tags::table
            .inner_join(cfk_line_tags::table.on(cfk_line_tags::tag_id.eq(cfk_tags::id)))
            .group_by((cfk_line_tags::order_id, cfk_line_tags::line_no))
            .select((cfk_line_tags::order_id, cfk_line_tags::line_no, max(cfk_tags::name)))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, n)| ((o, l), n)).collect(), None);
        ensure_eq!(want[0].as_deref(), Some("tag 2"));
        ensure_eq!(linked.aggregate_related(conn, LinkedLine::tags, max(cfk_tags::name))?, want);
        let chunked = diesel_relations::eager::with_chunk_size(2, || {
            linked.aggregate_related(conn, LinkedLine::tags, max(cfk_tags::name))
        })?;
        ensure_eq!(chunked, want);
        ensure_eq!(
            linked.count_distinct_related(conn, LinkedLine::tags, cfk_tags::name)?,
            [2, 0, 1, 0, 0, 2]
        );

        // Both sides composite: the lines each line follows.
        let rows: Vec<(i32, i32, i64)> = cfk_line_pairs::table
            .group_by((cfk_line_pairs::from_order_id, cfk_line_pairs::from_line_no))
            .select((cfk_line_pairs::from_order_id, cfk_line_pairs::from_line_no, count_star()))
            .load(conn)?;
        let want = aligned_by_hand(&keys, rows.into_iter().map(|(o, l, n)| ((o, l), n)).collect(), 0);
        ensure_eq!(want, [2, 0, 1, 0, 0, 2]);
        ensure_eq!(linked.count_related(conn, LinkedLine::follows)?, want);

        // From the one-column side: each tag's lines.
        let tags: Vec<Tag> = cfk_tags::table.order(cfk_tags::id).load(conn)?;
        let ids: Vec<i32> = tags.iter().map(|t| t.id).collect();
        let rows: Vec<(i32, i64)> = cfk_line_tags::table
            .group_by(cfk_line_tags::tag_id)
            .select((cfk_line_tags::tag_id, count_star()))
            .load(conn)?;
        let want = aligned_by_hand(&ids, rows, 0);
        ensure_eq!(want, [1, 2, 0]);
        ensure_eq!(tags.count_related(conn, Tag::lines)?, want);
        Ok(())
    }
}
