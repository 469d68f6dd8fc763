//! Writes through a collection whose foreign key is several columns:
//! a parent's delete walking it (`cascade = "all, delete-orphan"` down to
//! the lines and, one column further, their marks; `passive_deletes` for
//! the logs the database deletes; the default, which releases nullable
//! keys and refuses NOT NULL ones), `remove`, an `order_by`, and a child
//! field renamed with `#[diesel(column_name = ..)]` (`CascadeLine.order_no`
//! over `ccs_lines.number`). Each test reads the rows back and compares
//! with what hand-written Diesel reads (`a.eq(x).and(b.eq(y))`).

use diesel::prelude::*;
use diesel_relations::eager::{with_chunk_size, Eager};
use diesel_relations::{delete, delete_all, RelationError};
use diesel_relations_seeds::schema::{
    ccs_lines, ccs_logs, ccs_marks, ccs_orders, cfk_notes, cfk_order_lines,
};
use diesel_relations_seeds::seeds::order_cascades::{
    CascadeLine, CascadeOrder, LineMark, OrderLog,
};
use diesel_relations_seeds::seeds::order_lines::{Note, OrderLine};

/// Orders (1, 1), (1, 2), (2, 1), (3, 5); order `k` (by position in that
/// list) has `k + 1` lines whose positions repeat (ties broken by id),
/// each line one or two marks, each order two logs. Returns the orders.
macro_rules! orders {
    ($conn:expr) => {{
        let orders: Vec<CascadeOrder> = [(1, 1), (1, 2), (2, 1), (3, 5)]
            .into_iter()
            .map(|(region, number)| CascadeOrder {
                region,
                number,
                label: format!("order {region}/{number}"),
            })
            .collect();
        diesel::insert_into(ccs_orders::table)
            .values(&orders)
            .execute($conn)?;
        let mut lines = Vec::new();
        let mut marks = Vec::new();
        let mut logs = Vec::new();
        for (k, o) in orders.iter().enumerate() {
            for n in 0..=k as i32 {
                let id = (k as i32) * 10 + n + 1;
                lines.push(CascadeLine {
                    id,
                    region: o.region,
                    order_no: o.number,
                    pos: n % 2,
                    body: format!("line {id}"),
                });
                for m in 0..=(id % 2) {
                    marks.push(LineMark {
                        id: id * 10 + m,
                        line_id: id,
                        tag: format!("mark {m}"),
                    });
                }
            }
            for l in 0..2 {
                logs.push(OrderLog {
                    id: (k as i32) * 10 + l + 1,
                    region: o.region,
                    number: o.number,
                    entry: format!("log {l}"),
                });
            }
        }
        diesel::insert_into(ccs_lines::table)
            .values(&lines)
            .execute($conn)?;
        diesel::insert_into(ccs_marks::table)
            .values(&marks)
            .execute($conn)?;
        diesel::insert_into(ccs_logs::table)
            .values(&logs)
            .execute($conn)?;
        orders
    }};
}

/// Every table's ids (the orders' keys), as hand-written Diesel reads them.
macro_rules! snapshot {
    ($conn:expr) => {{
        let orders: Vec<(i32, i32)> = ccs_orders::table
            .select((ccs_orders::region, ccs_orders::number))
            .order_by((ccs_orders::region, ccs_orders::number))
            .load($conn)?;
        let lines: Vec<i32> = ccs_lines::table
            .select(ccs_lines::id)
            .order_by(ccs_lines::id)
            .load($conn)?;
        let marks: Vec<i32> = ccs_marks::table
            .select(ccs_marks::id)
            .order_by(ccs_marks::id)
            .load($conn)?;
        let logs: Vec<i32> = ccs_logs::table
            .select(ccs_logs::id)
            .order_by(ccs_logs::id)
            .load($conn)?;
        (orders, lines, marks, logs)
    }};
}

/// The ids hand-written Diesel finds left once the orders `gone` are
/// deleted with their lines, the lines' marks and their logs.
macro_rules! without {
    ($conn:expr, $gone:expr) => {{
        let gone: &[(i32, i32)] = $gone;
        let (orders, _, _, _) = snapshot!($conn);
        let kept: Vec<(i32, i32)> = orders.into_iter().filter(|o| !gone.contains(o)).collect();
        let mut lines = Vec::new();
        let mut logs = Vec::new();
        for (r, n) in &kept {
            let mut some: Vec<i32> = ccs_lines::table
                .filter(ccs_lines::region.eq(*r).and(ccs_lines::number.eq(*n)))
                .select(ccs_lines::id)
                .load($conn)?;
            lines.append(&mut some);
            let mut some: Vec<i32> = ccs_logs::table
                .filter(ccs_logs::region.eq(*r).and(ccs_logs::number.eq(*n)))
                .select(ccs_logs::id)
                .load($conn)?;
            logs.append(&mut some);
        }
        lines.sort();
        logs.sort();
        let mut marks: Vec<i32> = ccs_marks::table
            .filter(ccs_marks::line_id.eq_any(lines.clone()))
            .select(ccs_marks::id)
            .load($conn)?;
        marks.sort();
        (kept, lines, marks, logs)
    }};
}

