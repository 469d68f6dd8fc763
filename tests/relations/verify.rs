//! `verify(conn)` against real databases: what the catalog readers read,
//! the untouched migrations (no findings), and drift made with real DDL on
//! a database of the test's own (a FK dropped, an index dropped, a column
//! retyped), each reported by relationship name.

use super::harness::{Scratch, ScratchBackend};
use diesel::connection::SimpleConnection;
use diesel_relations::catalog::Catalog;
use diesel_relations::registry::{
    self, Cascade, ColumnRef, Columns, CompositeKey, CompositeSecondary, KeyColumn, ModelInfo,
    RelationshipInfo, RelationshipKind, Secondary,
};
use diesel_relations::verify::{verify_declared, Drift, Finding, Report};
use diesel_relations::{cli, verify};
use libtest_mimic::{Failed, Trial};

/// `Model.a & Model.b: what`, one line per finding, for exact comparisons.
fn summary(report: &Report) -> Vec<String> {
    report.findings.iter().map(line).collect()
}

fn line(finding: &Finding) -> String {
    let what = match &finding.drift {
        Drift::MissingTable { table } => format!("no table {table}"),
        Drift::MissingColumn { column } => format!("no column {column}"),
        Drift::MissingForeignKey { column, references } => {
            format!("no FK {column} -> {references}")
        }
        Drift::ForeignKeyElsewhere {
            column,
            references,
            found,
        } => format!(
            "FK {column} -> {} instead of {references}",
            found.join(", ")
        ),
        Drift::Unindexed { column } => format!("unindexed {column}"),
        Drift::NotUnique { column } => format!("not unique {column}"),
        Drift::TypeMismatch {
            column, references, ..
        } => format!("type of {column} != type of {references}"),
        Drift::SchemaType {
            column,
            diesel_type,
            ..
        } => format!("type of {column} != Diesel {diesel_type}"),
        Drift::Nullability {
            column,
            nullable_in_database,
        } => format!("{column} nullable={nullable_in_database} unlike Diesel"),
        Drift::MissingCompositeForeignKey {
            columns,
            references,
        } => format!("no FK {columns} -> {references}"),
        Drift::CompositeColumnOrder { columns, found, .. } => {
            format!("FK {columns} pairs {}", found.join(", "))
        }
        Drift::CompositeForeignKeyElsewhere {
            columns,
            references,
            found,
        } => format!(
            "FK {columns} -> {} instead of {references}",
            found.join(", ")
        ),
        Drift::CompositeUnindexed { columns } => format!("unindexed {columns}"),
        Drift::CompositeNotUnique { columns } => format!("not unique {columns}"),
    };
    format!("{}: {what}", finding.relationships.join(" & "))
}

const fn col(table: &'static str, column: &'static str) -> ColumnRef {
    ColumnRef {
        schema: "",
        table,
        column,
    }
}

/// A many-to-one on the seed tables, to vary in the tests below.
const BASE: RelationshipInfo = RelationshipInfo {
    module: "tests",
    model: "Invoice",
    name: "customer",
    table: "invoices",
    target: "Customer",
    target_table: "customers",
    kind: RelationshipKind::ManyToOne,
    foreign_key: Some(col("invoices", "custid")),
    references: Some(col("customers", "id")),
    secondary: None,
    composite: None,
    composite_secondary: None,
    nullable: false,
    sql_type: "Integer",
    back_populates: None,
    cascade: Cascade {
        delete: false,
        delete_orphan: false,
        passive_deletes: false,
    },
    viewonly: false,
    order_by: None,
    declared_at: "tests/relations/verify.rs",
};

const ID: &[KeyColumn] = &[KeyColumn {
    name: "id",
    sql_type: "Integer",
    nullable: false,
}];

