//! An association object keyed by its two foreign keys (Sakila's
//! `film_actor`): the source of two many-to-ones, the target of a
//! collection on each side, deleted with its film (`delete-orphan`).
use diesel::prelude::*;
use diesel_relations::eager::{with, Eager};
use diesel_relations::Relations;

diesel::table! { films (id) { id -> Integer, title -> Text, } }
diesel::table! { actors (id) { id -> Integer, name -> Text, } }
diesel::table! { film_actor (film_id, actor_id) { film_id -> Integer, actor_id -> Integer, billing -> Nullable<Integer>, } }
diesel::joinable!(film_actor -> films (film_id));
diesel::joinable!(film_actor -> actors (actor_id));
diesel::allow_tables_to_appear_in_same_query!(films, actors, film_actor);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = films)]
#[relations(migrations = "schemas/association_object")]
#[relationship(film_actors: Vec<FilmActor>, back_populates = film, cascade = "all, delete-orphan")]
pub struct Film {
    pub id: i32,
    pub title: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = actors)]
#[relations(migrations = "schemas/association_object")]
#[relationship(film_actors: Vec<FilmActor>, back_populates = actor)]
pub struct Actor {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = film_actor, primary_key(film_id, actor_id))]
#[relations(migrations = "schemas/association_object")]
#[relationship(film: Film, foreign_key = film_id, back_populates = film_actors)]
#[relationship(actor: Actor, foreign_key = actor_id, back_populates = film_actors)]
pub struct FilmActor {
    pub film_id: i32,
    pub actor_id: i32,
    pub billing: Option<i32>,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection, films: Vec<Film>) -> diesel_relations::Result<()> {
    let cast = films[0].film_actors().load(conn)?;
    let _: Film = cast[0].film().get(conn)?;
    let _: Actor = cast[0].actor().get(conn)?;
    films[0].film_actors().remove(conn, &cast[0])?;
    diesel_relations::delete(conn, &cast[1])?;
    diesel_relations::delete(conn, &films[0])?;
    let _ = films.eager(conn, with(Film::film_actors, FilmActor::actor))?;
    Ok(())
}

fn main() {}
