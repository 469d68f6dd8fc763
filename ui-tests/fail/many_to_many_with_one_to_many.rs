//! A many-to-many paired with a one-to-many collection: both sides of a
//! many-to-many go through the association table.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { writers (id) { id -> Integer, title_id -> Integer, } }
diesel::table! { titles (id) { id -> Integer, } }
diesel::table! { writers_titles (writer_id, title_id) { writer_id -> Integer, title_id -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(writers, titles, writers_titles);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = writers)]
#[relationship(titles: Vec<Title>, secondary = writers_titles(writer_id, title_id), back_populates = writers)]
pub struct Writer {
    pub id: i32,
    pub title_id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = titles)]
#[relationship(writers: Vec<Writer>, foreign_key = writers::title_id, back_populates = titles)]
pub struct Title {
    pub id: i32,
}

fn main() {}
