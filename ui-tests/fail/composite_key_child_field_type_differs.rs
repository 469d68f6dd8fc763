//! A foreign key field of the wrong Rust type on a model keyed by two
//! columns (an association object) is one error: the collection on the
//! other side of the pair takes a stand-in, whatever the key's width.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { films (id) { id -> Integer, } }
diesel::table! { film_actors (actor_id, film_id) { actor_id -> Integer, film_id -> Integer, } }
diesel::joinable!(film_actors -> films (film_id));
diesel::allow_tables_to_appear_in_same_query!(films, film_actors);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = films)]
#[relationship(film_actors: Vec<FilmActor>, back_populates = film)]
pub struct Film {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = film_actors, primary_key(actor_id, film_id))]
#[relationship(film: Film, foreign_key = film_id, back_populates = film_actors)]
pub struct FilmActor {
    pub actor_id: i32,
    pub film_id: i64,
}

fn main() {
    let film = Film { id: 1 };
    let _ = film.film_actors();
}
