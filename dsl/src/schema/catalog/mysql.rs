//! MySQL and MariaDB: `information_schema`, for the table of that name in
//! the connection's database (`DATABASE()`).

#[cfg(feature = "async")]
use super::AsyncCatalog;
use super::{
    catalog_query, group_indexes, Catalog, CatalogQuery, LiveColumn, LiveForeignKey, LiveTable,
};
use crate::exec::{block_query, Blocking, Load};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel::MysqlConnection;
#[cfg(feature = "async")]
use std::future::Future;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    /// `COLUMN_TYPE`: `int(11)`, `bigint(20) unsigned`.
    #[diesel(sql_type = Text)]
    type_name: String,
    /// `DATA_TYPE`: `int`, `bigint`.
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
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
    /// `NON_UNIQUE`, as text: its integer type differs between MySQL and
    /// MariaDB.
    #[diesel(sql_type = Text)]
    non_unique: String,
    /// NULL for a functional key part (MySQL 8).
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
}

const COLUMNS: &str = "\
    SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type_name, DATA_TYPE AS data_type, \
           IS_NULLABLE AS is_nullable \
    FROM information_schema.COLUMNS \
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? \
    ORDER BY ORDINAL_POSITION";

const FOREIGN_KEYS: &str = "\
    SELECT CONSTRAINT_NAME AS name, COLUMN_NAME AS column_name, \
           REFERENCED_TABLE_NAME AS referenced_table, \
           REFERENCED_COLUMN_NAME AS referenced_column \
    FROM information_schema.KEY_COLUMN_USAGE \
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? \
      AND REFERENCED_TABLE_NAME IS NOT NULL \
    ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION";

const INDEXES: &str = "\
    SELECT INDEX_NAME AS name, CAST(NON_UNIQUE AS CHAR) AS non_unique, \
           COLUMN_NAME AS column_name \
    FROM information_schema.STATISTICS \
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? \
    ORDER BY INDEX_NAME, SEQ_IN_INDEX";

impl Catalog for MysqlConnection {
    fn backend_name(&self) -> &'static str {
        "MySQL"
    }

    fn read_table(&mut self, table: &str) -> QueryResult<Option<LiveTable>> {
        block_query(read::<Blocking, _>(self, table))
    }
}

#[cfg(feature = "async")]
impl AsyncCatalog for diesel_async::AsyncMysqlConnection {
    fn backend_name(&self) -> &'static str {
        "MySQL"
    }

    fn read_table<'a>(
        &'a mut self,
        table: &'a str,
    ) -> impl Future<Output = QueryResult<Option<LiveTable>>> + Send + 'a {
        read::<crate::exec::Async, _>(self, table)
    }
}

/// The table as `information_schema` has it, in mode `M`.
async fn read<M, C>(conn: &mut C, table: &str) -> QueryResult<Option<LiveTable>>
where
    C: Load<M, CatalogQuery<diesel::mysql::Mysql>, ColumnRow>
        + Load<M, CatalogQuery<diesel::mysql::Mysql>, ForeignKeyRow>
        + Load<M, CatalogQuery<diesel::mysql::Mysql>, IndexRow>,
{
    {
        let columns: Vec<ColumnRow> = Load::<M, _, ColumnRow>::all(
            conn,
            catalog_query::<diesel::mysql::Mysql>(COLUMNS, table),
        )
        .await?;
        if columns.is_empty() {
            return Ok(None);
        }
        let foreign_keys: Vec<ForeignKeyRow> = Load::<M, _, ForeignKeyRow>::all(
            conn,
            catalog_query::<diesel::mysql::Mysql>(FOREIGN_KEYS, table),
        )
        .await?;
        let indexes: Vec<IndexRow> = Load::<M, _, IndexRow>::all(
            conn,
            catalog_query::<diesel::mysql::Mysql>(INDEXES, table),
        )
        .await?;
        Ok(Some(LiveTable {
            name: table.to_owned(),
            columns: columns
                .into_iter()
                .map(|c| LiveColumn {
                    diesel_type: diesel_type(&c.data_type, &c.type_name),
                    nullable: c.is_nullable == "YES",
                    name: c.name,
                    type_name: c.type_name,
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
                    .map(|r| (r.name, r.non_unique.trim() == "0", r.column_name)),
            ),
        }))
    }
}

/// A column's `DATA_TYPE` (and `COLUMN_TYPE`, for `unsigned`) read the way
/// `diesel print-schema` reads it.
fn diesel_type(data_type: &str, column_type: &str) -> Option<&'static str> {
    let unsigned = column_type.to_ascii_lowercase().contains("unsigned");
    let integer = |signed: &'static str, unsigned_name: &'static str| {
        if unsigned {
            unsigned_name
        } else {
            signed
        }
    };
    Some(match data_type.to_ascii_lowercase().as_str() {
        "tinyint" => integer("TinyInt", "Unsigned<TinyInt>"),
        "smallint" => integer("SmallInt", "Unsigned<SmallInt>"),
        "mediumint" | "int" | "integer" => integer("Integer", "Unsigned<Integer>"),
        "bigint" => integer("BigInt", "Unsigned<BigInt>"),
        "float" => "Float",
        "double" | "real" => "Double",
        "decimal" | "numeric" => "Numeric",
        "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" | "enum" | "set" => {
            "Text"
        }
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" | "bit" => {
            "Binary"
        }
        "date" => "Date",
        "time" => "Time",
        "datetime" => "Datetime",
        "timestamp" => "Timestamp",
        "json" => "Json",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::diesel_type;

    #[test]
    fn reads_data_types_like_print_schema() {
        assert_eq!(diesel_type("int", "int(11)"), Some("Integer"));
        assert_eq!(
            diesel_type("bigint", "bigint(20) unsigned"),
            Some("Unsigned<BigInt>")
        );
        assert_eq!(diesel_type("varchar", "varchar(255)"), Some("Text"));
        assert_eq!(diesel_type("geometry", "geometry"), None);
    }
}
