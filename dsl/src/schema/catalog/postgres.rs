//! PostgreSQL: `pg_catalog`, for the table of that name the connection's
//! `search_path` finds (`pg_table_is_visible`).

#[cfg(feature = "async")]
use super::AsyncCatalog;
use super::{
    catalog_query, group_indexes, Catalog, CatalogQuery, LiveColumn, LiveForeignKey, LiveTable,
};
use crate::exec::{block_query, Blocking, Load};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text};
use diesel::PgConnection;
#[cfg(feature = "async")]
use std::future::Future;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    type_name: String,
    /// `pg_type.typname` of the type, or of a domain's base type.
    #[diesel(sql_type = Text)]
    base_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    referenced_table: String,
    #[diesel(sql_type = Text)]
    referenced_column: String,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
}

const COLUMNS: &str = "\
    SELECT a.attname::text AS name, \
           format_type(a.atttypid, a.atttypmod) AS type_name, \
           COALESCE(b.typname, t.typname)::text AS base_type, \
           NOT a.attnotnull AS nullable \
    FROM pg_attribute a \
    JOIN pg_class c ON c.oid = a.attrelid \
    JOIN pg_type t ON t.oid = a.atttypid \
    LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype \
    WHERE c.relname = $1 AND pg_table_is_visible(c.oid) \
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f') \
      AND a.attnum > 0 AND NOT a.attisdropped \
    ORDER BY a.attnum";

const FOREIGN_KEYS: &str = "\
    SELECT con.conname::text AS name, \
           a.attname::text AS column_name, \
           fc.relname::text AS referenced_table, \
           fa.attname::text AS referenced_column \
    FROM pg_constraint con \
    JOIN pg_class c ON c.oid = con.conrelid \
    JOIN pg_class fc ON fc.oid = con.confrelid \
    CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, position) \
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
    JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum \
    WHERE con.contype = 'f' AND c.relname = $1 AND pg_table_is_visible(c.oid) \
    ORDER BY con.conname, k.position";

/// Key columns only (not INCLUDE columns); an expression has attnum 0 and
/// no column name.
const INDEXES: &str = "\
    SELECT ic.relname::text AS name, \
           i.indisunique AS is_unique, \
           a.attname::text AS column_name \
    FROM pg_index i \
    JOIN pg_class c ON c.oid = i.indrelid \
    JOIN pg_class ic ON ic.oid = i.indexrelid \
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) \
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0 \
    WHERE c.relname = $1 AND pg_table_is_visible(c.oid) \
      AND i.indpred IS NULL AND k.position <= i.indnkeyatts \
    ORDER BY ic.relname, k.position";

impl Catalog for PgConnection {
    fn backend_name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn read_table(&mut self, table: &str) -> QueryResult<Option<LiveTable>> {
        block_query(read::<Blocking, _>(self, table))
    }
}

#[cfg(feature = "async")]
impl AsyncCatalog for diesel_async::AsyncPgConnection {
    fn backend_name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn read_table<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a {
        read::<crate::exec::Async, _>(self, table)
    }
}

/// The table as `pg_catalog` has it, in mode `M`.
async fn read<M, C>(conn: &mut C, table: &str) -> QueryResult<Option<LiveTable>>
where
    C: Load<M, CatalogQuery<diesel::pg::Pg>, ColumnRow>
        + Load<M, CatalogQuery<diesel::pg::Pg>, ForeignKeyRow>
        + Load<M, CatalogQuery<diesel::pg::Pg>, IndexRow>,
{
    {
        let columns: Vec<ColumnRow> =
            Load::<M, _, ColumnRow>::all(conn, catalog_query::<diesel::pg::Pg>(COLUMNS, table))
                .await?;
        if columns.is_empty() {
            return Ok(None);
        }
        let foreign_keys: Vec<ForeignKeyRow> = Load::<M, _, ForeignKeyRow>::all(
            conn,
            catalog_query::<diesel::pg::Pg>(FOREIGN_KEYS, table),
        )
        .await?;
        let indexes: Vec<IndexRow> =
            Load::<M, _, IndexRow>::all(conn, catalog_query::<diesel::pg::Pg>(INDEXES, table))
                .await?;
        Ok(Some(LiveTable {
            name: table.to_owned(),
            columns: columns
                .into_iter()
                .map(|c| LiveColumn {
                    diesel_type: diesel_type(&c.base_type),
                    name: c.name,
                    type_name: c.type_name,
                    nullable: c.nullable,
                })
                .collect(),
            foreign_keys: foreign_keys
                .into_iter()
                .map(|r| LiveForeignKey {
                    name: r.name,
                    column: r.column_name,
                    referenced_table: r.referenced_table,
                    referenced_column: r.referenced_column,
                })
                .collect(),
            indexes: group_indexes(
                indexes
                    .into_iter()
                    .map(|r| (r.name, r.is_unique, r.column_name)),
            ),
        }))
    }
}

/// A `pg_type.typname` read the way `diesel print-schema` reads it.
fn diesel_type(typname: &str) -> Option<&'static str> {
    Some(match typname {
        "bool" => "Bool",
        "int2" => "SmallInt",
        "int4" => "Integer",
        "int8" => "BigInt",
        "float4" => "Float",
        "float8" => "Double",
        "numeric" => "Numeric",
        "text" | "varchar" | "bpchar" | "name" | "citext" => "Text",
        "char" => "CChar",
        "bytea" => "Binary",
        "date" => "Date",
        "time" => "Time",
        "timestamp" => "Timestamp",
        "timestamptz" => "Timestamptz",
        "interval" => "Interval",
        "json" => "Json",
        "jsonb" => "Jsonb",
        "uuid" => "Uuid",
        "oid" => "Oid",
        "money" => "Money",
        "macaddr" => "MacAddr",
        "inet" => "Inet",
        "cidr" => "Cidr",
        _ => return None,
    })
}
