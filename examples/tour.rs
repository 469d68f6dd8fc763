//! The tour: every relationship of the seed models, on an embedded SQLite file.
//!
//! It creates the database file (`target/tour.sqlite3`, or the path given),
//! applies the migrations, inserts the seed data through the relationships,
//! then walks each relationship in both directions and prints what it finds.
//!
//! ```text
//! cargo run --example tour [-- path/to/file.sqlite3]
//! ```

use diesel::prelude::*;
use diesel_relations::{LoadRelated, Related};
use diesel_relations_seeds::db;
use diesel_relations_seeds::schema::chinook::employees;
use diesel_relations_seeds::schema::{
    addresses, authors, books, children, customers, invoices, orders, parents, players, posts,
    shipments, teams, users,
};
use diesel_relations_seeds::seeds::{
    blog, books as library, chinook, invoicing, parents as family, shipping, shop, teams as league,
};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Inserts the seed data, each parent with its children in one transaction.
pub fn seed(conn: &mut SqliteConnection) -> Result<(), Error> {
    use invoicing::{Customer, NewCustomer, NewInvoice};
    conn.transaction(|conn| {
        for (name, address, email, invoices) in [
            (
                "Gopal Krishna",
                "Bank Street Hydarebad",
                "gk@gmail.com",
                vec![(10, 15000), (14, 3850)],
            ),
            (
                "Govind Pant",
                "Gulmandi Aurangabad",
                "gpant@gmail.com",
                vec![(3, 10000), (4, 5000)],
            ),
        ] {
            let customer: Customer = diesel::insert_into(customers::table)
                .values(NewCustomer {
                    name,
                    address,
                    email,
                })
                .returning(Customer::as_returning())
                .get_result(conn)?;
            customer.invoices().insert(
                conn,
                invoices
                    .into_iter()
                    .map(|(invno, amount)| NewInvoice { invno, amount }),
            )?;
        }

        let team: league::Team = diesel::insert_into(teams::table)
            .values(league::NewTeam {
                name: "The Piggers",
                city: "Austin, TX",
            })
            .returning(league::Team::as_returning())
            .get_result(conn)?;
        team.players().insert(
            conn,
            [
                league::NewPlayer {
                    name: "Joe McMan",
                    position: "Quarterback",
                },
                league::NewPlayer {
                    name: "Bo Bryant",
                    position: "Kicker",
                },
            ],
        )?;

        for (name, titles) in [
            (
                "Naruto Uzumaki",
                vec![
                    ("Post 1", "9 Tails Fox Sealer"),
                    ("Post 2", "Hokage of Hidden Leaf Village"),
                ],
            ),
            (
                "Kakashi Hatake",
                vec![("Shinobi", "Hatake clan"), ("Jonin", "Hidden Leaf Village")],
            ),
        ] {
            let user: blog::User = diesel::insert_into(users::table)
                .values(blog::NewUser { name })
                .returning(blog::User::as_returning())
                .get_result(conn)?;
            user.posts().insert(
                conn,
                titles
                    .into_iter()
                    .map(|(title, content)| blog::NewPost { title, content }),
            )?;
        }
        // A post nobody wrote: its author is None, not an error.
        diesel::insert_into(posts::table)
            .values((posts::title.eq("Anonymous"), posts::content.eq("No author")))
            .execute(conn)?;

        let ada: shop::Customer = diesel::insert_into(customers::table)
            .values(shop::NewCustomer { name: "Ada" })
            .returning(shop::Customer::as_returning())
            .get_result(conn)?;
        ada.orders().insert(
            conn,
            [
                shop::NewOrder {
                    order_number: "12345",
                },
                shop::NewOrder {
                    order_number: "12346",
                },
            ],
        )?;
        seed_more(conn)
    })
}

