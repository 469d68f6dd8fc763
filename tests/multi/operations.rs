//! The operations, each through the enum, read back through the variant's
//! own connection.

use crate::harness::TestResult;
use crate::{direct, ensure_eq, AnyConnection};
use diesel::prelude::*;
use diesel_relations::eager::{both, with, Eager, LoadRelated};
use diesel_relations::graph::{insert_children, insert_rows, link_all};
use diesel_relations::{delete, CountRelated, Related};
use diesel_relations_seeds::schema::chinook::{albums, artists, tracks};
use diesel_relations_seeds::schema::{
    authors, authors_books, books, club_members, clubs, customers, invoices, parents, posts, users,
};
use diesel_relations_seeds::seeds::blog::{Post, User};
use diesel_relations_seeds::seeds::books::{Author, Book};
use diesel_relations_seeds::seeds::chinook::{Album, Artist, Track};
use diesel_relations_seeds::seeds::clubs::Club;
use diesel_relations_seeds::seeds::invoicing::{Customer, NewCustomer, NewInvoice};
use diesel_relations_seeds::seeds::parents::Parent;

type Body = fn(&mut AnyConnection) -> TestResult;

/// Every test, by name.
pub const ALL: &[(&str, Body)] = &[
    ("lazy_loads_and_counts", lazy_loads_and_counts),
    ("eager_plans_at_three_levels", eager_plans_at_three_levels),
    (
        "eager_siblings_many_to_many_one_to_one",
        eager_siblings_many_to_many_one_to_one,
    ),
    ("load_related", load_related),
    ("filters_joins_and_counts", filters_joins_and_counts),
    (
        "inserts_through_relationships",
        inserts_through_relationships,
    ),
    ("link_unlink_set_clear", link_unlink_set_clear),
    ("remove_detaches_a_child", remove_detaches_a_child),
    ("cascading_delete", cascading_delete),
    ("graph_writes", graph_writes),
    ("a_failed_link_writes_nothing", a_failed_link_writes_nothing),
    ("verify", verify),
];

/// Two artists (one without albums... and one with two), three albums,
/// five tracks (one on no album).
fn music(conn: &mut AnyConnection) -> QueryResult<Vec<Artist>> {
    for (id, name) in [(1, "Ann"), (2, "Bo"), (3, "Cy")] {
        diesel::insert_into(artists::table)
            .values((artists::artist_id.eq(id), artists::name.eq(name)))
            .execute(conn)?;
    }
    for (id, title, artist) in [(10, "Beta", 1), (11, "Alpha", 1), (12, "Gamma", 3)] {
        diesel::insert_into(albums::table)
            .values((
                albums::album_id.eq(id),
                albums::title.eq(title),
                albums::artist_id.eq(artist),
            ))
            .execute(conn)?;
    }
    for (id, album) in [
        (1, Some(10)),
        (2, Some(11)),
        (3, Some(10)),
        (4, None),
        (5, Some(12)),
    ] {
        diesel::insert_into(tracks::table)
            .values((
                tracks::track_id.eq(id),
                tracks::name.eq(format!("t{id}")),
                tracks::album_id.eq(album),
                tracks::milliseconds.eq(id),
            ))
            .execute(conn)?;
    }
    artists::table
        .order(artists::artist_id)
        .select(Artist::as_select())
        .load(conn)
}

/// An artist with its albums with their tracks, as an eager plan loads it.
type Discography = diesel_relations::Node<Artist, Vec<diesel_relations::Node<Album, Vec<Track>>>>;

/// Artist id, each album's id with its track ids, as lazy loads on `conn`
/// read them (a query per row).
type Shape = Vec<(i32, Vec<(i32, Vec<i32>)>)>;

macro_rules! lazy_shape {
    ($conn:expr, $artists:expr) => {{
        let mut shape: Shape = Vec::new();
        for artist in $artists {
            let mut albums = Vec::new();
            for album in artist.albums().load($conn)? {
                let tracks = album.tracks().load($conn)?;
                albums.push((album.album_id, tracks.iter().map(|t| t.track_id).collect()));
            }
            shape.push((artist.artist_id, albums));
        }
        shape
    }};
}

