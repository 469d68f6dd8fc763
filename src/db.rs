//! Connections with the seed migrations applied, for each backend.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// The seed migrations for SQLite.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
/// The seed migrations for PostgreSQL.
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
/// The seed migrations for MySQL and MariaDB.
#[cfg(feature = "mysql")]
pub const MYSQL_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/mysql");

/// Errors of setting a database up.
pub type SetupError = Box<dyn std::error::Error + Send + Sync>;

/// Opens (or creates) an SQLite database, turns foreign key enforcement on
/// (SQLite leaves it off per connection) and applies the seed migrations.
/// `":memory:"` gives a private in-memory database.
pub fn sqlite(path: &str) -> Result<SqliteConnection, SetupError> {
    let mut conn = SqliteConnection::establish(path)?;
    conn.batch_execute("PRAGMA foreign_keys = ON;")?;
    conn.run_pending_migrations(SQLITE_MIGRATIONS)?;
    Ok(conn)
}

/// Connects to PostgreSQL and applies the seed migrations.
pub fn postgres(url: &str) -> Result<PgConnection, SetupError> {
    let mut conn = PgConnection::establish(url)?;
    conn.run_pending_migrations(POSTGRES_MIGRATIONS)?;
    Ok(conn)
}

/// Connects to MySQL or MariaDB and applies the seed migrations.
#[cfg(feature = "mysql")]
pub fn mysql(url: &str) -> Result<MysqlConnection, SetupError> {
    let mut conn = MysqlConnection::establish(url)?;
    conn.run_pending_migrations(MYSQL_MIGRATIONS)?;
    Ok(conn)
}
