//! Actor.films names Film.film_actors (a collection of FilmActor) where it
//! means Film.actors: one error, at the mistake.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { films (id) { id -> Integer, } }
diesel::table! { actors (id) { id -> Integer, } }
diesel::table! { film_actors (actor_id, film_id) { actor_id -> Integer, film_id -> Integer, } }
diesel::joinable!(film_actors -> films (film_id));
diesel::joinable!(film_actors -> actors (actor_id));
diesel::allow_tables_to_appear_in_same_query!(films, actors, film_actors);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = films)]
#[relationship(actors: Vec<Actor>, secondary = film_actors(film_id, actor_id), back_populates = films)]
#[relationship(film_actors: Vec<FilmActor>, back_populates = film)]
pub struct Film {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = actors)]
#[relationship(films: Vec<Film>, secondary = film_actors(actor_id, film_id), back_populates = film_actors)]
pub struct Actor {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = film_actors, primary_key(actor_id, film_id))]
#[relationship(film: Film, foreign_key = film_id, back_populates = film_actors)]
pub struct FilmActor {
    pub actor_id: i32,
    pub film_id: i32,
}

fn main() {}
