//! Text keys under each backend's case-insensitive collation (SQLite's
//! `NOCASE`, a nondeterministic ICU collation on PostgreSQL, MariaDB's
//! `utf8mb4_general_ci`): the rows whose key equals a parent's only in the
//! collation reach eager loading through its second pass (`MatchKeys`),
//! which runs on the async connection too. Tables of their own, beside the
//! migrated ones, as in tests/collation.

use diesel::connection::SimpleConnection;
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
#[derive(
    Debug, Clone, PartialEq, diesel::Queryable, diesel::Selectable, diesel::Identifiable, Relations,
)]
#[diesel(table_name = ci_parents, primary_key(code))]
#[relations(migrations = false)]
#[relationship(children: Vec<CiChild>, back_populates = parent, order_by = ci_children::id)]
#[relationship(tags: Vec<CiTag>, secondary = ci_parent_tags(parent_code, tag_code), back_populates = parents)]
pub struct CiParent {
    pub code: String,
    pub name: String,
}

/// A child pointing at a parent by its text key.
#[derive(
    Debug, Clone, PartialEq, diesel::Queryable, diesel::Selectable, diesel::Identifiable, Relations,
)]
#[diesel(table_name = ci_children)]
#[relations(migrations = false)]
#[relationship(parent: Option<CiParent>, foreign_key = parent_code, back_populates = children)]
pub struct CiChild {
    pub id: i32,
    pub parent_code: Option<String>,
    pub label: String,
}

/// A tag keyed by text, linked to parents.
#[derive(
    Debug, Clone, PartialEq, diesel::Queryable, diesel::Selectable, diesel::Identifiable, Relations,
)]
#[diesel(table_name = ci_tags, primary_key(code))]
#[relations(migrations = false)]
#[relationship(parents: Vec<CiParent>, secondary = ci_parent_tags(tag_code, parent_code), back_populates = tags)]
pub struct CiTag {
    pub code: String,
    pub name: String,
}

/// Each backend's tables, with its case-insensitive collation on every
/// text key.
pub trait Collated: SimpleConnection {
    const DDL: &'static str;
}

impl Collated for diesel::SqliteConnection {
    const DDL: &'static str = "
        CREATE TABLE ci_parents (code TEXT COLLATE NOCASE PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code TEXT COLLATE NOCASE, label TEXT NOT NULL);
        CREATE TABLE ci_tags (code TEXT COLLATE NOCASE PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_parent_tags (parent_code TEXT COLLATE NOCASE NOT NULL, tag_code TEXT COLLATE NOCASE NOT NULL,
            PRIMARY KEY (parent_code, tag_code));";
}

impl Collated for diesel::PgConnection {
    const DDL: &'static str = "
        CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE ci_parents (code TEXT COLLATE ci PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY, parent_code TEXT COLLATE ci, label TEXT NOT NULL);
        CREATE TABLE ci_tags (code TEXT COLLATE ci PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ci_parent_tags (parent_code TEXT COLLATE ci NOT NULL, tag_code TEXT COLLATE ci NOT NULL,
            PRIMARY KEY (parent_code, tag_code));";
}

#[cfg(feature = "mysql")]
impl Collated for diesel::MysqlConnection {
    const DDL: &'static str = "
        CREATE TABLE ci_parents (code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY,
            name TEXT NOT NULL);
        CREATE TABLE ci_children (id INTEGER PRIMARY KEY,
            parent_code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, label TEXT NOT NULL);
        CREATE TABLE ci_tags (code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY,
            name TEXT NOT NULL);
        CREATE TABLE ci_parent_tags (
            parent_code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
            tag_code VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
            PRIMARY KEY (parent_code, tag_code));";
}

/// The tables and their rows: `abc` has the children keyed `abc`, `ABC`
/// and `Abc`, `xyz` those keyed `XYZ` and `xyz`; links written in other
/// cases than the keys. Constant statements, no value spliced in.
pub fn write<C: Collated>(conn: &mut C) -> diesel::QueryResult<()> {
    conn.batch_execute(C::DDL)?;
    conn.batch_execute(
        "INSERT INTO ci_parents (code, name) VALUES ('abc', 'A'), ('xyz', 'X');
         INSERT INTO ci_children (id, parent_code, label) VALUES
             (1, 'abc', 'c'), (2, 'ABC', 'c'), (3, 'Abc', 'c'), (5, 'XYZ', 'c'), (6, NULL, 'c'), (7, 'xyz', 'c');
         INSERT INTO ci_tags (code, name) VALUES ('red', 'Red'), ('blue', 'Blue');
         INSERT INTO ci_parent_tags (parent_code, tag_code) VALUES ('ABC', 'RED'), ('abc', 'Blue'), ('Xyz', 'red');",
    )
}
