//! The registry lists every declared relationship with its tables and keys.

use diesel_relations::registry::{
    models, relationships, ColumnRef, Columns, CompositeKey, CompositeSecondary, KeyColumn,
    RelationshipInfo, RelationshipKind, Secondary,
};
use libtest_mimic::{Failed, Trial};

/// The relationship `Model.name` declared in `seeds::<module>`.
fn find(module: &str, name: &str) -> Result<&'static RelationshipInfo, Failed> {
    relationships()
        .into_iter()
        .find(|r| r.module.ends_with(&format!("seeds::{module}")) && r.full_name() == name)
        .ok_or_else(|| Failed::from(format!("{module}: {name} is not registered")))
}

fn expect(cond: bool, what: &str) -> Result<(), Failed> {
    if cond {
        Ok(())
    } else {
        Err(Failed::from(what.to_owned()))
    }
}

fn lists_every_seed_relationship() -> Result<(), Failed> {
    let all: Vec<String> = relationships()
        .iter()
        .filter(|r| r.module.contains("seeds::"))
        .map(|r| {
            format!(
                "{}::{}",
                r.module.rsplit("::").next().unwrap_or(""),
                r.full_name()
            )
        })
        .collect();
    let want = [
        "associations::AssocChild.parents",
        "associations::AssocParent.children",
        "associations::Association.child",
        "associations::Association.parent",
        "blog::Post.author",
        "blog::User.posts",
        "books::Author.books",
        "books::Book.authors",
        "chinook::Album.artist",
        "chinook::Album.tracks",
        "chinook::Artist.albums",
        "chinook::Customer.invoices",
        "chinook::Customer.support_rep",
        "chinook::Employee.customers",
        "chinook::Employee.manager",
        "chinook::Employee.reports",
        "chinook::Invoice.customer",
        "chinook::Invoice.lines",
        "chinook::Invoice.tracks",
        "chinook::InvoiceLine.invoice",
        "chinook::InvoiceLine.track",
        "chinook::Playlist.playlist_tracks",
        "chinook::Playlist.tracks",
        "chinook::PlaylistTrack.playlist",
        "chinook::PlaylistTrack.track",
        "chinook::Track.album",
        "chinook::Track.lines",
        "chinook::Track.playlist_tracks",
        "chinook::Track.playlists",
        "clubs::Club.badge",
        "clubs::Club.members",
        "clubs::Member.club",
        "dockets::Docket.note",
        "dockets::Docket.seal",
        "dockets::Docket.sheet",
        "dockets::Docket.stamp",
        "dockets::DocketNote.docket",
        "dockets::DocketSeal.docket",
        "dockets::DocketSheet.docket",
        "dockets::DocketSheet.ticks",
        "dockets::DocketStamp.docket",
        "dockets::SheetTick.sheet",
        "invoicing::Customer.invoices",
        "invoicing::Invoice.customer",
        "lending::Member.borrowed",
        "lending::Volume.borrowers",
        "line_links::LineDetail.line",
        "line_links::LinkedLine.detail",
        "line_links::LinkedLine.followed_by",
        "line_links::LinkedLine.follows",
        "line_links::LinkedLine.tags",
        "line_links::Tag.lines",
        "order_cascades::CascadeLine.marks",
        "order_cascades::CascadeLine.order",
        "order_cascades::CascadeOrder.lines",
        "order_cascades::CascadeOrder.logs",
        "order_cascades::LineMark.line",
        "order_cascades::OrderLog.order",
        "order_lines::Note.order_line",
        "order_lines::Note.see_also",
        "order_lines::OrderLine.notes",
        "order_lines::OrderLine.seen_by",
        "parents::Child.parents",
        "parents::Favourite.parent",
        "parents::Parent.children",
        "parents::Parent.favourite",
        "shipping::Address.billed",
        "shipping::Address.shipped",
        "shipping::Shipment.billing",
        "shipping::Shipment.shipping",
        "shop::Customer.orders",
        "shop::Order.customer",
        "teams::Player.team",
        "teams::Team.players",
        "valid::Account.charges",
        "valid::Charge.account",
        "valid::Staff.manager",
        "valid::Staff.reports",
    ];
    if all != want {
        return Err(format!("registry lists {all:?}, want {want:?}").into());
    }
    Ok(())
}