backend_tests! {
    fn the_catalog_reader_reads_keys_indexes_and_types(conn) {
        let invoices = conn.read_table("invoices")?.ok_or("invoices not found")?;
        let fks: Vec<_> = invoices.foreign_keys.iter()
            .map(|fk| (fk.column.as_str(), fk.referenced_table.as_str(), fk.referenced_column.as_str()))
            .collect();
        ensure_eq!(fks, vec![("custid", "customers", "id")]);
        ensure_eq!(invoices.has_index_on("custid"), true);
        ensure_eq!(invoices.is_unique("custid"), false);
        ensure_eq!(invoices.is_unique("id"), true); // the primary key
        ensure_eq!(invoices.has_index_on("amount"), false);
        let custid = invoices.column("custid").ok_or("no custid")?;
        ensure_eq!(custid.diesel_type, Some("Integer"));
        ensure_eq!(custid.nullable, false);

        let posts = conn.read_table("posts")?.ok_or("posts not found")?;
        let author_id = posts.column("author_id").ok_or("no author_id")?;
        ensure_eq!(author_id.nullable, true);
        let index: Vec<_> = posts.indexes.iter().filter(|i| i.name == "posts_author_id").collect();
        ensure_eq!(index.len(), 1);
        ensure_eq!(index[0].columns.clone(), vec![Some("author_id".to_owned())]);

        ensure_eq!(conn.read_table("no_such_table")?, None);
        Ok(())
    }

    fn the_migrated_database_matches_every_relationship(conn) {
        let report = verify(conn)?;
        ensure_eq!(summary(&report), Vec::<String>::new());
        // Every relationship in the registry is checked.
        let declared = registry::relationships().len();
        ensure_eq!(report.relationships.len(), declared);
        ensure_eq!(
            report.to_string(),
            format!("{}: the database matches the {declared} declared relationships", conn.backend_name())
        );
        report.into_result()?;
        Ok(())
    }

    fn declarations_the_database_does_not_have_are_reported(conn) {
        static GHOST: RelationshipInfo = RelationshipInfo {
            model: "Ghost", name: "things", table: "ghosts",
            foreign_key: Some(col("ghosts", "thing_id")), references: Some(col("things", "id")),
            ..BASE
        };
        static NO_COLUMN: RelationshipInfo = RelationshipInfo {
            name: "nope", foreign_key: Some(col("invoices", "nope")), ..BASE
        };
        static ELSEWHERE: RelationshipInfo = RelationshipInfo {
            name: "team", target: "Team", target_table: "teams",
            references: Some(col("teams", "id")), ..BASE
        };
        static ONE_TO_ONE: RelationshipInfo = RelationshipInfo {
            model: "Customer", name: "invoice", table: "customers",
            target: "Invoice", target_table: "invoices", kind: RelationshipKind::OneToOne,
            ..BASE
        };
        static NOT_NULL: RelationshipInfo = RelationshipInfo {
            model: "Post", name: "author", table: "posts", target: "User", target_table: "users",
            foreign_key: Some(col("posts", "author_id")), references: Some(col("users", "id")),
            ..BASE
        };
        let report = verify_declared(conn, &[&GHOST, &NO_COLUMN, &ELSEWHERE, &ONE_TO_ONE, &NOT_NULL], &[])?;
        ensure_eq!(summary(&report), vec![
            "Ghost.things: no table ghosts".to_owned(),
            "Customer.invoice: not unique invoices.custid".to_owned(),
            "Invoice.team: FK invoices.custid -> customers.id instead of teams.id".to_owned(),
            "Invoice.nope: no column invoices.nope".to_owned(),
            "Post.author: posts.author_id nullable=true unlike Diesel".to_owned(),
        ]);
        let text: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
        ensure_eq!(text, vec![
            "Ghost.things: table ghosts does not exist in the database: create it in a migration".to_owned(),
            "Customer.invoice: invoices.custid is not UNIQUE, so the one-to-one can find several rows: \
             add CREATE UNIQUE INDEX invoices_custid_unique ON invoices (custid)".to_owned(),
            "Invoice.team: the foreign key on invoices.custid references customers.id, not teams.id: \
             make it REFERENCES teams (id)".to_owned(),
            "Invoice.nope: column invoices.nope does not exist in the database: add it in a migration".to_owned(),
            "Post.author: posts.author_id is nullable in the database but NOT NULL in the Diesel schema: \
             make the migration and schema.rs agree (diesel print-schema)".to_owned(),
        ]);
        ensure_eq!(report.is_clean(), false);
        ensure_eq!(report.concerning("Invoice.team").count(), 1);
        Ok(())
    }
}

