//! A many-to-many's order_by may name the target's columns and the
//! association table's, nothing else: a column of this model's own table
//! is one error at it, and the loaders still compile.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { members (id) { id -> Integer, name -> Text, } }
diesel::table! { volumes (id) { id -> Integer, title -> Text, } }
diesel::table! { loans (id) { id -> Integer, member_id -> Integer, volume_id -> Integer, borrowed_at -> BigInt, } }
diesel::joinable!(loans -> members (member_id));
diesel::joinable!(loans -> volumes (volume_id));
diesel::allow_tables_to_appear_in_same_query!(members, volumes, loans);

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = members)]
#[relationship(borrowed: Vec<Volume>, secondary = loans(member_id, volume_id), back_populates = borrowers, order_by = members::name, viewonly)]
pub struct Member {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = volumes)]
#[relationship(borrowers: Vec<Member>, secondary = loans, back_populates = borrowed, order_by = (loans::borrowed_at, volumes::title.desc()), viewonly)]
pub struct Volume {
    pub id: i32,
    pub title: String,
}

#[allow(dead_code)]
fn uses(conn: &mut SqliteConnection) {
    let member = Member { id: 1, name: String::new() };
    let volume = Volume { id: 1, title: String::new() };
    let _: Result<Vec<Volume>, _> = member.borrowed().load(conn);
    let _: Result<Vec<Member>, _> = volume.borrowers().load(conn);
    let _ = diesel_relations::LoadRelated::load_related(&[member][..], conn, Member::borrowed);
}

fn main() {}
