//! `#[diesel(primary_key(actor_id))]` on a table whose `table!` key is two
//! columns: the relationships would match the rows by one of them.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { films (id) { id -> Integer, } }
diesel::table! { film_actors (actor_id, film_id) { actor_id -> Integer, film_id -> Integer, } }
diesel::joinable!(film_actors -> films (film_id));
diesel::allow_tables_to_appear_in_same_query!(films, film_actors);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = films)]
pub struct Film {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = film_actors, primary_key(actor_id))]
#[relationship(film: Film, foreign_key = film_id)]
pub struct FilmActor {
    pub actor_id: i32,
    pub film_id: i32,
}

fn main() {}