/// Schema changes the database makes on its own terms: on MySQL/MariaDB a
/// foreign key's column can neither lose its index (error 1553) nor change
/// type (error 1832), so there the key is dropped first.
trait Drifts: ScratchBackend {
    /// Whether an index or type drift needs the foreign key dropped first.
    const KEEPS_FOREIGN_KEYS_INDEXED_AND_TYPED: bool = false;
    /// Drops the foreign key invoices.custid -> customers.id.
    const DROP_FOREIGN_KEY: &'static str;
    /// Drops the index on players.team_id.
    const DROP_INDEX: &'static str;
    /// Makes posts.author_id a BIGINT (users.id stays INTEGER).
    const ALTER_TYPE: &'static str;
    /// Drops the index on cfk_notes (see_order_id, see_line_no).
    const DROP_SEE_ALSO_INDEX: &'static str = "DROP INDEX cfk_notes_see_line";
}

impl Drifts for diesel::SqliteConnection {
    // SQLite cannot drop a constraint or retype a column: rebuild the table.
    const DROP_FOREIGN_KEY: &'static str = "
        PRAGMA foreign_keys = OFF;
        CREATE TABLE invoices_new (
            id INTEGER PRIMARY KEY NOT NULL, custid INTEGER NOT NULL,
            invno INTEGER NOT NULL, amount INTEGER NOT NULL);
        INSERT INTO invoices_new SELECT id, custid, invno, amount FROM invoices;
        DROP TABLE invoices;
        ALTER TABLE invoices_new RENAME TO invoices;
        CREATE INDEX invoices_custid ON invoices (custid);
        PRAGMA foreign_keys = ON;";
    const DROP_INDEX: &'static str = "DROP INDEX players_team_id";
    const ALTER_TYPE: &'static str = "
        PRAGMA foreign_keys = OFF;
        CREATE TABLE posts_new (
            id INTEGER PRIMARY KEY NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL,
            author_id BIGINT, FOREIGN KEY (author_id) REFERENCES users (id));
        INSERT INTO posts_new SELECT id, title, content, author_id FROM posts;
        DROP TABLE posts;
        ALTER TABLE posts_new RENAME TO posts;
        CREATE INDEX posts_author_id ON posts (author_id);
        PRAGMA foreign_keys = ON;";
}

impl Drifts for diesel::PgConnection {
    const DROP_FOREIGN_KEY: &'static str =
        "ALTER TABLE invoices DROP CONSTRAINT invoices_custid_fkey";
    const DROP_INDEX: &'static str = "DROP INDEX players_team_id";
    const ALTER_TYPE: &'static str = "ALTER TABLE posts ALTER COLUMN author_id TYPE BIGINT";
}

#[cfg(feature = "mysql")]
impl Drifts for diesel::MysqlConnection {
    const KEEPS_FOREIGN_KEYS_INDEXED_AND_TYPED: bool = true;
    const DROP_FOREIGN_KEY: &'static str = "ALTER TABLE invoices DROP FOREIGN KEY invoices_ibfk_1";
    const DROP_INDEX: &'static str =
        "ALTER TABLE players DROP FOREIGN KEY players_ibfk_1; DROP INDEX players_team_id ON players";
    const ALTER_TYPE: &'static str =
        "ALTER TABLE posts DROP FOREIGN KEY posts_ibfk_1; ALTER TABLE posts MODIFY author_id BIGINT NULL";
    const DROP_SEE_ALSO_INDEX: &'static str =
        "ALTER TABLE cfk_notes DROP FOREIGN KEY cfk_notes_ibfk_2; DROP INDEX cfk_notes_see_line ON cfk_notes";
}