fn carries_both_sides_and_the_keys() -> Result<(), Failed> {
    let invoices = find("invoicing", "Customer.invoices")?;
    expect(
        invoices.kind == RelationshipKind::OneToMany,
        "Customer.invoices is one-to-many",
    )?;
    expect(
        invoices.table == "customers" && invoices.target_table == "invoices",
        "tables of Customer.invoices",
    )?;
    // The collection found its foreign key through back_populates.
    expect(
        invoices.foreign_key
            == Some(ColumnRef {
                schema: "",
                table: "invoices",
                column: "custid",
            }),
        "Customer.invoices foreign key is invoices.custid",
    )?;
    expect(
        invoices.references
            == Some(ColumnRef {
                schema: "",
                table: "customers",
                column: "id",
            }),
        "references customers.id",
    )?;
    expect(
        invoices.order_by == Some("invoices::id"),
        "order_by as written",
    )?;
    expect(
        invoices.back_populates == Some("customer"),
        "back_populates",
    )?;
    expect(!invoices.nullable, "invoices.custid is NOT NULL")?;
    // The line of the relationship's own attribute, not the derive's.
    let attribute = include_str!("../../src/seeds/invoicing.rs")
        .lines()
        .position(|l| l.starts_with("#[relationship(invoices:"))
        .map(|i| i + 1);
    expect(
        attribute.is_some()
            && invoices.declared_at == format!("src/seeds/invoicing.rs:{}", attribute.unwrap_or(0)),
        &format!("Customer.invoices declared_at {}", invoices.declared_at),
    )?;
    let lines = find("chinook", "Invoice.lines")?;
    expect(
        lines.cascade.delete && lines.cascade.delete_orphan && !lines.cascade.passive_deletes,
        "Invoice.lines cascade all, delete-orphan",
    )?;
    expect(!lines.viewonly, "Invoice.lines writes")?;
    expect(
        invoices.sql_type == "Integer",
        "invoices.custid is Integer in the Diesel schema",
    )?;

    let author = find("blog", "Post.author")?;
    expect(
        author.kind == RelationshipKind::ManyToOne,
        "Post.author is many-to-one",
    )?;
    expect(author.nullable, "posts.author_id is nullable")?;
    expect(
        author.sql_type == "Integer",
        "Nullable<Integer> is recorded as Integer, nullable",
    )?;
    expect(
        author.foreign_key
            == Some(ColumnRef {
                schema: "",
                table: "posts",
                column: "author_id",
            }),
        "Post.author key",
    )?;
    expect(
        author.references
            == Some(ColumnRef {
                schema: "",
                table: "users",
                column: "id",
            }),
        "Post.author references users.id",
    )?;
    Ok(())
}

