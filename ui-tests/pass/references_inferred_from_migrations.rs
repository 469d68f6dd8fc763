//! cards.owner_number references owners.number, a UNIQUE NOT NULL column
//! that is not the primary key (migrations/2026-01-01-000003_cards): the
//! relationships join on owners.number without `references`, taken from
//! the migrations. `Owner.cards` names the key on the target's table;
//! `Owner.held` takes it, and the column, through the pair.
use diesel::prelude::*;
use diesel_relations::{LoadRelated, Relations};

diesel::table! { owners (id) { id -> Integer, number -> Integer, } }
diesel::table! { cards (id) { id -> Integer, owner_number -> Integer, } }
diesel::allow_tables_to_appear_in_same_query!(owners, cards);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = owners)]
#[relationship(cards: Vec<Card>, foreign_key = cards::owner_number)]
#[relationship(held: Vec<Card>, back_populates = owner)]
pub struct Owner {
    pub id: i32,
    pub number: i32,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cards)]
#[relationship(owner: Owner, foreign_key = owner_number, back_populates = held)]
pub struct Card {
    pub id: i32,
    pub owner_number: i32,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let owner = Owner { id: 1, number: 7 };
    let _: Result<Vec<Card>, _> = owner.cards().load(conn);
    let _: Result<Vec<Card>, _> = owner.held().load(conn);
    // The handles hold the referenced column's value, not the id.
    let _: i32 = *owner.held().key();
    let card = Card { id: 1, owner_number: 7 };
    let _: Result<Owner, _> = card.owner().get(conn);
    let _ = [card].load_related(conn, Card::owner);
    let _ = [owner].load_related(conn, Owner::held);
}

fn main() {}
