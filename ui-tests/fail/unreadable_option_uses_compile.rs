//! An option that does not parse (`viewonly = 3`) is its one error: the
//! relationship still has an accessor of the declared shape, so the
//! program's uses of it add nothing, and the model's other relationships
//! are written whole.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { users (id) { id -> Integer, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Integer, } }
diesel::table! { tags (id) { id -> Integer, } }
diesel::table! { post_tags (post_id, tag_id) { post_id -> Integer, tag_id -> Integer, } }
diesel::joinable!(posts -> users (author_id));
diesel::joinable!(post_tags -> posts (post_id));
diesel::joinable!(post_tags -> tags (tag_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, tags, post_tags);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tags)]
pub struct Tag {
    pub id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = posts)]
#[relationship(author: User, foreign_key = author_id)]
#[relationship(tags: Vec<Tag>, secondary = post_tags(post_id, tag_id), viewonly = 3)]
pub struct Post {
    pub id: i32,
    pub author_id: i32,
}

fn main() {
    let conn = &mut SqliteConnection::establish(":memory:").unwrap();
    let post: Post = posts::table.first(conn).unwrap();
    let tags: Vec<Tag> = post.tags().load(conn).unwrap();
    let tagged: i64 = post.tags().count().get_result(conn).unwrap();
    let author: User = post.author().get(conn).unwrap();
    let _ = (tags, tagged, author);
}