/// The many-to-many and one-to-one tables the seeds do not have yet: a
/// UNIQUE one-to-one, one without UNIQUE, and an association table whose
/// tag_id has neither a foreign key nor an index.
const EXTRA_TABLES: &str = "
    CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);
    CREATE TABLE posts_tags (
        post_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
        PRIMARY KEY (post_id, tag_id),
        FOREIGN KEY (post_id) REFERENCES posts (id));
    CREATE TABLE profiles (
        id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL,
        FOREIGN KEY (user_id) REFERENCES users (id), UNIQUE (user_id));
    CREATE TABLE badges (
        id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL,
        FOREIGN KEY (user_id) REFERENCES users (id));
    CREATE INDEX badges_user_id ON badges (user_id);";

/// Composite foreign keys made wrong on purpose, each on a `cmt_` table of
/// its own: one right, one without FOREIGN KEY or index, one pairing its
/// columns the other way round, one referencing another table, a
/// one-to-one without UNIQUE, and an association table whose line columns
/// have neither FOREIGN KEY nor index.
const COMPOSITE_TABLES: &str = "
    CREATE TABLE cmt_lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, PRIMARY KEY (order_id, line_no));
    CREATE TABLE cmt_other_lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, PRIMARY KEY (order_id, line_no));
    CREATE TABLE cmt_tags (id INTEGER NOT NULL PRIMARY KEY);
    CREATE TABLE cmt_good (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
        FOREIGN KEY (order_id, line_no) REFERENCES cmt_lines (order_id, line_no));
    CREATE INDEX cmt_good_line ON cmt_good (order_id, line_no);
    CREATE TABLE cmt_bare (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL);
    CREATE TABLE cmt_swapped (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
        FOREIGN KEY (line_no, order_id) REFERENCES cmt_lines (order_id, line_no));
    CREATE INDEX cmt_swapped_line ON cmt_swapped (order_id, line_no);
    CREATE TABLE cmt_elsewhere (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
        FOREIGN KEY (order_id, line_no) REFERENCES cmt_other_lines (order_id, line_no));
    CREATE INDEX cmt_elsewhere_line ON cmt_elsewhere (order_id, line_no);
    CREATE TABLE cmt_details (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
        FOREIGN KEY (order_id, line_no) REFERENCES cmt_lines (order_id, line_no));
    CREATE INDEX cmt_details_line ON cmt_details (order_id, line_no);
    CREATE TABLE cmt_line_tags (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, tag_id INTEGER NOT NULL,
        PRIMARY KEY (tag_id, order_id, line_no),
        FOREIGN KEY (tag_id) REFERENCES cmt_tags (id));";

const LINE_KEY: &[KeyColumn] = &[
    KeyColumn {
        name: "order_id",
        sql_type: "Integer",
        nullable: false,
    },
    KeyColumn {
        name: "line_no",
        sql_type: "Integer",
        nullable: false,
    },
];

/// `(order_id, line_no)` on `table`.
const fn line_columns(table: &'static str) -> Columns {
    Columns {
        schema: "",
        table,
        columns: LINE_KEY,
    }
}

/// `table (order_id, line_no)` referencing `cmt_lines`' key.
const fn to_lines(table: &'static str) -> CompositeKey {
    CompositeKey {
        columns: line_columns(table),
        references: line_columns("cmt_lines"),
    }
}

/// A composite many-to-one `Model.line` on `table`.
const fn composite_line(model: &'static str, table: &'static str) -> RelationshipInfo {
    RelationshipInfo {
        model,
        name: "line",
        table,
        target: "Line",
        target_table: "cmt_lines",
        foreign_key: None,
        references: None,
        sql_type: "",
        composite: Some(to_lines(table)),
        ..BASE
    }
}

