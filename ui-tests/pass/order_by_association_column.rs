//! A many-to-many may order by a column of its association table (as
//! SQLAlchemy's order_by may): alone, descending, in a tuple with the
//! target's columns, on the side that takes the columns through
//! back_populates, and on a self-referential one.
use diesel::prelude::*;
use diesel_relations::eager::{Eager, LoadRelated};
use diesel_relations::Relations;

diesel::table! { members (id) { id -> Integer, name -> Text, } }
diesel::table! { volumes (id) { id -> Integer, title -> Text, } }
diesel::table! { loans (id) { id -> Integer, member_id -> Integer, volume_id -> Integer, borrowed_at -> BigInt, } }
diesel::table! { follows (id) { id -> Integer, follower_id -> Integer, followed_id -> Integer, since -> BigInt, } }
diesel::joinable!(loans -> members (member_id));
diesel::joinable!(loans -> volumes (volume_id));
diesel::allow_tables_to_appear_in_same_query!(members, volumes, loans, follows);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = members)]
#[relationship(borrowed: Vec<Volume>, secondary = loans(member_id, volume_id), back_populates = borrowers, order_by = loans::borrowed_at, viewonly)]
#[relationship(latest: Vec<Volume>, secondary = loans(member_id, volume_id), order_by = loans::borrowed_at.desc(), viewonly)]
#[relationship(by_title: Vec<Volume>, secondary = loans(member_id, volume_id), order_by = (volumes::title.asc(), loans::borrowed_at), viewonly)]
#[relationship(following: Vec<Member>, secondary = follows(follower_id, followed_id), order_by = (follows::since.desc(), members::id), viewonly)]
pub struct Member {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = volumes)]
#[relationship(borrowers: Vec<Member>, secondary = loans, back_populates = borrowed, order_by = (loans::borrowed_at.desc(), members::name), viewonly)]
pub struct Volume {
    pub id: i32,
    pub title: String,
}

/// Type-checks lazy and eager loading against real backends' connections.
#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection, pg: &mut PgConnection) {
    let member = Member { id: 1, name: String::new() };
    let volume = Volume { id: 1, title: String::new() };
    let _: Result<Vec<Volume>, _> = member.borrowed().load(conn);
    let _: Result<Vec<Volume>, _> = member.latest().load(pg);
    let _: Result<Vec<Volume>, _> = member.by_title().load(conn);
    let _: Result<Vec<Member>, _> = member.following().load(pg);
    let _: Result<Vec<Member>, _> = volume.borrowers().load(conn);
    let members = vec![Member { id: 1, name: String::new() }];
    let _ = members.load_related(conn, Member::borrowed);
    let _ = members.load_related(pg, Member::following);
    let _ = vec![volume].eager(conn, Volume::borrowers);
}

fn main() {}
