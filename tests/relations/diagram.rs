//! The ER diagram: docs/seed-models.md shows exactly what the code draws for the
//! seed models, the CLI prints it, and every cardinality is drawn as
//! declared.

use diesel_relations::cli;
use diesel_relations::diagram::{render, Diagram, Format};
use diesel_relations::registry::{
    Cascade, ColumnRef, Columns, CompositeKey, KeyColumn, ModelInfo, RelationshipInfo,
    RelationshipKind, Secondary,
};
use libtest_mimic::{Failed, Trial};

fn same(what: &str, got: &str, want: &str) -> Result<(), Failed> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}:\n--- got\n{got}\n--- want\n{want}").into())
    }
}

/// The ```mermaid block of docs/seed-models.md.
fn documented_diagram() -> Result<&'static str, Failed> {
    let page = include_str!("../../docs/seed-models.md");
    let start = page
        .find("```mermaid\n")
        .ok_or("docs/seed-models.md has no ```mermaid block")?
        + "```mermaid\n".len();
    let len = page[start..].find("```").ok_or("unclosed ```mermaid")?;
    Ok(&page[start..start + len])
}

fn the_docs_show_the_seed_diagram() -> Result<(), Failed> {
    same(
        "docs/seed-models.md's diagram vs diagram::render (paste the new one into it)",
        documented_diagram()?,
        &render(Format::Mermaid),
    )
}

fn the_seed_diagram_has_every_relationship() -> Result<(), Failed> {
    let mermaid = render(Format::Mermaid);
    for line in [
        "    Customer_customers ||..o{ Invoice_invoices : \"invoices / customer\"",
        "    Customer_customers |o..o{ Order : \"orders / customer\"",
        "    Employee |o..o{ Employee : \"reports / manager\"",
        "    Parent |o..o| Favourite : \"favourite / parent\"",
        "    Child }o--o{ Parent : \"parents / children (association)\"",
        "    Invoice_Invoice }o--o{ Track : \"tracks (InvoiceLine)\"",
        "    Team ||..o{ Player : \"players / team\"",
        "    User |o..o{ Post : \"posts / author\"",
        "        Integer custid FK",
        "    AssocParent ||--o{ Association : \"children / parent\"",
        "        Integer left_id PK, FK",
        // Through composite keys: one line per key, each column FK.
        "    OrderLine ||..o{ Note : \"notes / order_line\"",
        "    OrderLine |o..o{ Note : \"seen_by / see_also\"",
        "    LinkedLine ||..o| LineDetail : \"detail / line\"",
        "    LinkedLine }o--o{ Tag : \"tags / lines (cfk_line_tags)\"",
        "    LinkedLine }o--o{ LinkedLine : \"followed_by, follows (cfk_line_pairs)\"",
        "        Integer see_order_id FK",
        "        Integer see_line_no FK",
        // Composite one-to-ones, nullable and not.
        "    Docket |o..o| DocketNote : \"note / docket\"",
        "    Docket ||..o| DocketSheet : \"sheet / docket\"",
    ] {
        if !mermaid.lines().any(|l| l == line) {
            return Err(format!("no line {line:?} in\n{mermaid}").into());
        }
    }
    Ok(())
}

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

fn the_cli_prints_the_diagram() -> Result<(), Failed> {
    let (code, out, err) = run_cli(&["diagram"]);
    same("exit status", &code.to_string(), "0")?;
    same("stderr", &err, "")?;
    same("diagram", &out, &render(Format::Mermaid))?;
    let (code, out, _) = run_cli(&["diagram", "--format", "dot"]);
    same("exit status", &code.to_string(), "0")?;
    same("dot", &out, &render(Format::Dot))?;
    if !out.contains(
        "\"Customer_customers\" -> \"Invoice_invoices\" [label=\"invoices / customer\", arrowtail=teetee, arrowhead=crowodot, style=dashed];",
    ) {
        return Err(format!("no Customer -> Invoice edge in\n{out}").into());
    }
    let (code, _, err) = run_cli(&["diagram", "--format", "svg"]);
    same("exit status of a bad format", &code.to_string(), "2")?;
    if !err.contains("possible values: mermaid, dot") {
        return Err(format!("stderr: {err}").into());
    }
    Ok(())
}