scratch_tests! {
    fn composite_columns_are_compared_with_the_diesel_schema(db) {
        db.conn().batch_execute(
            "CREATE TABLE cc_vlines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, PRIMARY KEY (order_id, line_no));
             CREATE TABLE cc_vnotes (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
                 FOREIGN KEY (order_id, line_no) REFERENCES cc_vlines (order_id, line_no));
             CREATE INDEX cc_vnotes_line ON cc_vnotes (order_id, line_no);",
        )?;
        // The Diesel schema as the derive states it: right, then with
        // order_id a BigInt and line_no Nullable, as for one column.
        const RIGHT: &[KeyColumn] = &[
            KeyColumn { name: "order_id", sql_type: "Integer", nullable: false },
            KeyColumn { name: "line_no", sql_type: "Integer", nullable: false },
        ];
        const DRIFTED: &[KeyColumn] = &[
            KeyColumn { name: "order_id", sql_type: "BigInt", nullable: false },
            KeyColumn { name: "line_no", sql_type: "Integer", nullable: true },
        ];
        const fn note_line(columns: &'static [KeyColumn]) -> RelationshipInfo {
            RelationshipInfo {
                model: "VNote",
                name: "line",
                table: "cc_vnotes",
                target: "VLine",
                target_table: "cc_vlines",
                foreign_key: None,
                references: None,
                sql_type: "",
                composite: Some(CompositeKey {
                    columns: Columns { schema: "", table: "cc_vnotes", columns },
                    references: Columns { schema: "", table: "cc_vlines", columns: RIGHT },
                }),
                ..BASE
            }
        }
        static GOOD: RelationshipInfo = note_line(RIGHT);
        static DRIFT: RelationshipInfo = note_line(DRIFTED);
        let report = verify_declared(db.conn(), &[&GOOD], &[])?;
        ensure_eq!(summary(&report), Vec::<String>::new());
        let report = verify_declared(db.conn(), &[&DRIFT], &[])?;
        ensure_eq!(summary(&report), vec![
            "VNote.line: type of cc_vnotes.order_id != Diesel BigInt".to_owned(),
            "VNote.line: cc_vnotes.line_no nullable=false unlike Diesel".to_owned(),
        ]);
        Ok(())
    }

    fn composite_foreign_keys_are_checked_column_by_column(db) {
        db.conn().batch_execute(COMPOSITE_TABLES)?;
        static GOOD: RelationshipInfo = composite_line("Good", "cmt_good");
        // The collection on the other side of GOOD: the same key, one finding list.
        static GOODS: RelationshipInfo = RelationshipInfo {
            model: "Line", name: "goods", table: "cmt_lines", target: "Good", target_table: "cmt_good",
            kind: RelationshipKind::OneToMany, back_populates: Some("line"),
            ..composite_line("Line", "cmt_good")
        };
        static BARE: RelationshipInfo = composite_line("Bare", "cmt_bare");
        static SWAPPED: RelationshipInfo = composite_line("Swapped", "cmt_swapped");
        static ELSEWHERE: RelationshipInfo = composite_line("Elsewhere", "cmt_elsewhere");
        static DETAIL: RelationshipInfo = RelationshipInfo {
            model: "Line", name: "detail", table: "cmt_lines", target: "Detail", target_table: "cmt_details",
            kind: RelationshipKind::OneToOne,
            ..composite_line("Line", "cmt_details")
        };
        const TAG_ID: &[KeyColumn] = &[KeyColumn { name: "tag_id", sql_type: "Integer", nullable: false }];
        static TAGS: RelationshipInfo = RelationshipInfo {
            model: "Line", name: "tags", table: "cmt_lines", target: "Tag", target_table: "cmt_tags",
            kind: RelationshipKind::ManyToMany, composite: None,
            composite_secondary: Some(CompositeSecondary {
                table: "cmt_line_tags",
                to_source: to_lines("cmt_line_tags"),
                to_target: CompositeKey {
                    columns: Columns { schema: "", table: "cmt_line_tags", columns: TAG_ID },
                    references: Columns { schema: "", table: "cmt_tags", columns: ID },
                },
            }),
            ..composite_line("Line", "cmt_lines")
        };
        let all = [&GOOD, &GOODS, &BARE, &SWAPPED, &ELSEWHERE, &DETAIL, &TAGS];
        let report = verify_declared(db.conn(), &all, &[])?;
        ensure_eq!(summary(&report), vec![
            "Bare.line: no FK cmt_bare.(order_id, line_no) -> cmt_lines.(order_id, line_no)".to_owned(),
            "Bare.line: unindexed cmt_bare.(order_id, line_no)".to_owned(),
            "Elsewhere.line: FK cmt_elsewhere.(order_id, line_no) -> cmt_other_lines (order_id, line_no) \
             instead of cmt_lines.(order_id, line_no)".to_owned(),
            "Line.detail: not unique cmt_details.(order_id, line_no)".to_owned(),
            "Line.tags: no FK cmt_line_tags.(order_id, line_no) -> cmt_lines.(order_id, line_no)".to_owned(),
            "Line.tags: unindexed cmt_line_tags.(order_id, line_no)".to_owned(),
            "Swapped.line: FK cmt_swapped.(order_id, line_no) pairs line_no -> order_id, order_id -> line_no".to_owned(),
        ]);
        // The right key, from both sides, and the tag side of the association table: nothing.
        ensure_eq!(report.concerning("Good.line").count(), 0);
        ensure_eq!(report.concerning("Line.goods").count(), 0);
        ensure_eq!(report.concerning("Line.tags").count(), 2);
        let text = |who: &str| report.concerning(who).map(|f| f.to_string()).collect::<Vec<_>>();
        ensure_eq!(text("Swapped.line"), vec![
            "Swapped.line: the foreign key on cmt_swapped.(order_id, line_no) pairs line_no -> order_id, \
             order_id -> line_no, not in the order of cmt_lines.(order_id, line_no): \
             make it FOREIGN KEY (order_id, line_no) REFERENCES cmt_lines (order_id, line_no)".to_owned(),
        ]);
        ensure_eq!(text("Bare.line"), vec![
            "Bare.line: no foreign key cmt_bare.(order_id, line_no) -> cmt_lines.(order_id, line_no) in the database: \
             add FOREIGN KEY (order_id, line_no) REFERENCES cmt_lines (order_id, line_no)".to_owned(),
            "Bare.line: cmt_bare.(order_id, line_no) has no index, so every load through it scans all of cmt_bare: \
             add CREATE INDEX cmt_bare_order_id_line_no ON cmt_bare (order_id, line_no)".to_owned(),
        ]);
        ensure_eq!(text("Line.detail"), vec![
            "Line.detail: cmt_details.(order_id, line_no) is not UNIQUE, so the one-to-one can find several rows: \
             add CREATE UNIQUE INDEX cmt_details_order_id_line_no_unique ON cmt_details (order_id, line_no)".to_owned(),
        ]);
        // Fixed as the messages say, the report is clean.
        db.conn().batch_execute(
            "CREATE UNIQUE INDEX cmt_details_order_id_line_no_unique ON cmt_details (order_id, line_no);
             CREATE INDEX cmt_bare_order_id_line_no ON cmt_bare (order_id, line_no);
             CREATE INDEX cmt_line_tags_order_id_line_no ON cmt_line_tags (order_id, line_no)",
        )?;
        let report = verify_declared(db.conn(), &[&GOOD, &GOODS, &DETAIL], &[])?;
        ensure_eq!(summary(&report), Vec::<String>::new());
        Ok(())
    }

    fn composite_seed_keys_are_verified_from_the_registry(db) {
        run_composite_seed(db)
    }

    fn drift_is_reported_by_relationship(db) {
        run_drift(db)
    }

    fn the_cli_exits_non_zero_on_drift(db) {
        run_cli_verify(db)
    }

    fn one_to_one_and_many_to_many_are_checked_from_the_registry_data(db) {
        db.conn().batch_execute(EXTRA_TABLES)?;
        static PROFILE: RelationshipInfo = RelationshipInfo {
            model: "User", name: "profile", table: "users",
            target: "Profile", target_table: "profiles", kind: RelationshipKind::OneToOne,
            foreign_key: Some(col("profiles", "user_id")), references: Some(col("users", "id")),
            ..BASE
        };
        static BADGE: RelationshipInfo = RelationshipInfo {
            name: "badge", target: "Badge", target_table: "badges",
            foreign_key: Some(col("badges", "user_id")), ..PROFILE
        };
        static POST_TAGS: RelationshipInfo = RelationshipInfo {
            model: "Post", name: "tags", table: "posts", target: "Tag", target_table: "tags",
            kind: RelationshipKind::ManyToMany, foreign_key: None, references: None,
            secondary: Some(Secondary { table: "posts_tags", source_column: "post_id", target_column: "tag_id" }),
            back_populates: Some("posts"),
            ..BASE
        };
        static TAG_POSTS: RelationshipInfo = RelationshipInfo {
            model: "Tag", name: "posts", table: "tags", target: "Post", target_table: "posts",
            secondary: Some(Secondary { table: "posts_tags", source_column: "tag_id", target_column: "post_id" }),
            back_populates: Some("tags"),
            ..POST_TAGS
        };
        static USER: ModelInfo = ModelInfo { model: "User", module: "t", table: "users", primary_key: ID };
        static POST: ModelInfo = ModelInfo { model: "Post", module: "t", table: "posts", primary_key: ID };
        static TAG: ModelInfo = ModelInfo { model: "Tag", module: "t", table: "tags", primary_key: ID };
        let report = verify_declared(
            db.conn(),
            &[&PROFILE, &BADGE, &POST_TAGS, &TAG_POSTS],
            &[&USER, &POST, &TAG],
        )?;
        ensure_eq!(summary(&report), vec![
            "User.badge: not unique badges.user_id".to_owned(),
            "Post.tags & Tag.posts: no FK posts_tags.tag_id -> tags.id".to_owned(),
            "Post.tags & Tag.posts: unindexed posts_tags.tag_id".to_owned(),
        ]);
        ensure_eq!(report.concerning("User.profile").count(), 0);
        ensure_eq!(
            report.findings[1].to_string(),
            "Post.tags and Tag.posts: no foreign key posts_tags.tag_id -> tags.id in the database: \
             add FOREIGN KEY (tag_id) REFERENCES tags (id)"
        );
        Ok(())
    }
}

