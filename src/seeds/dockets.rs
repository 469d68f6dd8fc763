//! Cascades through composite one-to-ones (issue #20), from the side
//! without the key: dockets keyed by `(region, number)`, each with at most
//! one row of four tables that reference it by both columns, UNIQUE
//! together:
//!
//! - `Docket.sheet`, `cascade = "all, delete-orphan"`: the sheet goes with
//!   the docket, and its ticks (a one-column cascade) one level further;
//! - `Docket.note`, the default on a nullable key: released, both columns
//!   set to NULL;
//! - `Docket.stamp`, the default on a NOT NULL key: the delete is refused
//!   (`DeleteRestricted`) while a stamp is there;
//! - `Docket.seal`, `cascade = "all", passive_deletes`: the database's ON
//!   DELETE CASCADE deletes it.

use crate::schema::{cc_notes, cc_orders, cc_seals, cc_sheets, cc_stamps, cc_ticks};
use diesel::prelude::*;
use diesel_relations::Relations;

/// A docket, keyed by its region and its number there.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cc_orders, primary_key(region, number))]
#[relationship(sheet: Option<DocketSheet>, foreign_key = (cc_sheets::region, cc_sheets::number), back_populates = docket,
               cascade = "all, delete-orphan")]
#[relationship(note: Option<DocketNote>, foreign_key = (cc_notes::region, cc_notes::number), back_populates = docket)]
#[relationship(stamp: Option<DocketStamp>, foreign_key = (cc_stamps::region, cc_stamps::number), back_populates = docket)]
#[relationship(seal: Option<DocketSeal>, foreign_key = (cc_seals::region, cc_seals::number), back_populates = docket,
               cascade = "all", passive_deletes)]
pub struct Docket {
    pub region: i32,
    pub number: i32,
    pub label: String,
}

/// A docket's sheet, deleted with it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cc_sheets)]
#[relationship(docket: Docket, foreign_key = (region, number), back_populates = sheet)]
#[relationship(ticks: Vec<SheetTick>, back_populates = sheet, cascade = "all")]
pub struct DocketSheet {
    pub id: i32,
    pub region: i32,
    pub number: i32,
    pub body: String,
}

/// A tick on one sheet.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cc_ticks)]
#[relationship(sheet: DocketSheet, foreign_key = sheet_id, back_populates = ticks)]
pub struct SheetTick {
    pub id: i32,
    pub sheet_id: i32,
    pub tag: String,
}

/// A docket's note, released (its key set to NULL) when the docket goes.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cc_notes)]
#[relationship(docket: Option<Docket>, foreign_key = (region, number), back_populates = note)]
pub struct DocketNote {
    pub id: i32,
    pub region: Option<i32>,
    pub number: Option<i32>,
    pub body: String,
}

/// A docket's stamp, whose NOT NULL key keeps the docket from being deleted.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cc_stamps)]
#[relationship(docket: Docket, foreign_key = (region, number), back_populates = stamp)]
pub struct DocketStamp {
    pub id: i32,
    pub region: i32,
    pub number: i32,
    pub body: String,
}

/// A docket's seal, deleted by the database with it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = cc_seals)]
#[relationship(docket: Docket, foreign_key = (region, number), back_populates = seal)]
pub struct DocketSeal {
    pub id: i32,
    pub region: i32,
    pub number: i32,
    pub body: String,
}
