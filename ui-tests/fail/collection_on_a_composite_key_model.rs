//! A collection on a model keyed by two columns: its children's one
//! foreign key column cannot hold the key.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { films (id) { id -> Integer, } }
diesel::table! { actors (id) { id -> Integer, } }
diesel::table! { film_actor (film_id, actor_id) { film_id -> Integer, actor_id -> Integer, } }
diesel::table! { notes (id) { id -> Integer, film_actor_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(films, actors, film_actor, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = film_actor, primary_key(film_id, actor_id))]
#[relationship(notes: Vec<Note>, foreign_key = notes::film_actor_id)]
pub struct FilmActor {
    pub film_id: i32,
    pub actor_id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
pub struct Note {
    pub id: i32,
    pub film_actor_id: i32,
}

fn main() {}