fn carries_every_kind_with_sql_names() -> Result<(), Failed> {
    let favourite = find("parents", "Parent.favourite")?;
    expect(
        favourite.kind == RelationshipKind::OneToOne,
        "Parent.favourite is one-to-one",
    )?;
    expect(
        favourite.foreign_key
            == Some(ColumnRef {
                schema: "",
                table: "favourites",
                column: "parent_id",
            }),
        "Parent.favourite's key is favourites.parent_id",
    )?;
    let children = find("parents", "Child.parents")?;
    expect(
        children.kind == RelationshipKind::ManyToMany,
        "Child.parents is many-to-many",
    )?;
    // The columns came, reversed, from Parent.children through back_populates.
    expect(
        children.secondary
            == Some(Secondary {
                table: "association",
                source_column: "child_id",
                target_column: "parent_id",
            }),
        "Child.parents goes through association(child_id -> parent_id)",
    )?;
    let players = find("teams", "Team.players")?;
    expect(
        players.kind == RelationshipKind::OneToMany,
        "the backref Team.players is a collection",
    )?;
    expect(
        players.back_populates == Some("team"),
        "the backref pairs with Player.team",
    )?;
    let order = find("shop", "Order.customer")?;
    expect(
        order.kind == RelationshipKind::ManyToOne && order.nullable,
        "the backref Order.customer is a nullable scalar",
    )?;
    // Tables under #[sql_name]: the registry has the SQL names.
    let reports = find("chinook", "Employee.reports")?;
    expect(
        reports.foreign_key
            == Some(ColumnRef {
                schema: "",
                table: "Employee",
                column: "ReportsTo",
            })
            && reports.references
                == Some(ColumnRef {
                    schema: "",
                    table: "Employee",
                    column: "EmployeeId",
                }),
        "Employee.reports is keyed on Employee.ReportsTo -> Employee.EmployeeId",
    )?;
    let lines = find("chinook", "Invoice.lines")?;
    expect(
        lines.cascade.delete && lines.cascade.delete_orphan,
        "Invoice.lines cascades all, delete-orphan",
    )?;
    let books = find("books", "Book.authors")?;
    expect(
        books.cascade.passive_deletes,
        "Book.authors has passive_deletes",
    )?;
    Ok(())
}

/// `Integer` columns of `table`, in order.
fn ints(table: &'static str, names: &'static [KeyColumn]) -> Columns {
    Columns {
        schema: "",
        table,
        columns: names,
    }
}