fn lazy_loads_and_counts(conn: &mut AnyConnection) -> TestResult {
    let artists = music(conn)?;
    let through_enum = lazy_shape!(conn, &artists);
    let direct = direct!(conn, |c| lazy_shape!(c, &artists));
    ensure_eq!(through_enum, direct);
    ensure_eq!(
        through_enum,
        vec![
            (1, vec![(11, vec![2]), (10, vec![1, 3])]),
            (2, vec![]),
            (3, vec![(12, vec![5])])
        ]
    );
    // Many-to-one, nullable, and a count, which is a Diesel query.
    let track: Track = tracks::table
        .find(5)
        .select(Track::as_select())
        .first(conn)?;
    let album = track.album().get(conn)?.ok_or("track 5 has an album")?;
    ensure_eq!(album.artist().get(conn)?.artist_id, 3);
    let loose: Track = tracks::table
        .find(4)
        .select(Track::as_select())
        .first(conn)?;
    ensure_eq!(loose.album().get(conn)?, None);
    let n: i64 = artists[0].albums().count().get_result(conn)?;
    let m: i64 = direct!(conn, |c| artists[0].albums().count().get_result(c)?);
    ensure_eq!((n, m), (2, 2));
    Ok(())
}

fn eager_plans_at_three_levels(conn: &mut AnyConnection) -> TestResult {
    let artists = music(conn)?;
    let plan = || with(Artist::albums, Album::tracks);
    let shape = |loaded: &[Discography]| -> Shape {
        loaded
            .iter()
            .map(|a| {
                let albums = a
                    .related
                    .iter()
                    .map(|b| (b.album_id, b.related.iter().map(|t| t.track_id).collect()))
                    .collect();
                (a.artist_id, albums)
            })
            .collect()
    };
    let through_enum = artists.clone().eager(conn, plan())?;
    let direct = direct!(conn, |c| artists.clone().eager(c, plan())?);
    ensure_eq!(shape(&through_enum), shape(&direct));
    ensure_eq!(
        shape(&through_enum),
        direct!(conn, |c| lazy_shape!(c, &artists))
    );
    // Three levels, up again: tracks, their albums, the albums' artists.
    let all: Vec<Track> = tracks::table
        .order(tracks::track_id)
        .select(Track::as_select())
        .load(conn)?;
    let up = all.eager(conn, with(Track::album, Album::artist))?;
    let owners: Vec<Option<i32>> = up
        .iter()
        .map(|t| t.related.as_ref().map(|a| a.related.artist_id))
        .collect();
    ensure_eq!(owners, vec![Some(1), Some(1), Some(1), None, Some(3)]);
    Ok(())
}

fn eager_siblings_many_to_many_one_to_one(conn: &mut AnyConnection) -> TestResult {
    for (id, name) in [(1, "Ann"), (2, "Bo")] {
        diesel::insert_into(authors::table)
            .values((authors::id.eq(id), authors::name.eq(name)))
            .execute(conn)?;
    }
    for (id, title) in [(1, "One"), (2, "Two"), (3, "Three")] {
        diesel::insert_into(books::table)
            .values((books::id.eq(id), books::title.eq(title)))
            .execute(conn)?;
    }
    for (a, b) in [(1, 1), (1, 3), (2, 3)] {
        diesel::insert_into(authors_books::table)
            .values((authors_books::author_id.eq(a), authors_books::book_id.eq(b)))
            .execute(conn)?;
    }
    let all: Vec<Book> = books::table
        .order(books::id)
        .select(Book::as_select())
        .load(conn)?;
    let ids = |loaded: &[diesel_relations::Node<Book, Vec<Author>>]| -> Vec<Vec<i32>> {
        let mut ids: Vec<Vec<i32>> = loaded
            .iter()
            .map(|b| b.related.iter().map(|a| a.id).collect())
            .collect();
        ids.iter_mut().for_each(|v| v.sort());
        ids
    };
    let through_enum = all.clone().eager(conn, Book::authors)?;
    let direct = direct!(conn, |c| all.clone().eager(c, Book::authors)?);
    ensure_eq!(ids(&through_enum), ids(&direct));
    ensure_eq!(ids(&through_enum), vec![vec![1], vec![], vec![1, 2]]);
    // Siblings: each author's books and, nested, their authors.
    let writers: Vec<Author> = authors::table
        .order(authors::id)
        .select(Author::as_select())
        .load(conn)?;
    let pairs = writers.eager(
        conn,
        both(Author::books, with(Author::books, Book::authors)),
    )?;
    let counts: Vec<(usize, usize)> = pairs
        .iter()
        .map(|a| {
            (
                a.related.0.len(),
                a.related.1.iter().map(|b| b.related.len()).sum(),
            )
        })
        .collect();
    ensure_eq!(counts, vec![(2, 3), (1, 2)]);

    // One-to-one and a nullable many-to-one.
    for id in 1..=3 {
        diesel::insert_into(parents::table)
            .values((parents::id.eq(id), parents::name.eq(format!("p{id}"))))
            .execute(conn)?;
    }
    let ps: Vec<Parent> = parents::table
        .order(parents::id)
        .select(Parent::as_select())
        .load(conn)?;
    ps[1].favourite().create(conn)?;
    let loaded = ps.eager(conn, Parent::favourite)?;
    ensure_eq!(
        loaded
            .iter()
            .map(|p| p.related.is_some())
            .collect::<Vec<_>>(),
        vec![false, true, false]
    );
    diesel::insert_into(users::table)
        .values((users::id.eq(1), users::name.eq("Kakashi")))
        .execute(conn)?;
    for (id, author) in [(1, Some(1)), (2, None)] {
        diesel::insert_into(posts::table)
            .values((
                posts::id.eq(id),
                posts::title.eq("t"),
                posts::content.eq("c"),
                posts::author_id.eq(author),
            ))
            .execute(conn)?;
    }
    let all: Vec<Post> = posts::table
        .order(posts::id)
        .select(Post::as_select())
        .load(conn)?;
    let names: Vec<Option<String>> = all
        .eager(conn, Post::author)?
        .into_iter()
        .map(|p| p.related.map(|u: User| u.name))
        .collect();
    ensure_eq!(names, vec![Some("Kakashi".to_owned()), None]);
    Ok(())
}

