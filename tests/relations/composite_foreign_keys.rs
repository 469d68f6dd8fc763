//! Relationships through a composite foreign key: `cfk_notes` references
//! `cfk_order_lines`, keyed by `(order_id, line_no)`, once required
//! (`Note.order_line`, `foreign_key = (order_id, line_no)`, paired with the
//! collection `OrderLine.notes`) and once optional (`see_order_id,
//! see_line_no`, nullable, paired with `OrderLine.seen_by`). Each test
//! reads the rows back and compares with what hand-written Diesel
//! (`a.eq(x).and(b.eq(y))`) loads.

use crate::harness::TestBackend;
use diesel::prelude::*;
use diesel_relations::eager::{with_chunk_size, Eager};
use diesel_relations::RelationError;
use diesel_relations_seeds::schema::{cfk_notes, cfk_order_lines};
use diesel_relations_seeds::seeds::order_lines::{Note, OrderLine};

/// A note's id, its line's key and the key of the line it sees.
type NoteKeys = (i32, i32, i32, Option<i32>, Option<i32>);

/// Lines `(order, no)` for orders 1-3, two or three lines each, and notes
/// on them: note `id` on line `lines[id % n]`, seeing `lines[(id * 2) % n]`
/// when `id` is even, nothing when odd.
macro_rules! graph {
    ($conn:expr) => {{
        let lines: Vec<OrderLine> = [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 7)]
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
        let n = lines.len();
        let notes: Vec<Note> = (1..=12)
            .map(|id: i32| {
                let on = &lines[id as usize % n];
                let see = (id % 2 == 0).then(|| &lines[(id as usize * 2) % n]);
                Note {
                    id,
                    order_id: on.order_id,
                    line_no: on.line_no,
                    see_order_id: see.map(|l| l.order_id),
                    see_line_no: see.map(|l| l.line_no),
                    body: format!("note {id}"),
                }
            })
            .collect();
        diesel::insert_into(cfk_notes::table)
            .values(&notes)
            .execute($conn)?;
        let notes: Vec<Note> = cfk_notes::table
            .order_by(cfk_notes::id)
            .select(Note::as_select())
            .load($conn)?;
        (lines, notes)
    }};
}

/// Each line's notes and the notes seeing it, as hand-written Diesel
/// loads them (by `id`, the notes' key order).
macro_rules! expected_children {
    ($conn:expr, $lines:expr) => {{
        let mut out = Vec::new();
        for l in $lines {
            let notes: Vec<Note> = cfk_notes::table
                .filter(
                    cfk_notes::order_id
                        .eq(l.order_id)
                        .and(cfk_notes::line_no.eq(l.line_no)),
                )
                .order_by(cfk_notes::id)
                .select(Note::as_select())
                .load($conn)?;
            let seen: Vec<Note> = cfk_notes::table
                .filter(
                    cfk_notes::see_order_id
                        .eq(l.order_id)
                        .and(cfk_notes::see_line_no.eq(l.line_no)),
                )
                .order_by(cfk_notes::id)
                .select(Note::as_select())
                .load($conn)?;
            out.push((notes, seen));
        }
        out
    }};
}

