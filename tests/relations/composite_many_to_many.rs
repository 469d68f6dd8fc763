//! One-to-one and many-to-many through composite keys
//! (`src/seeds/line_links.rs`): `LinkedLine.detail` (the side without the
//! key of a one-to-one, `cfk_line_details (order_id, line_no)` UNIQUE),
//! `LinkedLine.tags` / `Tag.lines` through `cfk_line_tags((order_id,
//! line_no), tag_id)`, and `LinkedLine.follows` / `followed_by` through
//! `cfk_line_pairs`, composite on both sides. Each test reads the rows
//! back and compares with what hand-written Diesel loads (a join on
//! `a.eq(x).and(b.eq(y))`).

use diesel::prelude::*;
use diesel_relations::composite_links::link_all_rows;
use diesel_relations::eager::{with, with_chunk_size, Eager};
use diesel_relations::RelationError;
use diesel_relations_seeds::schema::{
    cfk_line_details, cfk_line_pairs, cfk_line_tags, cfk_order_lines, cfk_tags,
};
use diesel_relations_seeds::seeds::line_links::{LineDetail, LinkedLine, Tag};

/// Lines `(order, no)` of orders 1-3, tags 1-4, a detail on every other
/// line, line `i` tagged with the tags `t` where `(i + t) % 3 == 0`, and
/// line `i` following lines `i + 1` and `i + 3` (mod the count).
macro_rules! graph {
    ($conn:expr) => {{
        let lines: Vec<LinkedLine> = [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 7)]
            .into_iter()
            .map(|(order_id, line_no)| LinkedLine {
                order_id,
                line_no,
                item: format!("item {order_id}.{line_no}"),
            })
            .collect();
        diesel::insert_into(cfk_order_lines::table)
            .values(&lines)
            .execute($conn)?;
        let tags: Vec<Tag> = (1..=4)
            .map(|id| Tag {
                id,
                name: format!("tag {id}"),
            })
            .collect();
        diesel::insert_into(cfk_tags::table)
            .values(&tags)
            .execute($conn)?;
        let details: Vec<LineDetail> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(i, l)| LineDetail {
                id: i as i32 + 1,
                order_id: l.order_id,
                line_no: l.line_no,
                detail: format!("detail of {}.{}", l.order_id, l.line_no),
            })
            .collect();
        diesel::insert_into(cfk_line_details::table)
            .values(&details)
            .execute($conn)?;
        let n = lines.len();
        let mut tagged = Vec::new();
        let mut pairs = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            for t in &tags {
                if (i as i32 + t.id) % 3 == 0 {
                    tagged.push((
                        cfk_line_tags::order_id.eq(l.order_id),
                        cfk_line_tags::line_no.eq(l.line_no),
                        cfk_line_tags::tag_id.eq(t.id),
                    ));
                }
            }
            for step in [1, 3] {
                let to = &lines[(i + step) % n];
                pairs.push((
                    cfk_line_pairs::from_order_id.eq(l.order_id),
                    cfk_line_pairs::from_line_no.eq(l.line_no),
                    cfk_line_pairs::to_order_id.eq(to.order_id),
                    cfk_line_pairs::to_line_no.eq(to.line_no),
                ));
            }
        }
        diesel::insert_into(cfk_line_tags::table)
            .values(&tagged)
            .execute($conn)?;
        diesel::insert_into(cfk_line_pairs::table)
            .values(&pairs)
            .execute($conn)?;
        (lines, tags)
    }};
}

/// A line's tags as hand-written Diesel loads them, by tag id.
macro_rules! tags_of {
    ($conn:expr, $line:expr) => {
        cfk_tags::table
            .inner_join(cfk_line_tags::table.on(cfk_tags::id.eq(cfk_line_tags::tag_id)))
            .filter(
                cfk_line_tags::order_id
                    .eq($line.order_id)
                    .and(cfk_line_tags::line_no.eq($line.line_no)),
            )
            .order_by(cfk_tags::id)
            .select(Tag::as_select())
            .load::<Tag>($conn)?
    };
}