fn load_related(conn: &mut AnyConnection) -> TestResult {
    let artists = music(conn)?;
    let through_enum = artists.load_related(conn, Artist::albums)?;
    let direct = direct!(conn, |c| artists.load_related(c, Artist::albums)?);
    ensure_eq!(through_enum, direct);
    let titles: Vec<Vec<String>> = through_enum
        .iter()
        .map(|a| a.iter().map(|b| b.title.clone()).collect())
        .collect();
    ensure_eq!(
        titles,
        vec![
            vec!["Alpha".to_owned(), "Beta".to_owned()],
            vec![],
            vec!["Gamma".to_owned()]
        ]
    );
    Ok(())
}

fn filters_joins_and_counts(conn: &mut AnyConnection) -> TestResult {
    let artists = music(conn)?;
    macro_rules! queries {
        ($c:expr) => {{
            let with_t1: Vec<i32> = artists::table
                .filter(Artist::albums.any(albums::title.eq("Beta")))
                .order(artists::artist_id)
                .select(artists::artist_id)
                .load($c)?;
            let without: Vec<i32> = artists::table
                .filter(Artist::albums.none(albums::title.eq("Beta")))
                .order(artists::artist_id)
                .select(artists::artist_id)
                .load($c)?;
            let by_cy: Vec<i32> = albums::table
                .filter(Album::artist.has(artists::name.eq("Cy")))
                .select(albums::album_id)
                .load($c)?;
            let of_ann: Vec<i32> = albums::table
                .filter(Artist::albums.with_parent(&artists[0]))
                .order(albums::album_id)
                .select(albums::album_id)
                .load($c)?;
            let joined: Vec<(i32, Option<String>)> = albums::table
                .inner_join(Album::artist.join())
                .order(albums::album_id)
                .select((albums::album_id, artists::name))
                .load($c)?;
            let counts = artists.count_related($c, Artist::albums)?;
            (with_t1, without, by_cy, of_ann, joined, counts)
        }};
    }
    let through_enum = queries!(conn);
    let direct = direct!(conn, |c| queries!(c));
    ensure_eq!(through_enum, direct);
    ensure_eq!(through_enum.0, vec![1]);
    ensure_eq!(through_enum.1, vec![2, 3]);
    ensure_eq!(through_enum.2, vec![12]);
    ensure_eq!(through_enum.3, vec![10, 11]);
    ensure_eq!(through_enum.5, vec![2, 0, 1]);
    Ok(())
}

/// A customer of the invoicing seed, inserted and read back.
fn customer(conn: &mut AnyConnection, name: &str) -> QueryResult<Customer> {
    diesel::insert_into(customers::table)
        .values(&NewCustomer {
            name,
            address: "",
            email: "",
        })
        .execute(conn)?;
    customers::table
        .filter(customers::name.eq(name))
        .select(Customer::as_select())
        .get_result(conn)
}

