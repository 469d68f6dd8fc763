//! A parent's delete through a one-to-one whose foreign key is several
//! columns, from the side without the key (`Docket.sheet` and the others
//! of `seeds::dockets`): `cascade = "all, delete-orphan"` down to the
//! sheet and, one column further, its ticks; the default, which releases
//! a nullable key (the note) and refuses a NOT NULL one (the stamp);
//! `passive_deletes` for the seal the database deletes. Each test reads
//! the rows back and compares with what hand-written Diesel reads
//! (`a.eq(x).and(b.eq(y))`).

use diesel::prelude::*;
use diesel_relations::eager::with_chunk_size;
use diesel_relations::{delete, delete_all, RelationError};
use diesel_relations_seeds::schema::{
    cc_notes, cc_orders, cc_seals, cc_sheets, cc_stamps, cc_ticks,
};
use diesel_relations_seeds::seeds::dockets::{
    Docket, DocketNote, DocketSeal, DocketSheet, DocketStamp, SheetTick,
};

/// Dockets (1, 1), (1, 2), (2, 1), (3, 5); the `k`-th has a sheet with
/// `k + 1` ticks, a note and a seal. Returns the dockets.
macro_rules! dockets {
    ($conn:expr) => {{
        let dockets: Vec<Docket> = [(1, 1), (1, 2), (2, 1), (3, 5)]
            .into_iter()
            .map(|(region, number)| Docket {
                region,
                number,
                label: format!("docket {region}/{number}"),
            })
            .collect();
        diesel::insert_into(cc_orders::table)
            .values(&dockets)
            .execute($conn)?;
        let mut sheets = Vec::new();
        let mut ticks = Vec::new();
        let mut notes = Vec::new();
        let mut seals = Vec::new();
        for (k, d) in dockets.iter().enumerate() {
            let id = k as i32 + 1;
            sheets.push(DocketSheet {
                id,
                region: d.region,
                number: d.number,
                body: format!("sheet {id}"),
            });
            for t in 0..=k as i32 {
                ticks.push(SheetTick {
                    id: id * 10 + t,
                    sheet_id: id,
                    tag: format!("tick {t}"),
                });
            }
            notes.push(DocketNote {
                id,
                region: Some(d.region),
                number: Some(d.number),
                body: format!("note {id}"),
            });
            seals.push(DocketSeal {
                id,
                region: d.region,
                number: d.number,
                body: format!("seal {id}"),
            });
        }
        diesel::insert_into(cc_sheets::table)
            .values(&sheets)
            .execute($conn)?;
        diesel::insert_into(cc_ticks::table)
            .values(&ticks)
            .execute($conn)?;
        diesel::insert_into(cc_notes::table)
            .values(&notes)
            .execute($conn)?;
        diesel::insert_into(cc_seals::table)
            .values(&seals)
            .execute($conn)?;
        dockets
    }};
}

/// Every table as hand-written Diesel reads it: the dockets' keys, the
/// sheets', ticks', stamps' and seals' ids, the notes whole.
macro_rules! snapshot {
    ($conn:expr) => {{
        let dockets: Vec<(i32, i32)> = cc_orders::table
            .select((cc_orders::region, cc_orders::number))
            .order_by((cc_orders::region, cc_orders::number))
            .load($conn)?;
        let sheets: Vec<i32> = cc_sheets::table
            .select(cc_sheets::id)
            .order_by(cc_sheets::id)
            .load($conn)?;
        let ticks: Vec<i32> = cc_ticks::table
            .select(cc_ticks::id)
            .order_by(cc_ticks::id)
            .load($conn)?;
        let notes: Vec<DocketNote> = cc_notes::table
            .select(DocketNote::as_select())
            .order_by(cc_notes::id)
            .load($conn)?;
        let stamps: Vec<i32> = cc_stamps::table
            .select(cc_stamps::id)
            .order_by(cc_stamps::id)
            .load($conn)?;
        let seals: Vec<i32> = cc_seals::table
            .select(cc_seals::id)
            .order_by(cc_seals::id)
            .load($conn)?;
        (dockets, sheets, ticks, notes, stamps, seals)
    }};
}