/// A tag's lines as hand-written Diesel loads them, in the lines' key order.
macro_rules! lines_of {
    ($conn:expr, $tag:expr) => {
        cfk_order_lines::table
            .inner_join(
                cfk_line_tags::table.on(cfk_order_lines::order_id
                    .eq(cfk_line_tags::order_id)
                    .and(cfk_order_lines::line_no.eq(cfk_line_tags::line_no))),
            )
            .filter(cfk_line_tags::tag_id.eq($tag.id))
            .order_by((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select(LinkedLine::as_select())
            .load::<LinkedLine>($conn)?
    };
}

/// The lines a line follows, as hand-written Diesel loads them.
macro_rules! follows_of {
    ($conn:expr, $line:expr) => {
        cfk_order_lines::table
            .inner_join(
                cfk_line_pairs::table.on(cfk_order_lines::order_id
                    .eq(cfk_line_pairs::to_order_id)
                    .and(cfk_order_lines::line_no.eq(cfk_line_pairs::to_line_no))),
            )
            .filter(
                cfk_line_pairs::from_order_id
                    .eq($line.order_id)
                    .and(cfk_line_pairs::from_line_no.eq($line.line_no)),
            )
            .order_by((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .select(LinkedLine::as_select())
            .load::<LinkedLine>($conn)?
    };
}

/// The association rows of `cfk_line_tags`, read back, in key order.
macro_rules! line_tag_rows {
    ($conn:expr) => {
        cfk_line_tags::table
            .order_by((
                cfk_line_tags::order_id,
                cfk_line_tags::line_no,
                cfk_line_tags::tag_id,
            ))
            .select((
                cfk_line_tags::order_id,
                cfk_line_tags::line_no,
                cfk_line_tags::tag_id,
            ))
            .load::<(i32, i32, i32)>($conn)?
    };
}

/// The association rows of `cfk_line_pairs`, read back, in key order.
macro_rules! line_pair_rows {
    ($conn:expr) => {
        cfk_line_pairs::table
            .order_by((
                cfk_line_pairs::from_order_id,
                cfk_line_pairs::from_line_no,
                cfk_line_pairs::to_order_id,
                cfk_line_pairs::to_line_no,
            ))
            .select((
                cfk_line_pairs::from_order_id,
                cfk_line_pairs::from_line_no,
                cfk_line_pairs::to_order_id,
                cfk_line_pairs::to_line_no,
            ))
            .load::<(i32, i32, i32, i32)>($conn)?
    };
}

backend_tests! {
    fn composite_one_to_one_loads_lazily_like_hand_written_diesel(conn) {
        let (lines, _) = graph!(conn);
        let mut found = 0;
        for line in &lines {
            let expected: Option<LineDetail> = cfk_line_details::table
                .filter(cfk_line_details::order_id.eq(line.order_id).and(cfk_line_details::line_no.eq(line.line_no)))
                .select(LineDetail::as_select())
                .first(conn)
                .optional()?;
            found += usize::from(expected.is_some());
            ensure_eq!(line.detail().get(conn)?, expected.clone());
            if let Some(detail) = expected {
                // And back through the many-to-one.
                ensure_eq!(detail.line().get(conn)?, line.clone());
            }
        }
        ensure_eq!(found, 4);
        Ok(())
    }

    fn composite_one_to_one_loads_eagerly_like_lazily(conn) {
        let (lines, _) = graph!(conn);
        let mut lazy = Vec::new();
        for line in &lines {
            lazy.push(line.detail().get(conn)?);
        }
        let mut twice = lines.clone();
        twice.push(lines[0].clone());
        for chunk in [1, 2, 3, usize::MAX] {
            let pages = with_chunk_size(chunk, || twice.clone().eager(conn, LinkedLine::detail))?;
            ensure_eq!(pages.len(), twice.len());
            for (page, want) in pages.iter().zip(lazy.iter().chain([&lazy[0]])) {
                ensure_eq!(&page.related, want);
            }
            // Two levels: each detail's line again.
            let nested = with_chunk_size(chunk, || lines.clone().eager(conn, with(LinkedLine::detail, LineDetail::line)))?;
            for (page, line) in nested.iter().zip(&lines) {
                if let Some(detail) = &page.related {
                    ensure_eq!(&detail.related, line);
                }
            }
        }
        Ok(())
    }

    fn composite_many_to_many_loads_lazily_like_hand_written_diesel(conn) {
        let (lines, tags) = graph!(conn);
        let mut links = 0;
        for line in &lines {
            let want = tags_of!(conn, line);
            links += want.len();
            ensure_eq!(line.tags().load(conn)?, want);
            ensure_eq!(line.follows().load(conn)?, follows_of!(conn, line));
            // The handle's query is a Diesel query: count the links.
            let n: i64 = line.tags().query().count().get_result(conn)?;
            ensure_eq!(n as usize, want.len());
        }
        ensure_eq!(links, line_tag_rows!(conn).len());
        for tag in &tags {
            ensure_eq!(tag.lines().load(conn)?, lines_of!(conn, tag));
        }
        // followed_by is follows read from the other end.
        for line in &lines {
            let back: Vec<LinkedLine> = line.followed_by().load(conn)?;
            for other in &back {
                ensure_eq!(other.follows().load(conn)?.contains(line), true);
            }
        }
        Ok(())
    }

    fn composite_many_to_many_loads_eagerly_like_lazily(conn) {
        let (lines, tags) = graph!(conn);
        let mut lazy = Vec::new();
        for line in &lines {
            lazy.push((line.tags().load(conn)?, line.follows().load(conn)?, line.followed_by().load(conn)?));
        }
        for chunk in [1, 2, 3, usize::MAX] {
            let pages = with_chunk_size(chunk, || {
                lines.clone().eager(
                    conn,
                    diesel_relations::both(LinkedLine::tags, diesel_relations::both(LinkedLine::follows, LinkedLine::followed_by)),
                )
            })?;
            for (page, (tags, follows, followed_by)) in pages.iter().zip(&lazy) {
                ensure_eq!(&page.related.0, tags);
                ensure_eq!(&page.related.1 .0, follows);
                ensure_eq!(&page.related.1 .1, followed_by);
            }
            // Two levels, from the one-column side: each tag's lines' tags.
            let nested = with_chunk_size(chunk, || tags.clone().eager(conn, with(Tag::lines, LinkedLine::tags)))?;
            for (page, tag) in nested.iter().zip(&tags) {
                let want = tag.lines().load(conn)?;
                ensure_eq!(page.related.iter().map(|n| n.row.clone()).collect::<Vec<_>>(), want);
                for node in &page.related {
                    ensure_eq!(node.related, node.row.tags().load(conn)?);
                }
            }
        }
        Ok(())
    }

    fn composite_link_inserts_each_pair_once_and_unlink_deletes_it(conn) {
        let (lines, tags) = graph!(conn);
        let before = line_tag_rows!(conn);
        let line = &lines[1]; // (1, 2): tagged with 2
        let had: Vec<i32> = tags_of!(conn, line).iter().map(|t| t.id).collect();
        ensure_eq!(had, vec![2]);
        // 1 and 3 are new; 2 is linked already, and given twice.
        let added = line.tags().link(conn, [&tags[0], &tags[1], &tags[1], &tags[2]])?;
        ensure_eq!(added, 2);
        ensure_eq!(line.tags().link(conn, &tags[..3])?, 0);
        let mut want = before.clone();
        want.extend([(1, 2, 1), (1, 2, 3)]);
        want.sort();
        ensure_eq!(line_tag_rows!(conn), want);
        ensure_eq!(tags_of!(conn, line).iter().map(|t| t.id).collect::<Vec<_>>(), vec![1, 2, 3]);
        // Unlink two: exactly their rows go, the tags stay.
        ensure_eq!(line.tags().unlink(conn, [&tags[0], &tags[2]])?, 2);
        ensure_eq!(line_tag_rows!(conn), before);
        let n: i64 = cfk_tags::table.count().get_result(conn)?;
        ensure_eq!(n, 4);
        // From the one-column side, the same table.
        ensure_eq!(tags[3].lines().link(conn, [line])?, 1);
        ensure_eq!(tags_of!(conn, line).iter().map(|t| t.id).collect::<Vec<_>>(), vec![2, 4]);
        ensure_eq!(tags[3].lines().unlink(conn, [line])?, 1);
        ensure_eq!(line_tag_rows!(conn), before);
        Ok(())
    }

    fn composite_link_of_a_missing_target_inserts_nothing(conn) {
        let (lines, tags) = graph!(conn);
        let before = line_tag_rows!(conn);
        let ghost = Tag { id: 99, name: "ghost".into() };
        let err = lines[1]
            .tags()
            .link(conn, [&tags[1], &ghost])
            .expect_err("no tag 99");
        match err {
            RelationError::ForeignKeyViolation { relationship, .. } => {
                ensure_eq!(relationship, "LinkedLine.tags")
            }
            other => return Err(format!("expected a foreign key violation, got {other:?}").into()),
        }
        // The valid pair of the same statement did not land either.
        ensure_eq!(line_tag_rows!(conn), before);
        Ok(())
    }

    fn composite_link_on_both_composite_sides_reads_back(conn) {
        let (lines, _) = graph!(conn);
        let from = &lines[0];
        let before = follows_of!(conn, from);
        let added = from.follows().link(conn, &lines)?;
        ensure_eq!(added, lines.len() - before.len());
        ensure_eq!(follows_of!(conn, from), lines.clone());
        let back: Vec<(i32, i32)> = cfk_line_pairs::table
            .filter(cfk_line_pairs::to_order_id.eq(3).and(cfk_line_pairs::to_line_no.eq(7)))
            .order_by((cfk_line_pairs::from_order_id, cfk_line_pairs::from_line_no))
            .select((cfk_line_pairs::from_order_id, cfk_line_pairs::from_line_no))
            .load(conn)?;
        ensure_eq!(back.contains(&(1, 1)), true);
        ensure_eq!(from.follows().unlink(conn, &lines[3..])?, lines.len() - 3);
        ensure_eq!(follows_of!(conn, from), lines[..3].to_vec());
        Ok(())
    }

    fn composite_link_all_inserts_only_the_missing_pairs(conn) {
        let (lines, tags) = graph!(conn);
        let before = line_tag_rows!(conn);
        let links: Vec<(&LinkedLine, Vec<&Tag>)> = lines.iter().map(|l| (l, tags.iter().collect())).collect();
        let added = link_all_rows(conn, LinkedLine::tags, links.clone())?;
        ensure_eq!(added, lines.len() * tags.len() - before.len());
        let mut want = Vec::new();
        for l in &lines {
            for t in &tags {
                want.push((l.order_id, l.line_no, t.id));
            }
        }
        want.sort();
        ensure_eq!(line_tag_rows!(conn), want);
        ensure_eq!(link_all_rows(conn, LinkedLine::tags, links)?, 0);
        Ok(())
    }

    fn composite_set_links_exactly_the_targets_and_clear_unlinks_all(conn) {
        let (lines, tags) = graph!(conn);
        let before = line_tag_rows!(conn);
        let line = &lines[1]; // (1, 2): tagged with 2
        ensure_eq!(tags_of!(conn, line).iter().map(|t| t.id).collect::<Vec<_>>(), vec![2]);
        // 2 goes, 1 and 3 come (3 given twice).
        ensure_eq!(line.tags().set(conn, [&tags[0], &tags[2], &tags[2]])?, (2, 1));
        let mut want: Vec<(i32, i32, i32)> =
            before.iter().copied().filter(|&(o, n, _)| (o, n) != (1, 2)).collect();
        want.extend([(1, 2, 1), (1, 2, 3)]);
        want.sort();
        ensure_eq!(line_tag_rows!(conn), want);
        ensure_eq!(line.tags().load(conn)?, tags_of!(conn, line));
        ensure_eq!(tags_of!(conn, line).iter().map(|t| t.id).collect::<Vec<_>>(), vec![1, 3]);
        // The same set again changes nothing.
        ensure_eq!(line.tags().set(conn, [&tags[2], &tags[0]])?, (0, 0));
        ensure_eq!(line_tag_rows!(conn), want);
        // An empty set unlinks all; the tags stay.
        ensure_eq!(line.tags().set(conn, [])?, (0, 2));
        ensure_eq!(tags_of!(conn, line), Vec::<Tag>::new());
        let n: i64 = cfk_tags::table.count().get_result(conn)?;
        ensure_eq!(n, 4);
        // clear: exactly this line's rows, however many it has.
        let other = &lines[2]; // (2, 1): tagged with 1 and 4
        ensure_eq!(tags_of!(conn, other).iter().map(|t| t.id).collect::<Vec<_>>(), vec![1, 4]);
        ensure_eq!(other.tags().clear(conn)?, 2);
        ensure_eq!(other.tags().clear(conn)?, 0);
        let left: Vec<(i32, i32, i32)> = before
            .iter()
            .copied()
            .filter(|&(o, n, _)| (o, n) != (1, 2) && (o, n) != (2, 1))
            .collect();
        ensure_eq!(line_tag_rows!(conn), left);
        // From the one-column side, the same table written the other way
        // round: tag 4 is on (3, 1) now; (3, 1) goes, both lines come.
        ensure_eq!(lines_of!(conn, tags[3]), vec![lines[5].clone()]);
        ensure_eq!(tags[3].lines().set(conn, [other, line])?, (2, 1));
        ensure_eq!(lines_of!(conn, tags[3]), vec![line.clone(), other.clone()]);
        ensure_eq!(tags[3].lines().load(conn)?, lines_of!(conn, tags[3]));
        ensure_eq!(tags[3].lines().clear(conn)?, 2);
        ensure_eq!(lines_of!(conn, tags[3]), Vec::<LinkedLine>::new());
        Ok(())
    }

    fn composite_set_of_a_missing_target_changes_nothing(conn) {
        let (lines, tags) = graph!(conn);
        let before = line_tag_rows!(conn);
        let ghost = Tag { id: 99, name: "ghost".into() };
        // Its delete of tag 2's row runs before the failing insert: rolled back too.
        let err = lines[1]
            .tags()
            .set(conn, [&tags[0], &ghost])
            .expect_err("no tag 99");
        match err {
            RelationError::ForeignKeyViolation { relationship, .. } => {
                ensure_eq!(relationship, "LinkedLine.tags")
            }
            other => return Err(format!("expected a foreign key violation, got {other:?}").into()),
        }
        ensure_eq!(line_tag_rows!(conn), before);
        // The connection is usable afterwards, and the next write lands.
        ensure_eq!(lines[1].tags().set(conn, [&tags[0]])?, (1, 1));
        ensure_eq!(tags_of!(conn, lines[1]).iter().map(|t| t.id).collect::<Vec<_>>(), vec![1]);
        Ok(())
    }

    fn composite_set_and_clear_on_both_composite_sides_read_back(conn) {
        let (lines, _) = graph!(conn);
        let before = line_pair_rows!(conn);
        let from = &lines[0]; // follows lines 1 and 3
        ensure_eq!(follows_of!(conn, from), vec![lines[1].clone(), lines[3].clone()]);
        // 3 stays, 1 goes, 4 and 6 come.
        let wanted = [&lines[6], &lines[3], &lines[4]];
        ensure_eq!(from.follows().set(conn, wanted)?, (2, 1));
        ensure_eq!(follows_of!(conn, from), vec![lines[3].clone(), lines[4].clone(), lines[6].clone()]);
        ensure_eq!(from.follows().load(conn)?, follows_of!(conn, from));
        // Only this line's rows changed.
        let others = |rows: &[(i32, i32, i32, i32)]| -> Vec<(i32, i32, i32, i32)> {
            rows.iter().copied().filter(|&(o, n, _, _)| (o, n) != (1, 1)).collect()
        };
        ensure_eq!(others(&line_pair_rows!(conn)), others(&before));
        // followed_by reads the same rows from the other end.
        ensure_eq!(lines[4].followed_by().load(conn)?.contains(from), true);
        ensure_eq!(lines[1].followed_by().load(conn)?.contains(from), false);
        ensure_eq!(from.follows().clear(conn)?, 3);
        ensure_eq!(follows_of!(conn, from), Vec::<LinkedLine>::new());
        ensure_eq!(line_pair_rows!(conn), others(&before));
        Ok(())
    }
}
