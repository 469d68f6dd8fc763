//! The cross-model checks: two relationships writing one foreign key
//! without being a pair, and delete cascades that run in a cycle.

use diesel_relations::checks::{check, check_relationships, ModelProblem, ModelProblems};
use diesel_relations::registry::{
    Cascade, ColumnRef, Columns, CompositeKey, KeyColumn, RelationshipInfo, RelationshipKind,
    Secondary,
};
use libtest_mimic::{Failed, Trial};

const fn col(table: &'static str, column: &'static str) -> ColumnRef {
    ColumnRef {
        schema: "",
        table,
        column,
    }
}

const NO_CASCADE: Cascade = Cascade {
    delete: false,
    delete_orphan: false,
    passive_deletes: false,
};
const DELETE: Cascade = Cascade {
    delete: true,
    ..NO_CASCADE
};

/// `Customer.invoices`, the collection side of seed 000.
const INVOICES: RelationshipInfo = RelationshipInfo {
    module: "tests",
    model: "Customer",
    name: "invoices",
    table: "customers",
    target: "Invoice",
    target_table: "invoices",
    kind: RelationshipKind::OneToMany,
    foreign_key: Some(col("invoices", "custid")),
    references: Some(col("customers", "id")),
    secondary: None,
    composite: None,
    composite_secondary: None,
    nullable: false,
    sql_type: "Integer",
    back_populates: Some("customer"),
    cascade: NO_CASCADE,
    viewonly: false,
    order_by: None,
    declared_at: "tests/relations/checks.rs",
};
/// `Invoice.customer`, its other side.
const CUSTOMER: RelationshipInfo = RelationshipInfo {
    module: "tests",
    model: "Invoice",
    name: "customer",
    table: "invoices",
    target: "Customer",
    target_table: "customers",
    kind: RelationshipKind::ManyToOne,
    back_populates: Some("invoices"),
    ..INVOICES
};

fn expect(got: Vec<ModelProblem>, want: Vec<ModelProblem>) -> Result<(), Failed> {
    if got == want {
        Ok(())
    } else {
        Err(format!("got {got:#?}\nwant {want:#?}").into())
    }
}

fn the_seed_models_pass() -> Result<(), Failed> {
    check().map_err(|e| Failed::from(e.to_string()))
}

fn a_back_populates_pair_shares_its_foreign_key() -> Result<(), Failed> {
    expect(check_relationships(&[&INVOICES, &CUSTOMER]), vec![])
}

fn two_unpaired_writers_of_one_column_overlap() -> Result<(), Failed> {
    // A second collection on the same foreign key, paired with nothing.
    static BILLS: RelationshipInfo = RelationshipInfo {
        name: "bills",
        back_populates: None,
        ..INVOICES
    };
    let got = check_relationships(&[&INVOICES, &CUSTOMER, &BILLS]);
    expect(
        got.clone(),
        vec![
            ModelProblem::Overlap {
                column: col("invoices", "custid"),
                first: "Customer.bills".into(),
                second: "Customer.invoices".into(),
            },
            ModelProblem::Overlap {
                column: col("invoices", "custid"),
                first: "Customer.bills".into(),
                second: "Invoice.customer".into(),
            },
        ],
    )?;
    let text = ModelProblems(got).to_string();
    let want =
        "2 problems across the models:\n  - Customer.bills and Customer.invoices both write \
                invoices.custid but are not a back_populates pair: if they are two sides of one \
                relationship, pair them with back_populates; if not, give one of them its own \
                foreign key\n  - Customer.bills and Invoice.customer both write invoices.custid \
                but are not a back_populates pair: if they are two sides of one relationship, pair \
                them with back_populates; if not, give one of them its own foreign key";
    if text != want {
        return Err(format!("printed:\n{text}\nwant:\n{want}").into());
    }
    Ok(())
}

fn many_to_many_writes_both_association_columns() -> Result<(), Failed> {
    static TAGS: RelationshipInfo = RelationshipInfo {
        model: "Post",
        name: "tags",
        table: "posts",
        target: "Tag",
        target_table: "tags",
        kind: RelationshipKind::ManyToMany,
        foreign_key: None,
        references: None,
        secondary: Some(Secondary {
            table: "posts_tags",
            source_column: "post_id",
            target_column: "tag_id",
        }),
        back_populates: Some("posts"),
        ..INVOICES
    };
    static POSTS: RelationshipInfo = RelationshipInfo {
        model: "Tag",
        name: "posts",
        table: "tags",
        target: "Post",
        target_table: "posts",
        secondary: Some(Secondary {
            table: "posts_tags",
            source_column: "tag_id",
            target_column: "post_id",
        }),
        back_populates: Some("tags"),
        ..TAGS
    };
    // A one-to-many straight onto the association table's tag_id.
    static LINKS: RelationshipInfo = RelationshipInfo {
        model: "Tag",
        name: "links",
        table: "tags",
        target: "PostTag",
        target_table: "posts_tags",
        kind: RelationshipKind::OneToMany,
        foreign_key: Some(col("posts_tags", "tag_id")),
        references: Some(col("tags", "id")),
        secondary: None,
        back_populates: None,
        ..INVOICES
    };
    expect(check_relationships(&[&TAGS, &POSTS]), vec![])?;
    expect(
        check_relationships(&[&TAGS, &POSTS, &LINKS]),
        vec![
            ModelProblem::Overlap {
                column: col("posts_tags", "tag_id"),
                first: "Post.tags".into(),
                second: "Tag.links".into(),
            },
            ModelProblem::Overlap {
                column: col("posts_tags", "tag_id"),
                first: "Tag.links".into(),
                second: "Tag.posts".into(),
            },
        ],
    )
}