/// What hand-written Diesel finds left once the dockets `gone` are
/// deleted: their sheets, the sheets' ticks and their seals gone, their
/// notes' keys NULL.
macro_rules! without {
    ($conn:expr, $gone:expr) => {{
        let gone: &[(i32, i32)] = $gone;
        let (dockets, _, _, mut notes, stamps, _) = snapshot!($conn);
        let kept: Vec<(i32, i32)> = dockets.into_iter().filter(|d| !gone.contains(d)).collect();
        let mut sheets = Vec::new();
        let mut seals = Vec::new();
        for (r, n) in &kept {
            let mut some: Vec<i32> = cc_sheets::table
                .filter(cc_sheets::region.eq(*r).and(cc_sheets::number.eq(*n)))
                .select(cc_sheets::id)
                .load($conn)?;
            sheets.append(&mut some);
            let mut some: Vec<i32> = cc_seals::table
                .filter(cc_seals::region.eq(*r).and(cc_seals::number.eq(*n)))
                .select(cc_seals::id)
                .load($conn)?;
            seals.append(&mut some);
        }
        sheets.sort();
        seals.sort();
        let mut ticks: Vec<i32> = cc_ticks::table
            .filter(cc_ticks::sheet_id.eq_any(sheets.clone()))
            .select(cc_ticks::id)
            .load($conn)?;
        ticks.sort();
        for note in notes.iter_mut() {
            if let (Some(r), Some(n)) = (note.region, note.number) {
                if gone.contains(&(r, n)) {
                    note.region = None;
                    note.number = None;
                }
            }
        }
        (kept, sheets, ticks, notes, stamps, seals)
    }};
}

backend_tests! {
    fn delete_walks_a_composite_one_to_one_two_levels_down(conn) {
        let dockets = dockets!(conn);
        // (1, 2): its sheet and the sheet's two ticks (one column further
        // down) go with it, its seal by the database's ON DELETE CASCADE,
        // its note is released; nothing else changes.
        let expected = without!(conn, &[(1, 2)]);
        ensure_eq!(delete(conn, &dockets[1])?, 1);
        ensure_eq!(snapshot!(conn), expected);
        ensure_eq!(expected.1, vec![1, 3, 4]);
        ensure_eq!(expected.2.len(), 1 + 3 + 4);
        ensure_eq!(expected.3.iter().filter(|n| n.region.is_none() && n.number.is_none()).count(), 1);
        ensure_eq!(expected.5, vec![1, 3, 4]);
        // The released note no longer belongs to a docket.
        let note: DocketNote = cc_notes::table.find(2).select(DocketNote::as_select()).first(conn)?;
        ensure_eq!(note.docket().get(conn)?, None);
        Ok(())
    }

    fn delete_all_through_composite_one_to_ones_in_small_chunks(conn) {
        let dockets = dockets!(conn);
        let gone = [(1, 1), (2, 1), (3, 5)];
        let expected = without!(conn, &gone);
        let victims: Vec<Docket> =
            dockets.iter().filter(|d| gone.contains(&(d.region, d.number))).cloned().collect();
        // One key per statement: every chunk's rows, and only them.
        let deleted = with_chunk_size(1, || delete_all(conn, &victims))?;
        ensure_eq!(deleted, 3);
        ensure_eq!(snapshot!(conn), expected);
        ensure_eq!(expected.0, vec![(1, 2)]);
        ensure_eq!(expected.1, vec![2]);
        Ok(())
    }

    fn default_cascade_of_a_composite_one_to_one_refuses_a_not_null_key_and_changes_nothing(conn) {
        let dockets = dockets!(conn);
        diesel::insert_into(cc_stamps::table)
            .values(&DocketStamp { id: 7, region: 2, number: 1, body: "stamp".into() })
            .execute(conn)?;
        let before = snapshot!(conn);
        // (2, 1) holds stamp 7 through the NOT NULL (region, number): the
        // whole delete is refused, its sheet, ticks and note untouched.
        match delete(conn, &dockets[2]) {
            Err(RelationError::DeleteRestricted { relationship, count, foreign_key, .. }) => {
                ensure_eq!(relationship, "Docket.stamp");
                ensure_eq!(count, 1);
                ensure_eq!(foreign_key, "cc_stamps.(region, number)");
            }
            other => return Err(format!("want DeleteRestricted, got {other:?}").into()),
        }
        ensure_eq!(snapshot!(conn), before);
        // Without the stamp, the same delete goes through.
        diesel::delete(cc_stamps::table.find(7)).execute(conn)?;
        let expected = without!(conn, &[(2, 1)]);
        ensure_eq!(delete(conn, &dockets[2])?, 1);
        ensure_eq!(snapshot!(conn), expected);
        Ok(())
    }
}
