//! A collection's order_by names a column that is not on the target's
//! table, in each form: one error per column, at the column, and none from
//! the loaders that use the order.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { albums (id) { id -> Integer, title -> Text, } }
diesel::table! { tracks (id) { id -> Integer, album_id -> Integer, name -> Text, } }
diesel::joinable!(tracks -> albums (album_id));
diesel::allow_tables_to_appear_in_same_query!(albums, tracks);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = albums)]
#[relationship(tracks: Vec<Track>, foreign_key = tracks::album_id, order_by = albums::title)]
#[relationship(newest: Vec<Track>, foreign_key = tracks::album_id, order_by = albums::id.desc())]
#[relationship(oldest: Vec<Track>, foreign_key = tracks::album_id, order_by = albums::id.asc())]
#[relationship(by_name: Vec<Track>, foreign_key = tracks::album_id, order_by = (tracks::name, albums::title.desc(), tracks::id))]
pub struct Album {
    pub id: i32,
    pub title: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tracks)]
pub struct Track {
    pub id: i32,
    pub album_id: i32,
    pub name: String,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let album = Album { id: 1, title: String::new() };
    let _: Result<Vec<Track>, _> = album.tracks().load(conn);
    let _: Result<Vec<Track>, _> = album.by_name().load(conn);
    let _ = diesel_relations::LoadRelated::load_related(&[album][..], conn, Album::newest);
}

fn main() {}