fn delete_cascades_in_a_cycle_are_reported() -> Result<(), Failed> {
    // Deleting a customer deletes its invoices, and deleting an invoice
    // deletes its customer: round and round.
    static INVOICES_CASCADE: RelationshipInfo = RelationshipInfo {
        cascade: DELETE,
        ..INVOICES
    };
    static CUSTOMER_CASCADE: RelationshipInfo = RelationshipInfo {
        cascade: DELETE,
        ..CUSTOMER
    };
    expect(check_relationships(&[&INVOICES_CASCADE, &CUSTOMER]), vec![])?;
    let got = check_relationships(&[&INVOICES_CASCADE, &CUSTOMER_CASCADE]);
    expect(
        got.clone(),
        vec![ModelProblem::CascadeCycle {
            tables: vec!["customers", "invoices"],
            relationships: vec!["Customer.invoices".into(), "Invoice.customer".into()],
        }],
    )?;
    let text = got[0].to_string();
    let want = "cascade delete runs in a cycle through customers, invoices: Customer.invoices, \
                Invoice.customer: remove delete from the cascade of one of them";
    if text != want {
        return Err(format!("printed {text:?}, want {want:?}").into());
    }

    // Three tables: a -> b -> c -> a.
    static AB: RelationshipInfo = RelationshipInfo {
        model: "A",
        name: "bs",
        table: "a",
        target: "B",
        target_table: "b",
        foreign_key: Some(col("b", "a_id")),
        references: Some(col("a", "id")),
        back_populates: None,
        cascade: DELETE,
        ..INVOICES
    };
    static BC: RelationshipInfo = RelationshipInfo {
        model: "B",
        name: "cs",
        table: "b",
        target: "C",
        target_table: "c",
        foreign_key: Some(col("c", "b_id")),
        references: Some(col("b", "id")),
        ..AB
    };
    static CA: RelationshipInfo = RelationshipInfo {
        model: "C",
        name: "as_",
        table: "c",
        target: "A",
        target_table: "a",
        foreign_key: Some(col("a", "c_id")),
        references: Some(col("c", "id")),
        ..AB
    };
    expect(check_relationships(&[&AB, &BC]), vec![])?;
    expect(
        check_relationships(&[&AB, &BC, &CA]),
        vec![ModelProblem::CascadeCycle {
            tables: vec!["a", "b", "c"],
            relationships: vec!["A.bs".into(), "B.cs".into(), "C.as_".into()],
        }],
    )
}

fn a_self_referential_tree_may_cascade_down_but_not_both_ways() -> Result<(), Failed> {
    static REPORTS: RelationshipInfo = RelationshipInfo {
        model: "Employee",
        name: "reports",
        table: "employees",
        target: "Employee",
        target_table: "employees",
        foreign_key: Some(col("employees", "manager_id")),
        references: Some(col("employees", "id")),
        back_populates: Some("manager"),
        cascade: DELETE,
        ..INVOICES
    };
    static MANAGER: RelationshipInfo = RelationshipInfo {
        name: "manager",
        kind: RelationshipKind::ManyToOne,
        back_populates: Some("reports"),
        cascade: NO_CASCADE,
        ..REPORTS
    };
    static MANAGER_CASCADE: RelationshipInfo = RelationshipInfo {
        cascade: DELETE,
        ..MANAGER
    };
    expect(check_relationships(&[&REPORTS, &MANAGER]), vec![])?;
    expect(
        check_relationships(&[&REPORTS, &MANAGER_CASCADE]),
        vec![ModelProblem::CascadeCycle {
            tables: vec!["employees"],
            relationships: vec!["Employee.manager".into(), "Employee.reports".into()],
        }],
    )
}

/// `(order_id, line_no)`, the key of `lines` and the foreign key of `notes`.
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

/// `table (order_id, line_no)` referencing `lines (order_id, line_no)`.
const fn line_key(table: &'static str) -> CompositeKey {
    CompositeKey {
        columns: Columns {
            schema: "",
            table,
            columns: LINE_KEY,
        },
        references: Columns {
            schema: "",
            table: "lines",
            columns: LINE_KEY,
        },
    }
}