const ORDER_LINE_KEY: &[KeyColumn] = &[
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

/// The relationships through composite keys carry every column, in the
/// order of the key each references, and the key; their one-column
/// fields stay empty.
fn carries_composite_keys_column_by_column() -> Result<(), Failed> {
    let order_line_pk = ints("cfk_order_lines", ORDER_LINE_KEY);
    let to_line = |table| CompositeKey {
        columns: ints(table, ORDER_LINE_KEY),
        references: order_line_pk,
    };
    // Nullable in the Diesel schema, each column as its own fact.
    const SEE: &[KeyColumn] = &[
        KeyColumn {
            name: "see_order_id",
            sql_type: "Integer",
            nullable: true,
        },
        KeyColumn {
            name: "see_line_no",
            sql_type: "Integer",
            nullable: true,
        },
    ];
    let see = CompositeKey {
        columns: ints("cfk_notes", SEE),
        references: order_line_pk,
    };
    let cases = [
        (
            "order_lines",
            "Note.order_line",
            RelationshipKind::ManyToOne,
            to_line("cfk_notes"),
            false,
        ),
        (
            "order_lines",
            "OrderLine.notes",
            RelationshipKind::OneToMany,
            to_line("cfk_notes"),
            false,
        ),
        (
            "order_lines",
            "Note.see_also",
            RelationshipKind::ManyToOne,
            see,
            true,
        ),
        (
            "order_lines",
            "OrderLine.seen_by",
            RelationshipKind::OneToMany,
            see,
            true,
        ),
        (
            "line_links",
            "LineDetail.line",
            RelationshipKind::ManyToOne,
            to_line("cfk_line_details"),
            false,
        ),
        (
            "line_links",
            "LinkedLine.detail",
            RelationshipKind::OneToOne,
            to_line("cfk_line_details"),
            false,
        ),
    ];
    for (module, name, kind, key, nullable) in cases {
        let r = find(module, name)?;
        expect(
            r.kind == kind,
            &format!("{name} is {kind:?}, not {:?}", r.kind),
        )?;
        expect(
            r.composite == Some(key),
            &format!("{name}: composite {:?}, want {key:?}", r.composite),
        )?;
        expect(
            r.nullable == nullable,
            &format!("{name}: nullable {}", r.nullable),
        )?;
        expect(
            r.foreign_key.is_none() && r.references.is_none() && r.secondary.is_none(),
            &format!("{name}: the one-column fields are empty"),
        )?;
    }
    expect(
        find("order_lines", "Note.order_line")?.back_populates == Some("notes"),
        "Note.order_line pairs with notes",
    )?;
    const TAG_ID: &[KeyColumn] = &[KeyColumn {
        name: "tag_id",
        sql_type: "Integer",
        nullable: false,
    }];
    const ID: &[KeyColumn] = &[KeyColumn {
        name: "id",
        sql_type: "Integer",
        nullable: false,
    }];
    let tags_pk = ints("cfk_tags", ID);
    let line_side = CompositeKey {
        columns: ints("cfk_line_tags", ORDER_LINE_KEY),
        references: order_line_pk,
    };
    let tag_side = CompositeKey {
        columns: ints("cfk_line_tags", TAG_ID),
        references: tags_pk,
    };
    let m2m = [
        ("LinkedLine.tags", line_side, tag_side),
        ("Tag.lines", tag_side, line_side),
    ];
    for (name, to_source, to_target) in m2m {
        let r = find("line_links", name)?;
        let want = CompositeSecondary {
            table: "cfk_line_tags",
            to_source,
            to_target,
        };
        expect(
            r.kind == RelationshipKind::ManyToMany && r.composite_secondary == Some(want),
            &format!("{name}: {:?}, want {want:?}", r.composite_secondary),
        )?;
        expect(
            r.secondary.is_none() && r.composite.is_none(),
            &format!("{name}: one shape"),
        )?;
    }
    const FROM: &[KeyColumn] = &[
        KeyColumn {
            name: "from_order_id",
            sql_type: "Integer",
            nullable: false,
        },
        KeyColumn {
            name: "from_line_no",
            sql_type: "Integer",
            nullable: false,
        },
    ];
    const TO: &[KeyColumn] = &[
        KeyColumn {
            name: "to_order_id",
            sql_type: "Integer",
            nullable: false,
        },
        KeyColumn {
            name: "to_line_no",
            sql_type: "Integer",
            nullable: false,
        },
    ];
    let follows = find("line_links", "LinkedLine.follows")?;
    expect(
        follows.composite_secondary
            == Some(CompositeSecondary {
                table: "cfk_line_pairs",
                to_source: CompositeKey {
                    columns: ints("cfk_line_pairs", FROM),
                    references: order_line_pk,
                },
                to_target: CompositeKey {
                    columns: ints("cfk_line_pairs", TO),
                    references: order_line_pk,
                },
            }),
        &format!("LinkedLine.follows: {:?}", follows.composite_secondary),
    )?;
    expect(
        order_line_pk.to_string() == "cfk_order_lines.(order_id, line_no)",
        "Columns print as table.(a, b)",
    )
}

/// Every model deriving `Relations` submits its table and typed key; the
/// two `Customer`s of seeds 000 and 004 are told apart by module.
fn lists_every_seed_model() -> Result<(), Failed> {
    let all: Vec<(&str, &str, &str)> = models()
        .iter()
        .filter(|m| m.module.contains("seeds::"))
        .map(|m| (m.model, m.module.rsplit("::").next().unwrap_or(""), m.table))
        .collect();
    let want = [
        ("Account", "valid", "accounts"),
        ("Address", "shipping", "addresses"),
        ("Album", "chinook", "Album"),
        ("Artist", "chinook", "Artist"),
        ("AssocChild", "associations", "right_table"),
        ("AssocParent", "associations", "left_table"),
        ("Association", "associations", "association_table"),
        ("Author", "books", "authors"),
        ("Badge", "clubs", "club_badges"),
        ("Book", "books", "books"),
        ("CascadeLine", "order_cascades", "ccs_lines"),
        ("CascadeOrder", "order_cascades", "ccs_orders"),
        ("Charge", "valid", "charges"),
        ("Child", "parents", "children"),
        ("Club", "clubs", "clubs"),
        ("Customer", "chinook", "Customer"),
        ("Customer", "invoicing", "customers"),
        ("Customer", "shop", "customers"),
        ("Docket", "dockets", "cc_orders"),
        ("DocketNote", "dockets", "cc_notes"),
        ("DocketSeal", "dockets", "cc_seals"),
        ("DocketSheet", "dockets", "cc_sheets"),
        ("DocketStamp", "dockets", "cc_stamps"),
        ("Employee", "chinook", "Employee"),
        ("Favourite", "parents", "favourites"),
        ("Invoice", "chinook", "Invoice"),
        ("Invoice", "invoicing", "invoices"),
        ("InvoiceLine", "chinook", "InvoiceLine"),
        ("LineDetail", "line_links", "cfk_line_details"),
        ("LineMark", "order_cascades", "ccs_marks"),
        ("LinkedLine", "line_links", "cfk_order_lines"),
        ("Member", "clubs", "club_members"),
        ("Member", "lending", "members"),
        ("Note", "order_lines", "cfk_notes"),
        ("Order", "shop", "orders"),
        ("OrderLine", "order_lines", "cfk_order_lines"),
        ("OrderLog", "order_cascades", "ccs_logs"),
        ("Parent", "parents", "parents"),
        ("Player", "teams", "players"),
        ("Playlist", "chinook", "Playlist"),
        ("PlaylistTrack", "chinook", "PlaylistTrack"),
        ("Post", "blog", "posts"),
        ("SheetTick", "dockets", "cc_ticks"),
        ("Shipment", "shipping", "shipments"),
        ("Staff", "valid", "staff"),
        ("Tag", "line_links", "cfk_tags"),
        ("Team", "teams", "teams"),
        ("Track", "chinook", "Track"),
        ("User", "blog", "users"),
        ("Volume", "lending", "volumes"),
    ];
    if all != want {
        return Err(format!("models() lists {all:?}, want {want:?}").into());
    }
    let id = [KeyColumn {
        name: "id",
        sql_type: "Integer",
        nullable: false,
    }];
    let seed_models = models().into_iter().filter(|m| {
        m.module.contains("seeds::")
            && !m.module.ends_with("chinook")
            && m.model != "Association"
            && m.model != "OrderLine"
            && m.model != "LinkedLine"
            && m.model != "CascadeOrder"
            && m.model != "Docket"
    });
    if let Some(m) = seed_models.into_iter().find(|m| m.primary_key != id) {
        return Err(format!("{} has key {:?}, want {id:?}", m.model, m.primary_key).into());
    }
    // The association object's key is its two foreign keys, in order.
    let composite = [
        KeyColumn {
            name: "left_id",
            sql_type: "Integer",
            nullable: false,
        },
        KeyColumn {
            name: "right_id",
            sql_type: "Integer",
            nullable: false,
        },
    ];
    match models().into_iter().find(|m| m.model == "Association") {
        Some(m) if m.primary_key == composite => Ok(()),
        other => Err(format!("Association's entry {other:?}, want the key {composite:?}").into()),
    }
}

pub fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "registry::lists_every_seed_relationship",
            lists_every_seed_relationship,
        ),
        Trial::test(
            "registry::carries_both_sides_and_the_keys",
            carries_both_sides_and_the_keys,
        ),
        Trial::test(
            "registry::carries_every_kind_with_sql_names",
            carries_every_kind_with_sql_names,
        ),
        Trial::test("registry::lists_every_seed_model", lists_every_seed_model),
        Trial::test(
            "registry::carries_composite_keys_column_by_column",
            carries_composite_keys_column_by_column,
        ),
    ]
}
