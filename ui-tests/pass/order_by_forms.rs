//! order_by takes a column, column.desc(), column.asc() or a tuple of those;
//! a collection may name its foreign key column instead of back_populates.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { albums (id) { id -> Integer, title -> Text, } }
diesel::table! { tracks (id) { id -> Integer, album_id -> Integer, position -> Integer, name -> Text, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = albums)]
#[relationship(tracks: Vec<Track>, foreign_key = tracks::album_id, order_by = tracks::position)]
#[relationship(newest_first: Vec<Track>, foreign_key = tracks::album_id, order_by = tracks::id.desc())]
#[relationship(by_name: Vec<Track>, foreign_key = tracks::album_id, order_by = (tracks::name.asc(), tracks::id))]
pub struct Album {
    pub id: i32,
    pub title: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tracks)]
pub struct Track {
    pub id: i32,
    pub album_id: i32,
    pub position: i32,
    pub name: String,
}

/// Type-checks the accessors against a real backend's connection.
#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let album = Album { id: 1, title: String::new() };
    let _: Result<Vec<Track>, _> = album.tracks().load(conn);
    let _: Result<Vec<Track>, _> = album.newest_first().load(conn);
    let _: Result<Vec<Track>, _> = album.by_name().load(conn);
}

fn main() {}
