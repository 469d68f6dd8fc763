//! Deleting a parent whose collection another model declared with
//! `backref`, where the foreign key is nullable: SQLAlchemy's default
//! cascade for a backref (`save-update, merge`) sets the children's foreign
//! key to NULL, and the children stay. On every backend, with the foreign
//! key enforced and not (SQLite leaves it unenforced unless `PRAGMA
//! foreign_keys = ON`).
//!
//! Its own test binary: the models below declare a second relationship
//! pair over `posts.author_id`, which the whole-program checks of the
//! `relations` binary rightly call an overlap with the seed `Post.author`.
//! The NOT NULL case is tests/relations/backrefs.rs.

#[allow(dead_code)]
#[path = "../relations/harness.rs"]
#[macro_use]
mod harness;

use diesel::prelude::*;
use diesel_relations::{delete, Relations};
use diesel_relations_seeds::schema::{posts, users};

/// A user, with no relationship of its own: `writings` comes from
/// [`Writing`]'s backref.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
pub struct Writer {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relationship(writer: Option<Writer>, foreign_key = author_id, backref = writings)]
pub struct Writing {
    pub id: i32,
    pub title: String,
    pub content: String,
    pub author_id: Option<i32>,
}

/// Two writers, each with two posts, and a post of nobody's; deletes the
/// first writer: its posts stay, with no author; the others keep theirs.
macro_rules! released {
    ($conn:expr) => {{
        for (id, name) in [(1, "Ann"), (2, "Bob")] {
            diesel::insert_into(users::table)
                .values((users::id.eq(id), users::name.eq(name)))
                .execute($conn)?;
        }
        for (id, author) in [
            (1, Some(1)),
            (2, Some(1)),
            (3, Some(2)),
            (4, Some(2)),
            (5, None),
        ] {
            diesel::insert_into(posts::table)
                .values((
                    posts::id.eq(id),
                    posts::title.eq("t"),
                    posts::content.eq("c"),
                    posts::author_id.eq(author),
                ))
                .execute($conn)?;
        }
        let ann: Writer = users::table
            .find(1)
            .select(Writer::as_select())
            .get_result($conn)?;
        ensure_eq!(ann.writings().load($conn)?.len(), 2);
        ensure_eq!(delete($conn, &ann)?, 1);
        let left: Vec<(i32, Option<i32>)> = posts::table
            .order_by(posts::id)
            .select((posts::id, posts::author_id))
            .load($conn)?;
        ensure_eq!(
            left,
            vec![(1, None), (2, None), (3, Some(2)), (4, Some(2)), (5, None)]
        );
        let writers: Vec<i32> = users::table
            .order_by(users::id)
            .select(users::id)
            .load($conn)?;
        ensure_eq!(writers, vec![2]);
        Ok(())
    }};
}

backend_tests! {
    fn deleting_a_writer_releases_its_writings(conn) {
        released!(conn)
    }

    fn deleting_a_writer_releases_its_writings_with_foreign_keys_unenforced(conn) {
        use crate::harness::TestBackend;
        conn.disable_foreign_key_checks()?;
        released!(conn)
    }
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let conclusion = libtest_mimic::run(&args, trials());
    harness::drop_server_databases();
    conclusion.exit();
}