/// Lines (1, 1), (1, 2), (2, 1) and notes: 1 and 2 on (1, 1), 3 on
/// (1, 2); note 1 sees (2, 1), note 3 sees (2, 1), note 2 sees (1, 2).
macro_rules! notes {
    ($conn:expr) => {{
        let lines: Vec<OrderLine> = [(1, 1), (1, 2), (2, 1)]
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
        let notes = vec![
            Note {
                id: 1,
                order_id: 1,
                line_no: 1,
                see_order_id: Some(2),
                see_line_no: Some(1),
                body: "a".into(),
            },
            Note {
                id: 2,
                order_id: 1,
                line_no: 1,
                see_order_id: Some(1),
                see_line_no: Some(2),
                body: "b".into(),
            },
            Note {
                id: 3,
                order_id: 1,
                line_no: 2,
                see_order_id: Some(2),
                see_line_no: Some(1),
                body: "c".into(),
            },
        ];
        diesel::insert_into(cfk_notes::table)
            .values(&notes)
            .execute($conn)?;
        (lines, notes)
    }};
}

/// Every note as hand-written Diesel reads it, by id.
macro_rules! all_notes {
    ($conn:expr) => {{
        let notes: Vec<Note> = cfk_notes::table
            .order_by(cfk_notes::id)
            .select(Note::as_select())
            .load($conn)?;
        notes
    }};
}