fn inserts_through_relationships(conn: &mut AnyConnection) -> TestResult {
    // `ada.invoices().insert(..)` is a multi-row INSERT, which Diesel
    // cannot build for a MultiConnection (a compile error that says so);
    // `insert_children` runs on the variant's connection.
    let ada = customer(conn, "Ada")?;
    let keys = insert_children(
        conn,
        Customer::invoices,
        [(
            ada.id,
            vec![
                NewInvoice {
                    invno: 1,
                    amount: 10,
                },
                NewInvoice {
                    invno: 2,
                    amount: 20,
                },
            ],
        )],
    )?;
    ensure_eq!(keys[0].len(), 2);
    let rows: Vec<(i32, i32, i32)> = direct!(conn, |c| invoices::table
        .order(invoices::invno)
        .select((invoices::custid, invoices::invno, invoices::amount))
        .load(c)?);
    ensure_eq!(rows, vec![(ada.id, 1, 10), (ada.id, 2, 20)]);
    // A one-to-one's create.
    diesel::insert_into(parents::table)
        .values((parents::id.eq(1), parents::name.eq("p")))
        .execute(conn)?;
    let p: Parent = parents::table
        .find(1)
        .select(Parent::as_select())
        .first(conn)?;
    ensure_eq!(p.favourite().create(conn)?, 1);
    let fav = direct!(conn, |c| p.favourite().get(c)?);
    ensure_eq!(fav.map(|f| f.parent_id), Some(Some(1)));
    Ok(())
}

fn books_and_authors(conn: &mut AnyConnection) -> QueryResult<(Vec<Book>, Vec<Author>)> {
    for (id, name) in [(1, "Ann"), (2, "Bo"), (3, "Cy")] {
        diesel::insert_into(authors::table)
            .values((authors::id.eq(id), authors::name.eq(name)))
            .execute(conn)?;
    }
    for (id, title) in [(1, "One"), (2, "Two")] {
        diesel::insert_into(books::table)
            .values((books::id.eq(id), books::title.eq(title)))
            .execute(conn)?;
    }
    let b = books::table
        .order(books::id)
        .select(Book::as_select())
        .load(conn)?;
    let a = authors::table
        .order(authors::id)
        .select(Author::as_select())
        .load(conn)?;
    Ok((b, a))
}

/// The association rows, read on the direct connection.
fn links(conn: &mut AnyConnection) -> QueryResult<Vec<(i32, i32)>> {
    direct!(conn, |c| authors_books::table
        .order((authors_books::book_id, authors_books::author_id))
        .select((authors_books::book_id, authors_books::author_id))
        .load(c))
}

fn link_unlink_set_clear(conn: &mut AnyConnection) -> TestResult {
    let (books, authors) = books_and_authors(conn)?;
    ensure_eq!(
        books[0].authors().link(conn, [&authors[0], &authors[1]])?,
        2
    );
    ensure_eq!(books[0].authors().link(conn, [&authors[1]])?, 0);
    ensure_eq!(links(conn)?, vec![(1, 1), (1, 2)]);
    ensure_eq!(books[0].authors().unlink(conn, [&authors[0]])?, 1);
    ensure_eq!(links(conn)?, vec![(1, 2)]);
    ensure_eq!(
        books[0].authors().set(conn, [&authors[2], &authors[0]])?,
        (2, 1)
    );
    ensure_eq!(links(conn)?, vec![(1, 1), (1, 3)]);
    authors[1].books().link(conn, [&books[1]])?;
    ensure_eq!(books[0].authors().clear(conn)?, 2);
    ensure_eq!(links(conn)?, vec![(2, 2)]);
    Ok(())
}

fn remove_detaches_a_child(conn: &mut AnyConnection) -> TestResult {
    diesel::insert_into(users::table)
        .values((users::id.eq(1), users::name.eq("Kakashi")))
        .execute(conn)?;
    for id in [1, 2] {
        diesel::insert_into(posts::table)
            .values((
                posts::id.eq(id),
                posts::title.eq("t"),
                posts::content.eq("c"),
                posts::author_id.eq(1),
            ))
            .execute(conn)?;
    }
    let user: User = users::table.find(1).select(User::as_select()).first(conn)?;
    let post: Post = posts::table.find(2).select(Post::as_select()).first(conn)?;
    ensure_eq!(user.posts().remove(conn, &post)?, true);
    ensure_eq!(user.posts().remove(conn, &post)?, false);
    let rows: Vec<(i32, Option<i32>)> = direct!(conn, |c| posts::table
        .order(posts::id)
        .select((posts::id, posts::author_id))
        .load(c)?);
    ensure_eq!(rows, vec![(1, Some(1)), (2, None)]);
    Ok(())
}

