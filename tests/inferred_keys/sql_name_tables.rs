//! A collection that names no foreign key over `#[sql_name]` tables
//! (Chinook's `"Artist"` and `"Album"`, columns `"ArtistId"` ..): the
//! migrations name the tables and columns by their SQL names, and the key
//! is taken where those are the names Diesel gives `albums::artist_id`. It
//! loads what a hand-written Diesel query and the seed's declared
//! `back_populates` load.

use diesel::prelude::*;
use diesel_relations::LoadRelated;
use diesel_relations::Relations;
use diesel_relations_seeds::schema::chinook::{albums, artists};
use diesel_relations_seeds::seeds::chinook::{Album, Artist};

/// The seed `Artist` without `back_populates`: `albums` names no key.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = artists, primary_key(artist_id))]
#[relationship(albums: Vec<Album>, order_by = albums::title)]
pub struct Band {
    pub artist_id: i32,
    pub name: Option<String>,
}

backend_tests! {
    fn an_inferred_key_over_sql_name_tables_loads_the_rows_diesel_loads(conn) {
        diesel::insert_into(artists::table)
            .values(vec![
                (artists::artist_id.eq(1), artists::name.eq(Some("Miles"))),
                (artists::artist_id.eq(2), artists::name.eq(Some("Nina"))),
                (artists::artist_id.eq(3), artists::name.eq(Some("Nobody"))),
            ])
            .execute(conn)?;
        diesel::insert_into(albums::table)
            .values(vec![
                (albums::album_id.eq(10), albums::title.eq("Kind of Blue"), albums::artist_id.eq(1)),
                (albums::album_id.eq(11), albums::title.eq("Bitches Brew"), albums::artist_id.eq(1)),
                (albums::album_id.eq(12), albums::title.eq("Pastel Blues"), albums::artist_id.eq(2)),
            ])
            .execute(conn)?;

        let bands: Vec<Band> = artists::table.order_by(artists::artist_id).select(Band::as_select()).load(conn)?;
        ensure_eq!(bands.len(), 3);
        for band in &bands {
            // Hand-written Diesel, not through a relationship.
            let by_hand: Vec<Album> = albums::table
                .filter(albums::artist_id.eq(band.artist_id))
                .order_by(albums::title)
                .select(Album::as_select())
                .load(conn)?;
            ensure_eq!(band.albums().load(conn)?, by_hand);
            ensure_eq!(band.albums().count().get_result::<i64>(conn)?, by_hand.len() as i64);
            let seed: Artist = artists::table.find(band.artist_id).select(Artist::as_select()).first(conn)?;
            ensure_eq!(band.albums().load(conn)?, seed.albums().load(conn)?);
        }
        let titles: Vec<Vec<String>> = bands
            .load_related(conn, Band::albums)?
            .iter()
            .map(|albums| albums.iter().map(|a| a.title.clone()).collect())
            .collect();
        ensure_eq!(
            titles,
            vec![
                vec!["Bitches Brew".to_owned(), "Kind of Blue".to_owned()],
                vec!["Pastel Blues".to_owned()],
                vec![],
            ]
        );
        Ok(())
    }
}
