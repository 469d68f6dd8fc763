//! Eager loading matches keys the way the database does: under a
//! case-insensitive collation (SQLite's `NOCASE`, a PostgreSQL
//! nondeterministic ICU collation, MariaDB's default `utf8mb4_general_ci`,
//! which also ignores trailing spaces) a parent keyed `abc` has the
//! children whose foreign key is `ABC` or `Abc`, lazily and eagerly alike,
//! for one-to-many, many-to-one and many-to-many; and an eager load whose
//! text keys outweigh MariaDB's `max_allowed_packet` is cut into
//! statements under it.
//!
//! Tables of their own (text keys, a collation per backend), created on a
//! scratch database: MySQL's DDL would commit the shared test transaction.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_relations::eager::{with_chunk_size, Eager};
use diesel_relations::Relations;

diesel::table! {
    ci_parents (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    ci_children (id) {
        id -> Integer,
        parent_code -> Nullable<Text>,
        label -> Text,
    }
}

diesel::table! {
    ci_tags (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    ci_parent_tags (parent_code, tag_code) {
        parent_code -> Text,
        tag_code -> Text,
    }
}

diesel::joinable!(ci_children -> ci_parents (parent_code));
diesel::allow_tables_to_appear_in_same_query!(ci_parents, ci_children, ci_tags, ci_parent_tags);

/// A parent keyed by text.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ci_parents, primary_key(code))]
#[relations(migrations = false)]
#[relationship(children: Vec<CiChild>, back_populates = parent, order_by = ci_children::id)]
#[relationship(tags: Vec<CiTag>, secondary = ci_parent_tags(parent_code, tag_code), back_populates = parents)]
pub struct CiParent {
    pub code: String,
    pub name: String,
}

/// A child pointing at a parent by its text key.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ci_children)]
#[relations(migrations = false)]
#[relationship(parent: Option<CiParent>, foreign_key = parent_code, back_populates = children)]
pub struct CiChild {
    pub id: i32,
    pub parent_code: Option<String>,
    pub label: String,
}

/// A tag keyed by text, linked to parents.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ci_tags, primary_key(code))]
#[relations(migrations = false)]
#[relationship(parents: Vec<CiParent>, secondary = ci_parent_tags(tag_code, parent_code), back_populates = tags)]
pub struct CiTag {
    pub code: String,
    pub name: String,
}

/// The tables, with each backend's case-insensitive collation on every
/// text key.
trait Collated: SimpleConnection {
    const DDL: &'static str;
    /// Whether the collation ignores trailing spaces (MariaDB's PAD SPACE).
    const PADS: bool;
    /// A text key column long enough for the packet test.
    const LONG_DDL: &'static str;
}

impl Collated for diesel::SqliteConnection {
    const DDL: &'static str = "
        CREATE TABLE ci_parents (code TEXT COLLATE NOCASE PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code TEXT COLLATE NOCASE, label TEXT NOT NULL);
        CREATE INDEX ci_children_parent ON ci_children (parent_code);
        CREATE TABLE ci_tags (code TEXT COLLATE NOCASE PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_parent_tags (parent_code TEXT COLLATE NOCASE NOT NULL, tag_code TEXT COLLATE NOCASE NOT NULL,
            PRIMARY KEY (parent_code, tag_code));";
    const PADS: bool = false;
    const LONG_DDL: &'static str = "
        CREATE TABLE ci_parents (code TEXT PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code TEXT, label TEXT NOT NULL);
        CREATE INDEX ci_children_parent ON ci_children (parent_code);";
}

impl Collated for diesel::PgConnection {
    const DDL: &'static str = "
        CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE ci_parents (code TEXT COLLATE ci PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code TEXT COLLATE ci, label TEXT NOT NULL);
        CREATE INDEX ci_children_parent ON ci_children (parent_code);
        CREATE TABLE ci_tags (code TEXT COLLATE ci PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_parent_tags (parent_code TEXT COLLATE ci NOT NULL, tag_code TEXT COLLATE ci NOT NULL,
            PRIMARY KEY (parent_code, tag_code));";
    const PADS: bool = false;
    const LONG_DDL: &'static str = "
        CREATE TABLE ci_parents (code TEXT PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code TEXT, label TEXT NOT NULL);
        CREATE INDEX ci_children_parent ON ci_children (parent_code);";
}

#[cfg(feature = "mysql")]
impl Collated for diesel::MysqlConnection {
    const DDL: &'static str = "
        CREATE TABLE ci_parents (code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY,
            name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY,
            parent_code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, label TEXT NOT NULL,
            INDEX (parent_code));
        CREATE TABLE ci_tags (code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY,
            name TEXT NOT NULL);
        CREATE TABLE ci_parent_tags (
            parent_code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
            tag_code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
            PRIMARY KEY (parent_code, tag_code));";
    const PADS: bool = true;
    // 700 ASCII characters a key: under InnoDB's 3072-byte index limit.
    const LONG_DDL: &'static str = "
        CREATE TABLE ci_parents (code VARCHAR(700) CHARACTER SET ascii PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code VARCHAR(700) CHARACTER SET ascii,
            label TEXT NOT NULL, INDEX (parent_code));";
}

type Error = Box<dyn std::error::Error + Send + Sync>;

fn children_ids(children: &[CiChild]) -> Vec<i32> {
    children.iter().map(|c| c.id).collect()
}

fn codes<'a>(rows: impl IntoIterator<Item = &'a CiTag>) -> Vec<String> {
    let mut codes: Vec<String> = rows.into_iter().map(|t| t.code.clone()).collect();
    codes.sort();
    codes
}

scratch_tests! {
    /// Eager loading finds what lazy loading finds under each backend's
    /// case-insensitive collation: one-to-many, many-to-one, many-to-many,
    /// whole and one key per query.
    fn eager_equals_lazy_under_a_case_insensitive_collation(db) {
        let conn = db.conn();
        let sql = ddl(conn, false);
        conn.batch_execute(sql)?;
        diesel::insert_into(ci_parents::table)
            .values(vec![
                (ci_parents::code.eq("abc"), ci_parents::name.eq("A")),
                (ci_parents::code.eq("xyz"), ci_parents::name.eq("X")),
            ])
            .execute(conn)?;
        let mut kids = vec![(1, Some("abc")), (2, Some("ABC")), (3, Some("Abc")), (5, Some("XYZ")), (6, None), (7, Some("xyz"))];
        if pads(conn) {
            kids.push((4, Some("abc ")));
        }
        for (id, code) in &kids {
            diesel::insert_into(ci_children::table)
                .values((ci_children::id.eq(*id), ci_children::parent_code.eq(*code), ci_children::label.eq("c")))
                .execute(conn)?;
        }
        for (code, name) in [("red", "Red"), ("blue", "Blue")] {
            diesel::insert_into(ci_tags::table).values((ci_tags::code.eq(code), ci_tags::name.eq(name))).execute(conn)?;
        }
        for (parent, tag) in [("ABC", "RED"), ("abc", "Blue"), ("Xyz", "red")] {
            diesel::insert_into(ci_parent_tags::table)
                .values((ci_parent_tags::parent_code.eq(parent), ci_parent_tags::tag_code.eq(tag)))
                .execute(conn)?;
        }
        let parents: Vec<CiParent> = ci_parents::table.order_by(ci_parents::name).select(CiParent::as_select()).load(conn)?;
        let children: Vec<CiChild> = ci_children::table.order_by(ci_children::id).select(CiChild::as_select()).load(conn)?;
        let tags: Vec<CiTag> = ci_tags::table.order_by(ci_tags::name).select(CiTag::as_select()).load(conn)?;

        // Lazy loading: the database's own matching.
        let mut lazy_children = Vec::new();
        let mut lazy_tags = Vec::new();
        for p in &parents {
            lazy_children.push(children_ids(&p.children().load(conn)?));
            lazy_tags.push(codes(&p.tags().load(conn)?));
        }
        let abc = if pads(conn) { vec![1, 2, 3, 4] } else { vec![1, 2, 3] };
        // The collation is what the test says it is.
        ensure_eq!(lazy_children, vec![abc, vec![5, 7]]);
        ensure_eq!(lazy_tags, vec![vec!["blue".to_owned(), "red".to_owned()], vec!["red".to_owned()]]);
        let mut lazy_parents = Vec::new();
        for c in &children {
            lazy_parents.push(c.parent().get(conn)?.map(|p| p.code));
        }
        let mut lazy_tag_parents = Vec::new();
        for t in &tags {
            let mut ps: Vec<String> = t.parents().load(conn)?.into_iter().map(|p| p.code).collect();
            ps.sort();
            lazy_tag_parents.push(ps);
        }

        for chunk in [usize::MAX, 1] {
            let (eager_children, eager_tags, eager_parents, eager_tag_parents) = with_chunk_size(chunk, || -> Result<_, Error> {
                let eager_children: Vec<Vec<i32>> = parents.clone().eager(conn, CiParent::children)?
                    .into_iter().map(|n| children_ids(&n.related)).collect();
                let eager_tags: Vec<Vec<String>> = parents.clone().eager(conn, CiParent::tags)?
                    .into_iter().map(|n| codes(&n.related)).collect();
                let eager_parents: Vec<Option<String>> = children.clone().eager(conn, CiChild::parent)?
                    .into_iter().map(|n| n.related.map(|p| p.code)).collect();
                let eager_tag_parents: Vec<Vec<String>> = tags.clone().eager(conn, CiTag::parents)?
                    .into_iter().map(|n| { let mut ps: Vec<String> = n.related.into_iter().map(|p| p.code).collect(); ps.sort(); ps }).collect();
                Ok((eager_children, eager_tags, eager_parents, eager_tag_parents))
            })?;
            ensure_eq!(eager_children, lazy_children);
            ensure_eq!(eager_tags, lazy_tags);
            ensure_eq!(eager_parents, lazy_parents);
            ensure_eq!(eager_tag_parents, lazy_tag_parents);
        }
        Ok(())
    }

    /// 25 000 parents with 700-character keys: 17.5 MB of keys, over
    /// MariaDB's 16 MiB `max_allowed_packet`, loaded eagerly in statements
    /// under it (on SQLite and PostgreSQL one parameter, as ever).
    fn an_eager_load_of_long_text_keys_stays_under_the_packet_limit(db) {
        let conn = db.conn();
        let sql = ddl(conn, true);
        conn.batch_execute(sql)?;
        let key = |i: usize| format!("{i:06}{}", "k".repeat(694));
        let n = 25_000;
        for start in (0..n).step_by(500) {
            let keys: Vec<String> = (start..(start + 500).min(n)).map(key).collect();
            let rows: Vec<_> = keys.iter().map(|k| (ci_parents::code.eq(k.as_str()), ci_parents::name.eq("p"))).collect();
            diesel::insert_into(ci_parents::table).values(rows).execute(conn)?;
            let kids: Vec<_> = keys.iter().enumerate().filter(|(i, _)| i % 10 == 0)
                .map(|(i, k)| (ci_children::id.eq((start + i) as i32), ci_children::parent_code.eq(Some(k.as_str())), ci_children::label.eq("c")))
                .collect();
            diesel::insert_into(ci_children::table).values(kids).execute(conn)?;
        }
        let parents: Vec<CiParent> = ci_parents::table.order_by(ci_parents::code).select(CiParent::as_select()).load(conn)?;
        ensure_eq!(parents.len(), n);
        let loaded = parents.eager(conn, CiParent::children)?;
        let with_child = loaded.iter().filter(|p| p.related.len() == 1).count();
        ensure_eq!(with_child, n / 10);
        ensure_eq!(loaded.iter().map(|p| p.related.len()).sum::<usize>(), n / 10);
        // The connection is still alive.
        ensure_eq!(ci_children::table.count().get_result::<i64>(conn)?, (n / 10) as i64);
        Ok(())
    }
}

/// Whether this backend's collation ignores trailing spaces.
fn pads<C: Collated>(_: &C) -> bool {
    C::PADS
}

/// The backend's tables: the collated ones, or those with long keys.
fn ddl<C: Collated>(_: &C, long: bool) -> &'static str {
    if long {
        C::LONG_DDL
    } else {
        C::DDL
    }
}
