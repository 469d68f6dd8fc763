//! SQLite: the table-valued PRAGMA functions, with the table name bound.

#[cfg(feature = "async")]
use super::AsyncCatalog;
use super::{
    catalog_query, group_indexes, Catalog, CatalogQuery, LiveColumn, LiveForeignKey, LiveIndex,
    LiveTable,
};
use crate::exec::{block_query, Blocking, Load};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use diesel::SqliteConnection;
#[cfg(feature = "async")]
use std::future::Future;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    type_name: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
    /// 1-based position in the primary key, 0 outside it.
    #[diesel(sql_type = Integer)]
    pk: i32,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    referenced_table: String,
    /// NULL when the constraint names no column: the parent's primary key.
    #[diesel(sql_type = Nullable<Text>)]
    referenced_column: Option<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    is_unique: i32,
    /// NULL for an expression.
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
}

async fn columns<M, C>(conn: &mut C, table: &str) -> QueryResult<Vec<ColumnRow>>
where
    C: Load<M, CatalogQuery<diesel::sqlite::Sqlite>, ColumnRow>,
{
    let query = catalog_query::<diesel::sqlite::Sqlite>(
        "SELECT name, type AS type_name, \"notnull\" AS not_null, pk \
         FROM pragma_table_info(?) ORDER BY cid",
        table,
    );
    Load::<M, _, ColumnRow>::all(conn, query).await
}

/// The primary key columns, in key order (from `pragma_table_info`, which
/// also knows an `INTEGER PRIMARY KEY` that has no index of its own).
fn primary_key(columns: &[ColumnRow]) -> Vec<String> {
    let mut pk: Vec<&ColumnRow> = columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    pk.into_iter().map(|c| c.name.clone()).collect()
}

impl Catalog for SqliteConnection {
    fn backend_name(&self) -> &'static str {
        "SQLite"
    }

    fn read_table(&mut self, table: &str) -> QueryResult<Option<LiveTable>> {
        block_query(read::<Blocking, _>(self, table))
    }
}

#[cfg(feature = "async")]
impl<S> AsyncCatalog
    for diesel_async::sync_connection_wrapper::SyncConnectionWrapper<SqliteConnection, S>
where
    S: diesel_async::sync_connection_wrapper::SpawnBlocking + Send,
{
    fn backend_name(&self) -> &'static str {
        "SQLite"
    }

    fn read_table<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a {
        read::<crate::exec::Async, _>(self, table)
    }
}

/// The table as SQLite's PRAGMAs have it, in mode `M`.
async fn read<M, C>(conn: &mut C, table: &str) -> QueryResult<Option<LiveTable>>
where
    C: Load<M, CatalogQuery<diesel::sqlite::Sqlite>, ColumnRow>
        + Load<M, CatalogQuery<diesel::sqlite::Sqlite>, ForeignKeyRow>
        + Load<M, CatalogQuery<diesel::sqlite::Sqlite>, IndexRow>,
{
    {
        let column_rows = columns::<M, C>(conn, table).await?;
        if column_rows.is_empty() {
            return Ok(None);
        }
        let fk_query = catalog_query::<diesel::sqlite::Sqlite>(
            "SELECT id, \"from\" AS column_name, \"table\" AS referenced_table, \
             \"to\" AS referenced_column \
             FROM pragma_foreign_key_list(?) ORDER BY id, seq",
            table,
        );
        let fk_rows: Vec<ForeignKeyRow> = Load::<M, _, ForeignKeyRow>::all(conn, fk_query).await?;
        let mut foreign_keys = Vec::with_capacity(fk_rows.len());
        for (i, row) in fk_rows.iter().enumerate() {
            let referenced_column = match &row.referenced_column {
                Some(column) => column.clone(),
                None => {
                    // `REFERENCES parent` alone: the n-th column of the
                    // parent's primary key.
                    let position = fk_rows[..i].iter().filter(|r| r.id == row.id).count();
                    let parent_pk =
                        primary_key(&columns::<M, C>(conn, &row.referenced_table).await?);
                    parent_pk.get(position).cloned().unwrap_or_default()
                }
            };
            foreign_keys.push(LiveForeignKey {
                name: format!("foreign key #{}", row.id),
                column: row.column_name.clone(),
                referenced_table: row.referenced_table.clone(),
                referenced_column,
            });
        }
        let index_query = catalog_query::<diesel::sqlite::Sqlite>(
            "SELECT il.name AS name, il.\"unique\" AS is_unique, ii.name AS column_name \
             FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii \
             WHERE il.partial = 0 ORDER BY il.name, ii.seqno",
            table,
        );
        let index_rows: Vec<IndexRow> = Load::<M, _, IndexRow>::all(conn, index_query).await?;
        let mut indexes = group_indexes(
            index_rows
                .into_iter()
                .map(|r| (r.name, r.is_unique != 0, r.column_name)),
        );
        let pk = primary_key(&column_rows);
        if !pk.is_empty() {
            indexes.push(LiveIndex {
                name: "PRIMARY KEY".to_owned(),
                unique: true,
                columns: pk.into_iter().map(Some).collect(),
            });
        }
        Ok(Some(LiveTable {
            name: table.to_owned(),
            columns: column_rows
                .into_iter()
                .map(|c| LiveColumn {
                    diesel_type: diesel_type(&c.type_name),
                    nullable: c.not_null == 0 && c.pk == 0,
                    name: c.name,
                    type_name: c.type_name,
                })
                .collect(),
            foreign_keys,
            indexes,
        }))
    }
}

/// A declared SQLite type read the way `diesel print-schema` reads it.
fn diesel_type(declared: &str) -> Option<&'static str> {
    let t = declared.to_ascii_uppercase();
    let has = |s: &str| t.contains(s);
    Some(if has("BOOL") {
        "Bool"
    } else if has("TINYINT") {
        "TinyInt"
    } else if has("SMALLINT") || has("INT2") {
        "SmallInt"
    } else if has("BIGINT") || has("INT8") {
        "BigInt"
    } else if has("INT") {
        "Integer"
    } else if has("CHAR") || has("CLOB") || has("TEXT") {
        "Text"
    } else if has("BLOB") || t.is_empty() {
        "Binary"
    } else if has("FLOAT") {
        "Float"
    } else if has("REAL") || has("DOUB") {
        "Double"
    } else if has("DATETIME") || has("TIMESTAMP") {
        "Timestamp"
    } else if has("DATE") {
        "Date"
    } else if has("TIME") {
        "Time"
    } else if has("NUMERIC") || has("DECIMAL") {
        "Numeric"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::diesel_type;

    #[test]
    fn reads_declared_types_like_print_schema() {
        assert_eq!(diesel_type("INTEGER"), Some("Integer"));
        assert_eq!(diesel_type("int"), Some("Integer"));
        assert_eq!(diesel_type("BIGINT"), Some("BigInt"));
        assert_eq!(diesel_type("VARCHAR(255)"), Some("Text"));
        assert_eq!(diesel_type(""), Some("Binary"));
        assert_eq!(diesel_type("DATETIME"), Some("Timestamp"));
        assert_eq!(diesel_type("GEOMETRY"), None);
    }
}
