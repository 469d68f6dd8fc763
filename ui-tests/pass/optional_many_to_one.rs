//! A nullable foreign key gives an optional scalar; models in different
//! modules still find each other's relationships.
use diesel::prelude::*;

diesel::table! { users (id) { id -> Integer, name -> Text, } }
diesel::table! { posts (id) { id -> Integer, author_id -> Nullable<Integer>, } }

mod people {
    use super::users;
    use diesel::prelude::*;
    use diesel_relations::Relations;

    #[derive(Queryable, Selectable, Identifiable, Relations)]
    #[diesel(table_name = users)]
    #[relationship(posts: Vec<crate::writing::Post>, back_populates = author)]
    pub struct User {
        pub id: i32,
        pub name: String,
    }
}

mod writing {
    use super::posts;
    use diesel::prelude::*;
    use diesel_relations::Relations;

    #[derive(Queryable, Selectable, Identifiable, Relations)]
    #[diesel(table_name = posts)]
    #[relationship(author: Option<crate::people::User>, foreign_key = author_id, back_populates = posts)]
    pub struct Post {
        pub id: i32,
        pub author_id: Option<i32>,
    }
}

/// Type-checks the accessors against a real backend's connection.
#[allow(dead_code)]
fn uses(conn: &mut PgConnection) {
    let post = writing::Post { id: 1, author_id: None };
    let _: Result<Option<people::User>, _> = post.author().get(conn);
}

fn main() {}
