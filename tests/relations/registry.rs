//! The registry lists every declared relationship with its tables and keys.

use diesel_relations::registry::{models, relationships, ColumnRef, KeyColumn, RelationshipKind};
use libtest_mimic::{Failed, Trial};

fn lists_every_seed_relationship() -> Result<(), Failed> {
    let all: Vec<String> = relationships().iter().map(|r| r.full_name()).collect();
    let want = [
        "Customer.invoices",
        "Customer.orders",
        "Invoice.customer",
        "Order.customer",
        "Player.team",
        "Post.author",
        "Team.players",
        "User.posts",
    ];
    if all != want {
        return Err(format!("registry lists {all:?}, want {want:?}").into());
    }
    Ok(())
}

fn carries_both_sides_and_the_keys() -> Result<(), Failed> {
    let find = |name: &str| {
        relationships()
            .into_iter()
            .find(|r| r.full_name() == name)
            .ok_or_else(|| Failed::from(format!("{name} is not registered")))
    };
    let invoices = find("Customer.invoices")?;
    let expect = |cond: bool, what: &str| {
        if cond {
            Ok(())
        } else {
            Err(Failed::from(what.to_owned()))
        }
    };
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
                table: "invoices",
                column: "custid",
            }),
        "Customer.invoices foreign key is invoices.custid",
    )?;
    expect(
        invoices.references
            == Some(ColumnRef {
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
    expect(
        invoices.sql_type == "Integer",
        "invoices.custid is Integer in the Diesel schema",
    )?;

    let author = find("Post.author")?;
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
                table: "posts",
                column: "author_id",
            }),
        "Post.author key",
    )?;
    expect(
        author.references
            == Some(ColumnRef {
                table: "users",
                column: "id",
            }),
        "Post.author references users.id",
    )?;
    Ok(())
}

/// Every model deriving `Relations` submits its table and typed key; the
/// two `Customer`s of seeds 000 and 004 are told apart by module.
fn lists_every_seed_model() -> Result<(), Failed> {
    let all: Vec<(&str, &str, &str)> = models()
        .iter()
        .map(|m| (m.model, m.module.rsplit("::").next().unwrap_or(""), m.table))
        .collect();
    let want = [
        ("Customer", "invoicing", "customers"),
        ("Customer", "shop", "customers"),
        ("Invoice", "invoicing", "invoices"),
        ("Order", "shop", "orders"),
        ("Player", "teams", "players"),
        ("Post", "blog", "posts"),
        ("Team", "teams", "teams"),
        ("User", "blog", "users"),
    ];
    if all != want {
        return Err(format!("models() lists {all:?}, want {want:?}").into());
    }
    let id = [KeyColumn {
        name: "id",
        sql_type: "Integer",
    }];
    if let Some(m) = models().iter().find(|m| m.primary_key != id) {
        return Err(format!("{} has key {:?}, want {id:?}", m.model, m.primary_key).into());
    }
    Ok(())
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
        Trial::test("registry::lists_every_seed_model", lists_every_seed_model),
    ]
}
