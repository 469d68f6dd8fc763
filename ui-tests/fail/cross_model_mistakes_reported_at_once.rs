//! Three mistakes across models, all reported by one compile: a misspelled
//! back_populates, a pair that is not mutual, a foreign key to another table
//! than its target's (the one-to-one's UNIQUE waits for its pair).
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { parents (id) { id -> Integer, } }
diesel::table! { favourites (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::table! { hobbies (id) { id -> Integer, parent_id -> Nullable<Integer>, } }
diesel::table! { ledgers (id) { id -> Integer, } }

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = parents)]
#[relationship(favourite: Option<Favourite>, back_populates = parnt)]
#[relationship(hobby: Option<Hobby>, back_populates = parent)]
#[relationship(hobbies: Vec<Hobby>, back_populates = parent)]
pub struct Parent {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = favourites)]
#[relationship(parent: Option<Parent>, foreign_key = parent_id, back_populates = favourite)]
pub struct Favourite {
    pub id: i32,
    pub parent_id: Option<i32>,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = hobbies)]
#[relationship(parent: Option<Parent>, foreign_key = parent_id, back_populates = hobbies)]
#[relationship(ledger: Option<Ledger>, foreign_key = parent_id)]
pub struct Hobby {
    pub id: i32,
    pub parent_id: Option<i32>,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = ledgers)]
pub struct Ledger {
    pub id: i32,
}

fn main() {}