/// The seeds' composite keys, straight from the migrations, then with the
/// index behind `Note.see_also` dropped (on MySQL/MariaDB its FOREIGN KEY
/// first, which the index serves).
fn run_composite_seed<B: Drifts + Catalog>(db: &mut Scratch<B>) -> super::harness::TestResult {
    let report = verify(db.conn())?;
    ensure_eq!(summary(&report), Vec::<String>::new());
    db.conn().batch_execute(B::DROP_SEE_ALSO_INDEX)?;
    let report = verify(db.conn())?;
    let who = "Note.see_also & OrderLine.seen_by";
    let mut want = Vec::new();
    if B::KEEPS_FOREIGN_KEYS_INDEXED_AND_TYPED {
        want.push(format!(
            "{who}: no FK cfk_notes.(see_order_id, see_line_no) -> cfk_order_lines.(order_id, line_no)"
        ));
    }
    want.push(format!(
        "{who}: unindexed cfk_notes.(see_order_id, see_line_no)"
    ));
    ensure_eq!(summary(&report), want);
    ensure_eq!(report.concerning("Note.order_line").count(), 0);
    Ok(())
}

fn run_drift<B: Drifts + Catalog>(db: &mut Scratch<B>) -> super::harness::TestResult {
    // Untouched, straight from the migrations: nothing to report.
    let report = verify(db.conn())?;
    ensure_eq!(summary(&report), Vec::<String>::new());

    db.conn().batch_execute(B::DROP_FOREIGN_KEY)?;
    db.conn().batch_execute(B::DROP_INDEX)?;
    db.conn().batch_execute(B::ALTER_TYPE)?;
    let report = verify(db.conn())?;

    let mysql = B::KEEPS_FOREIGN_KEYS_INDEXED_AND_TYPED;
    let mut want =
        vec!["invoicing::Customer.invoices & invoicing::Invoice.customer: no FK invoices.custid -> customers.id"];
    if mysql {
        want.push("Player.team & Team.players: no FK players.team_id -> teams.id");
    }
    want.push("Player.team & Team.players: unindexed players.team_id");
    if mysql {
        want.push("Post.author & User.posts: no FK posts.author_id -> users.id");
    }
    want.push("Post.author & User.posts: type of posts.author_id != type of users.id");
    want.push("Post.author & User.posts: type of posts.author_id != Diesel Integer");
    ensure_eq!(summary(&report), want);

    // The untouched relationships stay out of it.
    ensure_eq!(report.concerning("shop::Customer.orders").count(), 0);
    ensure_eq!(report.concerning("Order.customer").count(), 0);
    ensure_eq!(report.concerning("chinook::Customer.invoices").count(), 0);
    // Each side of a pair finds the problems of its foreign key.
    ensure_eq!(report.concerning("invoicing::Invoice.customer").count(), 1);
    ensure_eq!(
        report.concerning("Team.players").count(),
        if mysql { 2 } else { 1 }
    );

    // The types are the live ones, as the database prints them.
    let retyped = report
        .findings
        .iter()
        .find_map(|f| match &f.drift {
            Drift::TypeMismatch {
                column_type,
                referenced_type,
                ..
            } => Some((column_type.to_lowercase(), referenced_type.to_lowercase())),
            _ => None,
        })
        .ok_or("no type mismatch")?;
    ensure_eq!(retyped.0.starts_with("bigint"), true);
    ensure_eq!(retyped.1.starts_with("int"), true);

    ensure_eq!(
        report.findings[0].to_string(),
        "invoicing::Customer.invoices and invoicing::Invoice.customer: no foreign key invoices.custid -> customers.id in the database: \
         add FOREIGN KEY (custid) REFERENCES customers (id)"
    );
    let text = report.to_string();
    let header = format!(
        "{}: {} problems in 6 of the {} declared relationships:\n  - invoicing::Customer.invoices and invoicing::Invoice.customer: ",
        db.conn().backend_name(),
        want.len(),
        registry::relationships().len()
    );
    ensure_eq!(text.starts_with(&header), true);
    ensure_eq!(text.lines().count(), want.len() + 1);
    Ok(())
}