backend_tests! {
    fn required_composite_many_to_one_loads_lazily(conn) {
        let (_, notes) = graph!(conn);
        for note in &notes {
            let expected: OrderLine = cfk_order_lines::table
                .filter(cfk_order_lines::order_id.eq(note.order_id).and(cfk_order_lines::line_no.eq(note.line_no)))
                .select(OrderLine::as_select())
                .first(conn)?;
            ensure_eq!(note.order_line().get(conn)?, expected);
            ensure_eq!(note.order_line().key().cloned(), Some((note.order_id, note.line_no)));
        }
        Ok(())
    }

    fn optional_composite_many_to_one_loads_lazily(conn) {
        let (_, notes) = graph!(conn);
        let mut seen = 0;
        for note in &notes {
            let expected: Option<OrderLine> = match (note.see_order_id, note.see_line_no) {
                (Some(o), Some(l)) => Some(
                    cfk_order_lines::table
                        .filter(cfk_order_lines::order_id.eq(o).and(cfk_order_lines::line_no.eq(l)))
                        .select(OrderLine::as_select())
                        .first(conn)?,
                ),
                _ => None,
            };
            seen += usize::from(expected.is_some());
            ensure_eq!(note.see_also().get(conn)?, expected);
        }
        ensure_eq!(seen, 6);
        Ok(())
    }

    fn composite_many_to_one_loads_eagerly_like_lazily(conn) {
        let (_, notes) = graph!(conn);
        let mut lazy = Vec::new();
        for note in &notes {
            lazy.push((note.order_line().get(conn)?, note.see_also().get(conn)?));
        }
        // Chunks of 1, 2 and 3 keys and the backend's own: the same rows.
        for chunk in [1, 2, 3, usize::MAX] {
            let pages = with_chunk_size(chunk, || {
                notes.clone().eager(conn, diesel_relations::both(Note::order_line, Note::see_also))
            })?;
            ensure_eq!(pages.len(), notes.len());
            for (page, (line, see)) in pages.iter().zip(&lazy) {
                ensure_eq!(&page.related.0, line);
                ensure_eq!(&page.related.1, see);
            }
        }
        Ok(())
    }

    fn a_composite_key_without_its_row_is_a_missing_target(conn) {
        let _ = graph!(conn);
        conn.disable_foreign_key_checks()?;
        let orphan = Note {
            id: 99,
            order_id: 1,
            line_no: 3, // line (1, 3) does not exist; (1, 1) and (1, 2) do
            see_order_id: Some(3),
            see_line_no: Some(2), // nor (3, 2): (3, 1) and (3, 7) do
            body: "orphan".into(),
        };
        diesel::insert_into(cfk_notes::table).values(&orphan).execute(conn)?;
        let lazy = orphan.order_line().get(conn);
        if !matches!(lazy, Err(RelationError::MissingTarget { ref key, .. }) if key == "(1, 3)") {
            return Err(format!("lazy: {lazy:?}").into());
        }
        let eager = vec![orphan.clone()].eager(conn, Note::see_also);
        if !matches!(eager, Err(RelationError::MissingTarget { ref key, .. }) if key == "(3, 2)") {
            return Err(format!("eager: {:?}", eager.map(|_| ())).into());
        }
        Ok(())
    }

    fn a_null_column_of_a_composite_key_references_nothing(conn) {
        let _ = graph!(conn);
        // Half NULL: MATCH SIMPLE lets the row stand, and it references no line.
        let half = Note {
            id: 50,
            order_id: 1,
            line_no: 1,
            see_order_id: Some(1),
            see_line_no: None,
            body: "half".into(),
        };
        diesel::insert_into(cfk_notes::table).values(&half).execute(conn)?;
        let back: Note = cfk_notes::table.find(50).select(Note::as_select()).first(conn)?;
        ensure_eq!(back.see_also().key().cloned(), None);
        ensure_eq!(back.see_also().get(conn)?, None);
        let pages = vec![back].eager(conn, Note::see_also)?;
        ensure_eq!(pages[0].related, None);
        Ok(())
    }

    fn composite_collection_loads_lazily_in_key_order(conn) {
        let (lines, notes) = graph!(conn);
        let expected = expected_children!(conn, &lines);
        let mut total = 0;
        for (line, (want_notes, want_seen)) in lines.iter().zip(&expected) {
            ensure_eq!(&line.notes().load(conn)?, want_notes);
            ensure_eq!(&line.seen_by().load(conn)?, want_seen);
            let count: i64 = line.notes().query().count().get_result(conn)?;
            ensure_eq!(count as usize, want_notes.len());
            total += want_notes.len();
        }
        ensure_eq!(total, notes.len());
        Ok(())
    }

    fn composite_collection_loads_eagerly_like_lazily(conn) {
        let (lines, _) = graph!(conn);
        let expected = expected_children!(conn, &lines);
        // A line listed twice gets its notes twice.
        let mut page = lines.clone();
        page.push(lines[1].clone());
        for chunk in [1, 2, 3, usize::MAX] {
            let pages = with_chunk_size(chunk, || {
                page.clone().eager(conn, diesel_relations::both(OrderLine::notes, OrderLine::seen_by))
            })?;
            ensure_eq!(pages.len(), page.len());
            for (i, got) in pages.iter().enumerate() {
                let at = if i < lines.len() { i } else { 1 };
                let (want_notes, want_seen) = &expected[at];
                ensure_eq!(&got.row, &page[i]);
                ensure_eq!(&got.related.0, want_notes);
                ensure_eq!(&got.related.1, want_seen);
            }
        }
        Ok(())
    }

    fn composite_pair_loads_two_levels_down(conn) {
        let (lines, _) = graph!(conn);
        // Down from the lines to their notes, and from each note back to
        // the line it sees: one query per level.
        let pages = lines.clone().eager(conn, diesel_relations::with(OrderLine::notes, Note::see_also))?;
        for (line, page) in lines.iter().zip(&pages) {
            let want = line.notes().load(conn)?;
            ensure_eq!(page.related.len(), want.len());
            for (node, note) in page.related.iter().zip(&want) {
                ensure_eq!(&node.row, note);
                ensure_eq!(&node.related, &note.see_also().get(conn)?);
                ensure_eq!(&note.order_line().get(conn)?, line);
            }
        }
        Ok(())
    }

    fn composite_collection_insert_sets_both_columns(conn) {
        let (lines, notes) = graph!(conn);
        let line = &lines[4];
        let seen = &lines[0];
        let added = line.notes().insert(
            conn,
            [
                (cfk_notes::id.eq(100), cfk_notes::body.eq("added 100")),
                (cfk_notes::id.eq(101), cfk_notes::body.eq("added 101")),
            ],
        )?;
        ensure_eq!(added, 2);
        // The optional pair: both nullable columns set from the line's key.
        let added = seen.seen_by().insert(
            conn,
            [(
                cfk_notes::id.eq(102),
                (
                    cfk_notes::order_id.eq(1),
                    cfk_notes::line_no.eq(1),
                    cfk_notes::body.eq("added 102"),
                ),
            )],
        )?;
        ensure_eq!(added, 1);
        let got: Vec<NoteKeys> = cfk_notes::table
            .filter(cfk_notes::id.ge(100))
            .order_by(cfk_notes::id)
            .select((
                cfk_notes::id,
                cfk_notes::order_id,
                cfk_notes::line_no,
                cfk_notes::see_order_id,
                cfk_notes::see_line_no,
            ))
            .load(conn)?;
        ensure_eq!(
            got,
            vec![
                (100, line.order_id, line.line_no, None, None),
                (101, line.order_id, line.line_no, None, None),
                (102, 1, 1, Some(seen.order_id), Some(seen.line_no)),
            ]
        );
        let count: i64 = cfk_notes::table.count().get_result(conn)?;
        ensure_eq!(count as usize, notes.len() + 3);
        Ok(())
    }

    fn composite_collection_insert_under_a_missing_parent_inserts_nothing(conn) {
        let (_, notes) = graph!(conn);
        // No line (9, 9): the database refuses, nothing of the statement lands.
        let gone = OrderLine { order_id: 9, line_no: 9, item: "gone".into() };
        let err = gone
            .notes()
            .insert(
                conn,
                [
                    (cfk_notes::id.eq(200), cfk_notes::body.eq("a")),
                    (cfk_notes::id.eq(201), cfk_notes::body.eq("b")),
                ],
            )
            .expect_err("no line (9, 9)");
        match err {
            RelationError::ForeignKeyViolation { relationship, .. } => {
                ensure_eq!(relationship, "OrderLine.notes")
            }
            other => return Err(format!("expected a foreign key violation, got {other:?}").into()),
        }
        let count: i64 = cfk_notes::table.count().get_result(conn)?;
        ensure_eq!(count as usize, notes.len());
        Ok(())
    }
}
