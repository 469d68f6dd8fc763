//! A many-to-one whose one foreign key column points at a model keyed by
//! two columns.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { film_actor (film_id, actor_id) { film_id -> Integer, actor_id -> Integer, } }
diesel::table! { notes (id) { id -> Integer, film_actor_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(film_actor, notes);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = film_actor, primary_key(film_id, actor_id))]
pub struct FilmActor {
    pub film_id: i32,
    pub actor_id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = notes)]
#[relationship(film_actor: FilmActor, foreign_key = film_actor_id)]
pub struct Note {
    pub id: i32,
    pub film_actor_id: i32,
}

fn main() {}