/// `relations_cli ARGS..`: exit status, stdout, stderr.
fn run_cli(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run_with(
        std::iter::once("relations_cli").chain(args.iter().copied()),
        &mut out,
        &mut err,
    );
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn run_cli_verify<B: Drifts + Catalog>(db: &mut Scratch<B>) -> super::harness::TestResult {
    let url = db.url.clone();
    let backend = db.conn().backend_name();
    let (code, out, err) = run_cli(&["verify", "--database-url", &url]);
    ensure_eq!((code, err.as_str()), (0, ""));
    ensure_eq!(
        out,
        format!(
            "{backend}: the database matches the {} declared relationships\n\
             models: no overlapping foreign keys, no cascade cycles\n",
            registry::relationships().len()
        )
    );

    db.conn().batch_execute(B::DROP_INDEX)?;
    let (code, out, err) = run_cli(&["verify", "--database-url", &url]);
    ensure_eq!((code, err.as_str()), (cli::EXIT_DRIFT, ""));
    let unindexed = "  - Player.team and Team.players: players.team_id has no index, so every load \
                     through it scans all of players: add CREATE INDEX players_team_id ON players (team_id)";
    ensure_eq!(out.lines().any(|l| l == unindexed), true);
    Ok(())
}

fn the_cli_reports_a_database_it_cannot_open() -> Result<(), Failed> {
    let missing = std::env::temp_dir().join("diesel-relations-no-such-dir/app.sqlite3");
    let missing = missing.to_str().ok_or("temp path is not UTF-8")?;
    let (code, out, err) = run_cli(&["verify", "--database-url", missing]);
    if (code, out.as_str()) != (cli::EXIT_ERROR, "")
        || err != format!("error: no SQLite database at {missing}\n")
    {
        return Err(format!("exit {code}, stdout {out:?}, stderr {err:?}").into());
    }
    if std::path::Path::new(missing).exists() {
        return Err("verify created the SQLite file it was asked to read".into());
    }
    // Nothing listens on port 1.
    let (code, _, err) = run_cli(&[
        "verify",
        "--database-url",
        "postgres://nobody@127.0.0.1:1/app",
    ]);
    if code != cli::EXIT_ERROR || !err.starts_with("error: cannot connect to the database: ") {
        return Err(format!("exit {code}, stderr {err:?}").into());
    }
    Ok(())
}

/// The trials that need no database.
pub fn cli_trials() -> Vec<Trial> {
    vec![Trial::test(
        "cli::verify_reports_a_database_it_cannot_open",
        the_cli_reports_a_database_it_cannot_open,
    )]
}
