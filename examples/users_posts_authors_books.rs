//! Seed 003: users and posts (one-to-many and back), authors and books
//! (many-to-many through `authors_books`).
//!
//! Prints exactly what the SQLAlchemy version prints
//! (`tests/expected/users_posts_authors_books.txt`). Models:
//! `src/seeds/blog.rs`, `src/seeds/books.rs`.
//!
//! ```text
//! cargo run --example users_posts_authors_books
//! ```

use diesel::prelude::*;
use diesel_relations_seeds::db;
use diesel_relations_seeds::schema::{authors, books, users};
use diesel_relations_seeds::seeds::blog::{NewPost, NewUser, Post, User};
use diesel_relations_seeds::seeds::books::{Author, Book, NewAuthor, NewBook};
use std::io::Write;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn new_user(conn: &mut SqliteConnection, name: &str) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values(NewUser { name })
        .returning(User::as_returning())
        .get_result(conn)
}

fn user_named(conn: &mut SqliteConnection, name: &str) -> QueryResult<User> {
    users::table
        .filter(users::name.eq(name))
        .select(User::as_select())
        .first(conn)
}

pub fn run(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<(), Error> {
    let entry = new_user(conn, "Naruto Uzumaki")?;
    entry.posts().insert(
        conn,
        [
            NewPost {
                title: "Post 1",
                content: "9 Tails Fox Sealer",
            },
            NewPost {
                title: "Post 2",
                content: "Hokage of Hidden Leaf Village",
            },
        ],
    )?;
    let user = user_named(conn, "Naruto Uzumaki")?;
    writeln!(out, "User: {}", user.name)?;
    for post in user.posts().load(conn)? {
        writeln!(out, "Post: {} - {}", post.title, post.content)?;
    }

    let new_user = new_user(conn, "Kakashi Hatake")?;
    new_user.posts().insert(
        conn,
        [
            NewPost {
                title: "Shinobi",
                content: "Hatake clan",
            },
            NewPost {
                title: "Jonin",
                content: "Hidden Leaf Village",
            },
        ],
    )?;
    let user = user_named(conn, "Kakashi Hatake")?;
    // s.query(Post).filter_by(author=user): the relationship's query, filtered.
    for post in user
        .posts()
        .ordered()
        .select(Post::as_select())
        .load(conn)?
    {
        writeln!(out, "Post: {} - {}", post.title, post.content)?;
        let author = post.author().get(conn)?.ok_or("the post has an author")?;
        writeln!(out, "Author: {}", author.name)?;
    }

    let (author1, author2): (Author, Author) = conn.transaction(|conn| {
        let mut new = |name| {
            diesel::insert_into(authors::table)
                .values(NewAuthor { name })
                .returning(Author::as_returning())
                .get_result(conn)
        };
        Ok::<_, Error>((new("Naruto Uzumaki")?, new("Sasuke Uchiha")?))
    })?;
    conn.transaction(|conn| {
        let mut new = |title| {
            diesel::insert_into(books::table)
                .values(NewBook { title })
                .returning(Book::as_returning())
                .get_result::<Book>(conn)
        };
        let (book1, book2) = (
            new("Secret Scroll of Hidden leaf")?,
            new("Sharingan: The power within eyes")?,
        );
        // book1.authors = [author1, author2]; book2.authors = [author2]
        book1.authors().set(conn, [&author1, &author2])?;
        book2.authors().set(conn, [&author2])?;
        Ok::<_, Error>(())
    })?;
    for author in authors::table
        .order_by(authors::id)
        .select(Author::as_select())
        .load(conn)?
    {
        writeln!(out, "Author: {}", author.name)?;
        for book in author.books().load(conn)? {
            writeln!(out, " - Book: {}", book.title)?;
        }
    }
    Ok(())
}

#[allow(dead_code)] // tests include this file for `run` only
fn main() -> Result<(), Error> {
    let mut conn = db::sqlite(":memory:")?;
    run(&mut conn, &mut std::io::stdout().lock())
}