/// `Line.notes`, a collection through `notes (order_id, line_no)`.
const NOTES: RelationshipInfo = RelationshipInfo {
    model: "Line",
    name: "notes",
    table: "lines",
    target: "Note",
    target_table: "notes",
    kind: RelationshipKind::OneToMany,
    foreign_key: None,
    references: None,
    composite: Some(line_key("notes")),
    sql_type: "",
    back_populates: Some("line"),
    ..INVOICES
};
/// `Note.line`, its other side.
const LINE: RelationshipInfo = RelationshipInfo {
    model: "Note",
    name: "line",
    table: "notes",
    target: "Line",
    target_table: "lines",
    kind: RelationshipKind::ManyToOne,
    back_populates: Some("notes"),
    ..NOTES
};

fn two_unpaired_writers_of_one_composite_key_overlap() -> Result<(), Failed> {
    expect(check_relationships(&[&NOTES, &LINE]), vec![])?;
    // A second collection through the same two columns, paired with
    // nothing: one problem per relationship it overlaps, at the key's
    // first column, however many columns they share.
    static MEMOS: RelationshipInfo = RelationshipInfo {
        name: "memos",
        back_populates: None,
        ..NOTES
    };
    expect(
        check_relationships(&[&NOTES, &LINE, &MEMOS]),
        vec![
            ModelProblem::Overlap {
                column: col("notes", "order_id"),
                first: "Line.memos".into(),
                second: "Line.notes".into(),
            },
            ModelProblem::Overlap {
                column: col("notes", "order_id"),
                first: "Line.memos".into(),
                second: "Note.line".into(),
            },
        ],
    )?;
    // A one-column many-to-one on one of the key's columns writes it too.
    static ORDER: RelationshipInfo = RelationshipInfo {
        model: "Note",
        name: "order",
        table: "notes",
        target: "Order",
        target_table: "orders",
        kind: RelationshipKind::ManyToOne,
        foreign_key: Some(col("notes", "line_no")),
        references: Some(col("orders", "id")),
        composite: None,
        sql_type: "Integer",
        back_populates: None,
        ..INVOICES
    };
    expect(
        check_relationships(&[&NOTES, &LINE, &ORDER]),
        vec![
            ModelProblem::Overlap {
                column: col("notes", "line_no"),
                first: "Line.notes".into(),
                second: "Note.order".into(),
            },
            ModelProblem::Overlap {
                column: col("notes", "line_no"),
                first: "Note.line".into(),
                second: "Note.order".into(),
            },
        ],
    )
}

fn a_delete_cascade_cycle_through_composite_keys_is_reported() -> Result<(), Failed> {
    // Deleting a line deletes its notes through (order_id, line_no), and a
    // note's collection of lines (through a composite key onto lines)
    // deletes lines again.
    static NOTES_CASCADE: RelationshipInfo = RelationshipInfo {
        cascade: DELETE,
        ..NOTES
    };
    static ECHOES: RelationshipInfo = RelationshipInfo {
        model: "Note",
        name: "echoes",
        table: "notes",
        target: "Line",
        target_table: "lines",
        kind: RelationshipKind::OneToMany,
        composite: Some(CompositeKey {
            columns: Columns {
                schema: "",
                table: "lines",
                columns: LINE_KEY,
            },
            references: Columns {
                schema: "",
                table: "notes",
                columns: LINE_KEY,
            },
        }),
        back_populates: None,
        cascade: DELETE,
        ..NOTES
    };
    expect(check_relationships(&[&NOTES_CASCADE, &LINE]), vec![])?;
    expect(
        check_relationships(&[&NOTES_CASCADE, &LINE, &ECHOES]),
        vec![ModelProblem::CascadeCycle {
            tables: vec!["lines", "notes"],
            relationships: vec!["Line.notes".into(), "Note.echoes".into()],
        }],
    )
}

pub fn trials() -> Vec<Trial> {
    let t = |name: &str, f: fn() -> Result<(), Failed>| Trial::test(format!("checks::{name}"), f);
    vec![
        t("the_seed_models_pass", the_seed_models_pass),
        t(
            "a_back_populates_pair_shares_its_foreign_key",
            a_back_populates_pair_shares_its_foreign_key,
        ),
        t(
            "two_unpaired_writers_of_one_column_overlap",
            two_unpaired_writers_of_one_column_overlap,
        ),
        t(
            "many_to_many_writes_both_association_columns",
            many_to_many_writes_both_association_columns,
        ),
        t(
            "delete_cascades_in_a_cycle_are_reported",
            delete_cascades_in_a_cycle_are_reported,
        ),
        t(
            "a_self_referential_tree_may_cascade_down_but_not_both_ways",
            a_self_referential_tree_may_cascade_down_but_not_both_ways,
        ),
        t(
            "two_unpaired_writers_of_one_composite_key_overlap",
            two_unpaired_writers_of_one_composite_key_overlap,
        ),
        t(
            "a_delete_cascade_cycle_through_composite_keys_is_reported",
            a_delete_cascade_cycle_through_composite_keys_is_reported,
        ),
    ]
}