fn cascading_delete(conn: &mut AnyConnection) -> TestResult {
    for (id, code) in [(1, "chess"), (2, "go")] {
        diesel::insert_into(clubs::table)
            .values((clubs::id.eq(id), clubs::code.eq(code), clubs::name.eq(code)))
            .execute(conn)?;
    }
    for (id, code) in [(1, "go"), (2, "chess"), (3, "go")] {
        diesel::insert_into(club_members::table)
            .values((
                club_members::id.eq(id),
                club_members::club_code.eq(code),
                club_members::name.eq("m"),
            ))
            .execute(conn)?;
    }
    let go: Club = clubs::table.find(2).select(Club::as_select()).first(conn)?;
    ensure_eq!(delete(conn, &go)?, 1);
    let left: (Vec<i32>, Vec<i32>) = direct!(conn, |c| (
        clubs::table.select(clubs::id).load(c)?,
        club_members::table.select(club_members::id).load(c)?
    ));
    ensure_eq!(left, (vec![1], vec![2]));
    // Many-to-many: deleting an author removes its association rows.
    let (books, authors) = books_and_authors(conn)?;
    books[0].authors().link(conn, [&authors[0], &authors[1]])?;
    ensure_eq!(delete(conn, &authors[0])?, 1);
    ensure_eq!(links(conn)?, vec![(1, 2)]);
    Ok(())
}

fn graph_writes(conn: &mut AnyConnection) -> TestResult {
    let new = vec![
        NewCustomer {
            name: "G1",
            address: "",
            email: "",
        },
        NewCustomer {
            name: "G2",
            address: "",
            email: "",
        },
    ];
    let keys = insert_rows::<Customer, _, _>(conn, new)?;
    let stored: Vec<(i32, String)> = direct!(conn, |c| customers::table
        .order(customers::id)
        .select((customers::id, customers::name))
        .load(c)?);
    ensure_eq!(stored.iter().map(|(id, _)| *id).collect::<Vec<_>>(), keys);
    ensure_eq!(
        stored.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        vec!["G1", "G2"]
    );
    let groups = vec![
        (
            keys[0],
            vec![NewInvoice {
                invno: 1,
                amount: 1,
            }],
        ),
        (
            keys[1],
            vec![
                NewInvoice {
                    invno: 2,
                    amount: 2,
                },
                NewInvoice {
                    invno: 3,
                    amount: 3,
                },
            ],
        ),
    ];
    let child_keys = insert_children(conn, Customer::invoices, groups)?;
    let rows: Vec<(i32, i32, i32)> = direct!(conn, |c| invoices::table
        .order(invoices::id)
        .select((invoices::id, invoices::custid, invoices::invno))
        .load(c)?);
    ensure_eq!(
        child_keys.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let expected: Vec<(i32, i32, i32)> = vec![
        (child_keys[0][0], keys[0], 1),
        (child_keys[1][0], keys[1], 2),
        (child_keys[1][1], keys[1], 3),
    ];
    ensure_eq!(rows, expected);
    // Many sources linked at once.
    let (books, authors) = books_and_authors(conn)?;
    let pairs = || {
        vec![
            (&books[0], vec![&authors[0], &authors[2]]),
            (&books[1], vec![&authors[1]]),
        ]
    };
    ensure_eq!(link_all(conn, Book::authors, pairs())?, 3);
    ensure_eq!(link_all(conn, Book::authors, pairs())?, 0);
    ensure_eq!(links(conn)?, vec![(1, 1), (1, 3), (2, 2)]);
    Ok(())
}

fn a_failed_link_writes_nothing(conn: &mut AnyConnection) -> TestResult {
    let (books, authors) = books_and_authors(conn)?;
    // An author that is not in the database: the foreign key refuses the
    // second row, and the first is rolled back with it.
    let ghost = Author {
        id: 99,
        name: "ghost".into(),
    };
    let result = books[0].authors().link(conn, [&authors[0], &ghost]);
    if result.is_ok() {
        return Err("linking a missing author succeeded".into());
    }
    ensure_eq!(links(conn)?, Vec::<(i32, i32)>::new());
    // The connection goes on working.
    ensure_eq!(books[0].authors().link(conn, [&authors[0]])?, 1);
    Ok(())
}

fn verify(conn: &mut AnyConnection) -> TestResult {
    let through_enum = diesel_relations::verify(conn)?;
    let direct = direct!(conn, |c| diesel_relations::verify(c)?);
    ensure_eq!(through_enum.to_string(), direct.to_string());
    through_enum.into_result()?;
    Ok(())
}
