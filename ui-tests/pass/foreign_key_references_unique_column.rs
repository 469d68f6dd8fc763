//! cards.owner_number references owners.number, UNIQUE and not the primary
//! key: `references = owners::number` joins on it, and the collection takes
//! it from the scalar through back_populates.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { owners (id) { id -> Integer, number -> Integer, } }
diesel::table! { cards (id) { id -> Integer, owner_number -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = owners)]
#[relationship(cards: Vec<Card>, back_populates = owner)]
pub struct Owner {
    pub id: i32,
    pub number: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cards)]
#[relationship(owner: Owner, foreign_key = owner_number, references = owners::number, back_populates = cards)]
pub struct Card {
    pub id: i32,
    pub owner_number: i32,
}

fn main() {}