/// The patterns past seed 001: many-to-many, one-to-one, two foreign keys
/// into one table, a self-referential tree.
fn seed_more(conn: &mut SqliteConnection) -> Result<(), Error> {
    // Many-to-many and one-to-one (seed 002).
    let p: Vec<family::Parent> = ["p1", "p2"]
        .into_iter()
        .map(|name| {
            diesel::insert_into(parents::table)
                .values(parents::name.eq(name))
                .returning(family::Parent::as_returning())
                .get_result(conn)
        })
        .collect::<QueryResult<_>>()?;
    let c: Vec<family::Child> = ["c1", "c2", "c3"]
        .into_iter()
        .map(|name| {
            diesel::insert_into(children::table)
                .values(children::name.eq(name))
                .returning(family::Child::as_returning())
                .get_result(conn)
        })
        .collect::<QueryResult<_>>()?;
    p[0].children().set(conn, [&c[0], &c[1]])?;
    p[1].children().set(conn, [&c[1], &c[2]])?;
    p[0].favourite().create(conn)?;

    let a: Vec<library::Author> = ["Naruto Uzumaki", "Sasuke Uchiha"]
        .into_iter()
        .map(|name| {
            diesel::insert_into(authors::table)
                .values(library::NewAuthor { name })
                .returning(library::Author::as_returning())
                .get_result(conn)
        })
        .collect::<QueryResult<_>>()?;
    for (title, by) in [
        ("Secret Scroll of Hidden leaf", vec![&a[0], &a[1]]),
        ("Sharingan: The power within eyes", vec![&a[1]]),
    ] {
        let book: library::Book = diesel::insert_into(books::table)
            .values(library::NewBook { title })
            .returning(library::Book::as_returning())
            .get_result(conn)?;
        book.authors().link(conn, by)?;
    }

    // Two foreign keys into addresses.
    for (street, city) in [("1 Billing Rd", "Oslo"), ("2 Harbour St", "Bergen")] {
        diesel::insert_into(addresses::table)
            .values((addresses::street.eq(street), addresses::city.eq(city)))
            .execute(conn)?;
    }
    diesel::insert_into(shipments::table)
        .values((
            shipments::reference.eq("SHIP-1"),
            shipments::billing_address_id.eq(1),
            shipments::shipping_address_id.eq(Some(2)),
        ))
        .execute(conn)?;

    // A self-referential tree (the Chinook employees).
    for (id, last, first, title, boss) in [
        (1, "Adams", "Andrew", "General Manager", None),
        (2, "Edwards", "Nancy", "Sales Manager", Some(1)),
        (3, "Peacock", "Jane", "Sales Support Agent", Some(2)),
        (4, "Mitchell", "Michael", "IT Manager", Some(1)),
        (5, "King", "Robert", "IT Staff", Some(4)),
    ] {
        diesel::insert_into(employees::table)
            .values((
                employees::employee_id.eq(id),
                employees::last_name.eq(last),
                employees::first_name.eq(first),
                employees::title.eq(title),
                employees::reports_to.eq(boss),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Walks every relationship, parent to children and child to parent.
pub fn walk(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    writeln!(
        out,
        "== Customer.invoices (one-to-many, order_by invoices.id)"
    )?;
    for customer in customers::table
        .order_by(customers::id)
        .select(invoicing::Customer::as_select())
        .load(conn)?
    {
        let invoices = customer.invoices().load(conn)?;
        let total: i64 = customer.invoices().count().get_result(conn)?;
        writeln!(out, "{} has {total} invoice(s)", customer.name)?;
        for invoice in invoices {
            writeln!(out, "  invoice {} amount {}", invoice.invno, invoice.amount)?;
        }
    }
    writeln!(out, "== Invoice.customer (many-to-one)")?;
    for invoice in invoices::table
        .order_by(invoices::id)
        .select(invoicing::Invoice::as_select())
        .load(conn)?
    {
        writeln!(
            out,
            "invoice {} -> {}",
            invoice.invno,
            invoice.customer().get(conn)?.name
        )?;
    }

    writeln!(out, "== Team.players (one-to-many, in primary key order)")?;
    for team in teams::table
        .order_by(teams::id)
        .select(league::Team::as_select())
        .load(conn)?
    {
        let roster: Vec<String> = team
            .players()
            .load(conn)?
            .into_iter()
            .map(|p| p.name)
            .collect();
        writeln!(out, "{} of {}: {}", team.name, team.city, roster.join(", "))?;
    }
    writeln!(out, "== Player.team (many-to-one)")?;
    for player in players::table
        .order_by(players::id)
        .select(league::Player::as_select())
        .load(conn)?
    {
        writeln!(
            out,
            "{} ({}) plays for {}",
            player.name,
            player.position,
            player.team().get(conn)?.name
        )?;
    }

    writeln!(out, "== User.posts (one-to-many)")?;
    for user in users::table
        .order_by(users::id)
        .select(blog::User::as_select())
        .load(conn)?
    {
        for post in user.posts().load(conn)? {
            writeln!(out, "{}: {} - {}", user.name, post.title, post.content)?;
        }
    }
    writeln!(
        out,
        "== Post.author (many-to-one over a nullable foreign key)"
    )?;
    for post in posts::table
        .order_by(posts::id)
        .select(blog::Post::as_select())
        .load(conn)?
    {
        let author = post
            .author()
            .get(conn)?
            .map_or("nobody".to_owned(), |u| u.name);
        writeln!(out, "{} by {author}", post.title)?;
    }

    writeln!(
        out,
        "== Customer.orders (one-to-many; a second model on the customers table)"
    )?;
    let with_orders = customers::table
        .filter(diesel::dsl::exists(
            orders::table.filter(orders::customer_id.eq(customers::id.nullable())),
        ))
        .order_by(customers::id)
        .select(shop::Customer::as_select())
        .load(conn)?;
    for customer in with_orders {
        let numbers: Vec<String> = customer
            .orders()
            .load(conn)?
            .into_iter()
            .map(|o| o.order_number)
            .collect();
        writeln!(out, "orders of {}: {}", customer.name, numbers.join(", "))?;
    }
    writeln!(
        out,
        "== Order.customer (many-to-one over a nullable foreign key)"
    )?;
    for order in orders::table
        .order_by(orders::id)
        .select(shop::Order::as_select())
        .load(conn)?
    {
        let customer = order
            .customer()
            .get(conn)?
            .map_or("nobody".to_owned(), |c| c.name);
        writeln!(out, "order {} -> {customer}", order.order_number)?;
    }

    writeln!(
        out,
        "== Parent.children and Child.parents (many-to-many through association)"
    )?;
    for parent in parents::table
        .order_by(parents::id)
        .select(family::Parent::as_select())
        .load(conn)?
    {
        let names: Vec<String> = parent
            .children()
            .load(conn)?
            .into_iter()
            .map(|c| c.name)
            .collect();
        writeln!(out, "{} -> {}", parent.name, names.join(", "))?;
    }
    for child in children::table
        .order_by(children::id)
        .select(family::Child::as_select())
        .load(conn)?
    {
        let names: Vec<String> = child
            .parents()
            .load(conn)?
            .into_iter()
            .map(|p| p.name)
            .collect();
        writeln!(out, "{} <- {}", child.name, names.join(", "))?;
    }
    writeln!(out, "== Parent.favourite and Favourite.parent (one-to-one)")?;
    for parent in parents::table
        .order_by(parents::id)
        .select(family::Parent::as_select())
        .load(conn)?
    {
        match parent.favourite().get(conn)? {
            Some(f) => {
                let back = f
                    .parent()
                    .get(conn)?
                    .map_or("nobody".to_owned(), |p| p.name);
                writeln!(
                    out,
                    "{} has favourite {} (whose parent is {back})",
                    parent.name, f.id
                )?;
            }
            None => writeln!(out, "{} has no favourite", parent.name)?,
        }
    }

    writeln!(
        out,
        "== Author.books and Book.authors (many-to-many through authors_books)"
    )?;
    for author in authors::table
        .order_by(authors::id)
        .select(library::Author::as_select())
        .load(conn)?
    {
        let titles: Vec<String> = author
            .books()
            .load(conn)?
            .into_iter()
            .map(|b| b.title)
            .collect();
        writeln!(out, "{}: {}", author.name, titles.join("; "))?;
    }
    for book in books::table
        .order_by(books::id)
        .select(library::Book::as_select())
        .load(conn)?
    {
        let names: Vec<String> = book
            .authors()
            .load(conn)?
            .into_iter()
            .map(|a| a.name)
            .collect();
        writeln!(out, "{} by {}", book.title, names.join(" and "))?;
    }

    writeln!(
        out,
        "== Shipment.billing and Shipment.shipping (two foreign keys into addresses)"
    )?;
    for s in shipments::table
        .order_by(shipments::id)
        .select(shipping::Shipment::as_select())
        .load(conn)?
    {
        let billing = s.billing().get(conn)?;
        let shipping = s
            .shipping()
            .get(conn)?
            .map_or("-".to_owned(), |a| format!("{}, {}", a.street, a.city));
        writeln!(
            out,
            "{}: billed to {}, {}; shipped to {shipping}",
            s.reference, billing.street, billing.city
        )?;
    }
    for a in addresses::table
        .order_by(addresses::id)
        .select(shipping::Address::as_select())
        .load(conn)?
    {
        let billed = a.billed().count().get_result::<i64>(conn)?;
        let shipped = a.shipped().count().get_result::<i64>(conn)?;
        writeln!(out, "{}: billed {billed}, shipped {shipped}", a.street)?;
    }
    // Both addresses in one query: two joins into one table, the second
    // through an alias, each ON clause from its relationship.
    let shipped_to = diesel::alias!(addresses as shipped_to);
    let both: Vec<(String, String, Option<String>)> = shipments::table
        .inner_join(shipping::Shipment::billing.join())
        .left_join(shipping::Shipment::shipping.join_as(shipped_to))
        .order_by(shipments::id)
        .select((
            shipments::reference,
            addresses::city,
            shipped_to.field(addresses::city).nullable(),
        ))
        .load(conn)?;
    for (reference, billed, shipped) in both {
        let shipped = shipped.as_deref().unwrap_or("-");
        writeln!(out, "{reference}, one query: {billed} -> {shipped}")?;
    }

    writeln!(
        out,
        "== Employee.reports and Employee.manager (self-referential, one query per level)"
    )?;
    let mut level: Vec<chinook::Employee> = employees::table
        .filter(employees::reports_to.is_null())
        .select(chinook::Employee::as_select())
        .load(conn)?;
    let mut depth = 0;
    while !level.is_empty() {
        for e in &level {
            let manager = e
                .manager()
                .get(conn)?
                .map_or("nobody".to_owned(), |m| m.first_name);
            writeln!(
                out,
                "{}{} {} ({}), reports to {manager}",
                "  ".repeat(depth),
                e.first_name,
                e.last_name,
                e.title.as_deref().unwrap_or("-")
            )?;
        }
        level = level
            .load_related(conn, chinook::Employee::reports)?
            .into_iter()
            .flatten()
            .collect();
        depth += 1;
    }
    Ok(())
}

#[allow(dead_code)] // tests include this file for `seed` and `walk` only
fn main() -> Result<(), Error> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
        format!("{target}/tour.sqlite3")
    });
    if std::path::Path::new(&path).exists() {
        std::fs::remove_file(&path)?;
    }
    if let Some(dir) = std::path::Path::new(&path).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut conn = db::sqlite(&path)?;
    seed(&mut conn)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "diesel-relations tour on {path}")?;
    walk(&mut conn, &mut out)?;
    Ok(())
}
