//! schema.rs says tracks.genre_id (SQL "Track"."GenreId") is Nullable, the migrations NOT NULL: the message names both spellings.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { #[sql_name = "Genre"] genres (genre_id) { #[sql_name = "GenreId"] genre_id -> Integer, #[sql_name = "Name"] name -> Nullable<Text>, } }
diesel::table! { #[sql_name = "Album"] albums (album_id) { #[sql_name = "AlbumId"] album_id -> Integer, #[sql_name = "Title"] title -> Text, } }
diesel::table! { #[sql_name = "MediaType"] media_types (media_type_id) { #[sql_name = "MediaTypeId"] media_type_id -> Integer, #[sql_name = "Name"] name -> Nullable<Text>, } }
diesel::table! {
    #[sql_name = "Track"]
    tracks (track_id) {
        #[sql_name = "TrackId"] track_id -> Integer,
        #[sql_name = "Name"] name -> Text,
        #[sql_name = "AlbumId"] album_id -> Nullable<Integer>,
        #[sql_name = "GenreId"] genre_id -> Nullable<Integer>,
        #[sql_name = "MediaTypeId"] media_type_id -> Integer,
    }
}
diesel::table! { #[sql_name = "Playlist"] playlists (playlist_id) { #[sql_name = "PlaylistId"] playlist_id -> Integer, #[sql_name = "Name"] name -> Nullable<Text>, } }
diesel::table! { #[sql_name = "PlaylistTrack"] playlist_tracks (playlist_id, track_id) { #[sql_name = "PlaylistId"] playlist_id -> Integer, #[sql_name = "TrackId"] track_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(genres, albums, media_types, tracks, playlists, playlist_tracks);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = genres, primary_key(genre_id))]
#[relations(migrations = "schemas/uniq19_sql_name")]
pub struct Genre { pub genre_id: i32, pub name: Option<String> }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = albums, primary_key(album_id))]
#[relations(migrations = "schemas/uniq19_sql_name")]
pub struct Album { pub album_id: i32, pub title: String }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = media_types, primary_key(media_type_id))]
#[relations(migrations = "schemas/uniq19_sql_name")]
pub struct MediaType { pub media_type_id: i32, pub name: Option<String> }


#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tracks, primary_key(track_id))]
#[relations(migrations = "schemas/uniq19_sql_name")]
#[relationship(genre: Option<Genre>, foreign_key = genre_id)]
pub struct Track {
    pub track_id: i32,
    pub name: String,
    pub album_id: Option<i32>,
    pub genre_id: Option<i32>,
    pub media_type_id: i32,
}

fn main() {}
