//! The seed models and schema of the repository, verbatim: every pattern of
//! the seeds (one-to-many, nullable many-to-one, one-to-one, many-to-many,
//! association object, self-referential, two foreign keys into one table,
//! backrefs, Chinook's #[sql_name] tables). The root package also compiles
//! them against the seed migrations (diesel.toml: migrations/sqlite).
#[path = "../../src/schema.rs"]
mod schema;
#[path = "../../src/seeds/mod.rs"]
mod seeds;

#[allow(dead_code)]
fn uses(conn: &mut diesel::SqliteConnection) {
    use diesel_relations::LoadRelated;
    let employees: Vec<seeds::chinook::Employee> = Vec::new();
    let _ = employees.load_related(conn, seeds::chinook::Employee::reports);
    let team = seeds::teams::Team { id: 1, name: String::new(), city: String::new() };
    let _ = team.players().load(conn);
}

fn main() {}