const fn col(table: &'static str, column: &'static str) -> ColumnRef {
    ColumnRef {
        schema: "",
        table,
        column,
    }
}

/// A person with a passport (one-to-one sharing its key), accounts in one
/// of two tables both modelled as `Account` (nullable owner), and books
/// with authors (many-to-many).
fn every_cardinality_is_drawn() -> Result<(), Failed> {
    const BASE: RelationshipInfo = RelationshipInfo {
        module: "tests",
        model: "Person",
        name: "passport",
        table: "people",
        target: "Passport",
        target_table: "passports",
        kind: RelationshipKind::OneToOne,
        foreign_key: Some(col("passports", "person_id")),
        references: Some(col("people", "id")),
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
        declared_at: "tests/relations/diagram.rs",
    };
    static PASSPORT: RelationshipInfo = BASE;
    static ACCOUNTS: RelationshipInfo = RelationshipInfo {
        name: "accounts",
        target: "Account",
        target_table: "accounts",
        kind: RelationshipKind::OneToMany,
        foreign_key: Some(col("accounts", "owner_id")),
        nullable: true,
        sql_type: "BigInt",
        ..BASE
    };
    static BOOK_AUTHORS: RelationshipInfo = RelationshipInfo {
        model: "Book",
        name: "authors",
        table: "books",
        target: "Author",
        target_table: "authors",
        kind: RelationshipKind::ManyToMany,
        foreign_key: None,
        references: None,
        secondary: Some(Secondary {
            table: "authors_books",
            source_column: "book_id",
            target_column: "author_id",
        }),
        back_populates: Some("books"),
        ..BASE
    };
    static AUTHOR_BOOKS: RelationshipInfo = RelationshipInfo {
        model: "Author",
        name: "books",
        table: "authors",
        target: "Book",
        target_table: "books",
        secondary: Some(Secondary {
            table: "authors_books",
            source_column: "author_id",
            target_column: "book_id",
        }),
        back_populates: Some("authors"),
        ..BOOK_AUTHORS
    };
    const ID: &[KeyColumn] = &[KeyColumn {
        name: "id",
        sql_type: "Integer",
        nullable: false,
    }];
    const fn model(model: &'static str, table: &'static str) -> ModelInfo {
        ModelInfo {
            model,
            module: "m",
            table,
            primary_key: ID,
        }
    }
    static MODELS: [ModelInfo; 5] = [
        model("Person", "people"),
        ModelInfo {
            primary_key: &[KeyColumn {
                name: "person_id",
                sql_type: "Integer",
                nullable: false,
            }],
            ..model("Passport", "passports")
        },
        model("Account", "accounts"),
        ModelInfo {
            module: "legacy",
            primary_key: &[KeyColumn {
                name: "code",
                sql_type: "Unsigned<BigInt>",
                nullable: false,
            }],
            ..model("Account", "legacy_accounts")
        },
        model("Book", "books"),
    ];
    let models: Vec<&ModelInfo> = MODELS.iter().collect();
    let diagram = Diagram::new(
        &[&PASSPORT, &ACCOUNTS, &BOOK_AUTHORS, &AUTHOR_BOOKS],
        &models,
    );
    same(
        "mermaid",
        &diagram.mermaid(),
        "erDiagram
    Account_accounts {
        Integer id PK
        BigInt owner_id FK
    }
    Account_legacy_accounts {
        Unsigned(BigInt) code PK
    }
    Book {
        Integer id PK
    }
    Passport {
        Integer person_id PK, FK
    }
    Person {
        Integer id PK
    }
    Author }o--o{ Book : \"books / authors (authors_books)\"
    Person |o..o{ Account_accounts : \"accounts\"
    Person ||--o| Passport : \"passport\"
",
    )?;
    let dot = diagram.dot();
    for line in [
        "    \"Person\" -> \"Passport\" [label=\"passport\", arrowtail=teetee, arrowhead=teeodot];",
        "    \"Person\" -> \"Account_accounts\" [label=\"accounts\", arrowtail=teeodot, arrowhead=crowodot, style=dashed];",
        "    \"Author\" -> \"Book\" [label=\"books / authors (authors_books)\", arrowtail=crowodot, arrowhead=crowodot];",
    ] {
        if !dot.lines().any(|l| l == line) {
            return Err(format!("no line {line:?} in\n{dot}").into());
        }
    }
    if !dot.contains("code: Unsigned&lt;BigInt&gt; PK") {
        return Err(format!("types are not HTML-escaped in\n{dot}").into());
    }
    Ok(())
}

/// A composite foreign key inside the child's primary key is identifying
/// (solid), one outside it is not (dashed); every column is marked FK, and
/// listed in the key's order (`ref_order, ref_line`), not by name.
fn a_composite_foreign_key_is_drawn_with_its_columns() -> Result<(), Failed> {
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
    const PART_KEY: &[KeyColumn] = &[
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
        KeyColumn {
            name: "part_no",
            sql_type: "Integer",
            nullable: false,
        },
    ];
    const REF: &[KeyColumn] = &[
        KeyColumn {
            name: "ref_order",
            sql_type: "Integer",
            nullable: false,
        },
        KeyColumn {
            name: "ref_line",
            sql_type: "BigInt",
            nullable: false,
        },
    ];
    let lines = Columns {
        schema: "",
        table: "lines",
        columns: LINE_KEY,
    };
    static PARTS: RelationshipInfo = RelationshipInfo {
        module: "m",
        model: "Line",
        name: "parts",
        table: "lines",
        target: "Part",
        target_table: "parts",
        kind: RelationshipKind::OneToMany,
        foreign_key: None,
        references: None,
        secondary: None,
        composite: None,
        composite_secondary: None,
        nullable: false,
        sql_type: "",
        back_populates: None,
        cascade: Cascade {
            delete: false,
            delete_orphan: false,
            passive_deletes: false,
        },
        viewonly: false,
        order_by: None,
        declared_at: "tests/relations/diagram.rs",
    };
    let parts = RelationshipInfo {
        composite: Some(CompositeKey {
            columns: Columns {
                table: "parts",
                ..lines
            },
            references: lines,
        }),
        ..PARTS
    };
    let referrer = RelationshipInfo {
        model: "Memo",
        name: "line",
        table: "memos",
        target: "Line",
        target_table: "lines",
        kind: RelationshipKind::ManyToOne,
        nullable: true,
        composite: Some(CompositeKey {
            columns: Columns {
                schema: "",
                table: "memos",
                columns: REF,
            },
            references: lines,
        }),
        ..PARTS
    };
    let models = [
        ModelInfo {
            model: "Line",
            module: "m",
            table: "lines",
            primary_key: LINE_KEY,
        },
        ModelInfo {
            model: "Part",
            module: "m",
            table: "parts",
            primary_key: PART_KEY,
        },
    ];
    let diagram = Diagram::new(&[&parts, &referrer], &models.iter().collect::<Vec<_>>());
    same(
        "mermaid",
        &diagram.mermaid(),
        "erDiagram
    Line {
        Integer order_id PK
        Integer line_no PK
    }
    Memo {
        Integer ref_order FK
        BigInt ref_line FK
    }
    Part {
        Integer order_id PK, FK
        Integer line_no PK, FK
        Integer part_no PK
    }
    Line |o..o{ Memo : \"line\"
    Line ||--o{ Part : \"parts\"
",
    )
}

pub fn trials() -> Vec<Trial> {
    let t = |name: &str, f: fn() -> Result<(), Failed>| Trial::test(format!("diagram::{name}"), f);
    vec![
        t(
            "the_docs_show_the_seed_diagram",
            the_docs_show_the_seed_diagram,
        ),
        t(
            "the_seed_diagram_has_every_relationship",
            the_seed_diagram_has_every_relationship,
        ),
        t("the_cli_prints_the_diagram", the_cli_prints_the_diagram),
        t("every_cardinality_is_drawn", every_cardinality_is_drawn),
        t(
            "a_composite_foreign_key_is_drawn_with_its_columns",
            a_composite_foreign_key_is_drawn_with_its_columns,
        ),
    ]
}
