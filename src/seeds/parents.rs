//! Seed 002: parents and children through an association table
//! (many-to-many), and a parent's favourite (one-to-one, `uselist=False`).

use crate::schema::{association, children, favourites, parents};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(children: Vec<Child>, secondary = association(parent_id, child_id), back_populates = parents)]
#[relationship(favourite: Option<Favourite>, back_populates = parent)]
pub struct Parent {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = children)]
#[relationship(parents: Vec<Parent>, secondary = association, back_populates = children)]
pub struct Child {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Relations)]
#[diesel(table_name = favourites, belongs_to(Parent, foreign_key = parent_id))]
#[relationship(parent: Option<Parent>, foreign_key = parent_id, back_populates = favourite)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<i32>,
}
