//! A collection over #[sql_name] tables names no foreign key: the
//! migrations ("Album"."ArtistId" REFERENCES "Artist") show exactly one,
//! matched to albums::artist_id by the SQL names Diesel gives them.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! {
    #[sql_name = "Artist"]
    artists (artist_id) {
        #[sql_name = "ArtistId"]
        artist_id -> Integer,
        #[sql_name = "Name"]
        name -> Nullable<Text>,
    }
}

diesel::table! {
    #[sql_name = "Album"]
    albums (album_id) {
        #[sql_name = "AlbumId"]
        album_id -> Integer,
        #[sql_name = "Title"]
        title -> Text,
        #[sql_name = "ArtistId"]
        artist_id -> Integer,
    }
}

diesel::allow_tables_to_appear_in_same_query!(artists, albums);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = artists, primary_key(artist_id))]
#[relations(migrations = "schemas/sql_name_inferred")]
#[relationship(albums: Vec<Album>, order_by = albums::title)]
pub struct Artist {
    pub artist_id: i32,
    pub name: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = albums, primary_key(album_id))]
#[relations(migrations = "schemas/sql_name_inferred")]
pub struct Album {
    pub album_id: i32,
    pub title: String,
    pub artist_id: i32,
}

// Were the key not taken from the migrations, Artist.albums would be the
// checker's "cannot tell which foreign key of Album points at Artist".
fn main() {}
