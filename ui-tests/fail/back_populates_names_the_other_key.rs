//! Two foreign keys into one table: Film.language names
//! Language.original_films, the partner of Film.original_language. One
//! error, at the mistake; Language.films, whose partner points elsewhere,
//! says nothing of its own.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { languages (id) { id -> Integer, } }
diesel::table! { films (id) { id -> Integer, language_id -> Integer, original_language_id -> Nullable<Integer>, } }
diesel::allow_tables_to_appear_in_same_query!(languages, films);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = languages)]
#[relationship(films: Vec<Film>, foreign_key = films::language_id, back_populates = language)]
#[relationship(original_films: Vec<Film>, foreign_key = films::original_language_id, back_populates = original_language)]
pub struct Language {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = films)]
#[relationship(language: Language, foreign_key = language_id, back_populates = original_films)]
#[relationship(original_language: Option<Language>, foreign_key = original_language_id, back_populates = original_films)]
pub struct Film {
    pub id: i32,
    pub language_id: i32,
    pub original_language_id: Option<i32>,
}

fn main() {}