backend_tests! {
    fn delete_cascades_through_a_composite_key_two_levels_down(conn) {
        let orders = orders!(conn);
        // (1, 2): its lines, their marks (one column further down) and its
        // logs (the database's ON DELETE CASCADE) go with it; nothing else.
        let expected = without!(conn, &[(1, 2)]);
        ensure_eq!(delete(conn, &orders[1])?, 1);
        ensure_eq!(snapshot!(conn), expected);
        ensure_eq!(expected.1.len(), 1 + 3 + 4);
        Ok(())
    }

    fn delete_all_through_a_composite_key_in_small_chunks(conn) {
        let orders = orders!(conn);
        let gone = [(1, 1), (2, 1), (3, 5)];
        let expected = without!(conn, &gone);
        let victims: Vec<CascadeOrder> =
            orders.iter().filter(|o| gone.contains(&(o.region, o.number))).cloned().collect();
        // One key per statement: every chunk's rows, and only them.
        let deleted = with_chunk_size(1, || delete_all(conn, &victims))?;
        ensure_eq!(deleted, 3);
        ensure_eq!(snapshot!(conn), expected);
        ensure_eq!(expected.0, vec![(1, 2)]);
        Ok(())
    }

    fn default_cascade_refuses_a_not_null_composite_key_and_changes_nothing(conn) {
        let (lines, _) = notes!(conn);
        let before = all_notes!(conn);
        // (1, 1) holds notes 1 and 2 through the NOT NULL (order_id, line_no).
        match delete(conn, &lines[0]) {
            Err(RelationError::DeleteRestricted { relationship, count, foreign_key, .. }) => {
                ensure_eq!(relationship, "OrderLine.notes");
                ensure_eq!(count, 2);
                ensure_eq!(foreign_key, "cfk_notes.(order_id, line_no)");
            }
            other => return Err(format!("want DeleteRestricted, got {other:?}").into()),
        }
        let still: i64 = cfk_order_lines::table
            .filter(cfk_order_lines::order_id.eq(1).and(cfk_order_lines::line_no.eq(1)))
            .count()
            .get_result(conn)?;
        ensure_eq!(still, 1);
        ensure_eq!(all_notes!(conn), before);
        Ok(())
    }

    fn default_cascade_sets_every_nullable_column_of_a_composite_key_to_null(conn) {
        let (lines, _) = notes!(conn);
        // (2, 1) holds no note, and notes 1 and 3 see it through the
        // nullable (see_order_id, see_line_no): both columns become NULL.
        let mut expected = all_notes!(conn);
        for n in expected.iter_mut().filter(|n| (n.see_order_id, n.see_line_no) == (Some(2), Some(1))) {
            n.see_order_id = None;
            n.see_line_no = None;
        }
        ensure_eq!(delete(conn, &lines[2])?, 1);
        ensure_eq!(all_notes!(conn), expected);
        ensure_eq!(expected.iter().filter(|n| n.see_order_id.is_none()).count(), 2);
        let left: Vec<(i32, i32)> = cfk_order_lines::table
            .select((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .order_by((cfk_order_lines::order_id, cfk_order_lines::line_no))
            .load(conn)?;
        ensure_eq!(left, vec![(1, 1), (1, 2)]);
        Ok(())
    }

    fn remove_deletes_an_orphan_through_a_composite_key(conn) {
        let orders = orders!(conn);
        let lines = orders[2].lines().load(conn)?;
        let line = lines[0].clone();
        let marks: Vec<i32> = ccs_marks::table
            .filter(ccs_marks::line_id.ne(line.id))
            .select(ccs_marks::id)
            .order_by(ccs_marks::id)
            .load(conn)?;
        // Another order's line is not in this collection: untouched.
        let other = orders[1].lines().load(conn)?.remove(0);
        ensure_eq!(orders[2].lines().remove(conn, &other)?, false);
        ensure_eq!(orders[2].lines().remove(conn, &line)?, true);
        let left: Vec<i32> = ccs_lines::table
            .filter(ccs_lines::region.eq(orders[2].region).and(ccs_lines::number.eq(orders[2].number)))
            .select(ccs_lines::id)
            .order_by(ccs_lines::id)
            .load(conn)?;
        let mut want: Vec<i32> = lines.iter().skip(1).map(|l| l.id).collect();
        want.sort();
        ensure_eq!(left, want);
        // The orphan's marks went with it (its own cascade), no other mark.
        let now: Vec<i32> = ccs_marks::table.select(ccs_marks::id).order_by(ccs_marks::id).load(conn)?;
        ensure_eq!(now, marks);
        let others: i64 = ccs_lines::table.filter(ccs_lines::id.eq(other.id)).count().get_result(conn)?;
        ensure_eq!(others, 1);
        Ok(())
    }

    fn remove_releases_or_refuses_through_a_composite_key(conn) {
        let (lines, notes) = notes!(conn);
        // Nullable (see_order_id, see_line_no), no delete-orphan: note 1
        // is released from (2, 1), both columns NULL; note 2 sees another
        // line, so it is no member: false, untouched.
        let mut expected = all_notes!(conn);
        expected[0].see_order_id = None;
        expected[0].see_line_no = None;
        ensure_eq!(lines[2].seen_by().remove(conn, &notes[1])?, false);
        ensure_eq!(lines[2].seen_by().remove(conn, &notes[0])?, true);
        ensure_eq!(all_notes!(conn), expected);
        ensure_eq!(lines[2].seen_by().load(conn)?, vec![expected[2].clone()]);
        // NOT NULL (order_id, line_no), no delete-orphan: refused.
        match lines[0].notes().remove(conn, &notes[0]) {
            Err(RelationError::RemoveRestricted { relationship, foreign_key, .. }) => {
                ensure_eq!(relationship, "OrderLine.notes");
                ensure_eq!(foreign_key, "cfk_notes.(order_id, line_no)");
            }
            other => return Err(format!("want RemoveRestricted, got {other:?}").into()),
        }
        ensure_eq!(all_notes!(conn), expected);
        Ok(())
    }

    fn order_by_through_a_composite_key_lazily_and_eagerly(conn) {
        let orders = orders!(conn);
        let mut lazy = Vec::new();
        for o in &orders {
            let expected: Vec<CascadeLine> = ccs_lines::table
                .filter(ccs_lines::region.eq(o.region).and(ccs_lines::number.eq(o.number)))
                .order_by((ccs_lines::pos.desc(), ccs_lines::id))
                .select(CascadeLine::as_select())
                .load(conn)?;
            let loaded = o.lines().load(conn)?;
            ensure_eq!(loaded, expected);
            lazy.push(loaded);
        }
        // The order is not the key's: position descending, then id.
        ensure_eq!(lazy[3].iter().map(|l| l.id).collect::<Vec<_>>(), vec![32, 34, 31, 33]);
        for chunk in [1, 2, 3, usize::MAX] {
            let pages = with_chunk_size(chunk, || orders.clone().eager(conn, CascadeOrder::lines))?;
            ensure_eq!(pages.iter().map(|p| p.related.clone()).collect::<Vec<_>>(), lazy);
        }
        Ok(())
    }

    fn a_renamed_child_field_under_a_composite_key(conn) {
        let orders = orders!(conn);
        // `order_no` is the column `number`: the collection reads it off
        // each child to group it (eager) and the child reads it to find
        // its order.
        let pages = orders.clone().eager(conn, CascadeOrder::lines)?;
        for (o, page) in orders.iter().zip(&pages) {
            ensure_eq!(page.related.is_empty(), false);
            for line in &page.related {
                ensure_eq!((line.region, line.order_no), (o.region, o.number));
                ensure_eq!(&line.order().get(conn)?, o);
            }
        }
        // Inserted through the collection: both columns set from the key.
        let added = orders[0].lines().insert(conn, [(
            ccs_lines::id.eq(900),
            ccs_lines::pos.eq(9),
            ccs_lines::body.eq("new"),
        )])?;
        ensure_eq!(added, 1);
        let row: (i32, i32) = ccs_lines::table
            .filter(ccs_lines::id.eq(900))
            .select((ccs_lines::region, ccs_lines::number))
            .first(conn)?;
        ensure_eq!(row, (orders[0].region, orders[0].number));
        ensure_eq!(orders[0].lines().load(conn)?.first().map(|l| l.id), Some(900));
        Ok(())
    }
}
