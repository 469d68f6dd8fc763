//! Many-to-one: the scalar side (`invoice.customer()`, `post.author()`).

use diesel::prelude::*;
use diesel_relations_seeds::schema::{invoices, posts, users};
use diesel_relations_seeds::seeds::blog::{NewPost, NewUser, Post, User};
use diesel_relations_seeds::seeds::invoicing::{Customer, Invoice, NewInvoice};

backend_tests! {
    fn gets_the_parent_each_child_points_at(conn) {
        let gopal = new_customer!(conn, "Gopal");
        let govind = new_customer!(conn, "Govind");
        gopal.invoices().insert(conn, [NewInvoice { invno: 10, amount: 1 }])?;
        govind.invoices().insert(conn, [NewInvoice { invno: 4, amount: 2 }])?;
        let all: Vec<Invoice> = invoices::table.order_by(invoices::id).select(Invoice::as_select()).load(conn)?;
        let owners: Vec<Customer> = all.iter().map(|i| i.customer().get(conn)).collect::<Result<_, _>>()?;
        ensure_eq!(owners, vec![gopal, govind]);
        Ok(())
    }

    fn both_directions_agree(conn) {
        let gopal = new_customer!(conn, "Gopal");
        gopal.invoices().insert(conn, [NewInvoice { invno: 1, amount: 1 }, NewInvoice { invno: 2, amount: 2 }])?;
        for invoice in gopal.invoices().load(conn)? {
            let back = invoice.customer().get(conn)?;
            ensure_eq!(back.id, gopal.id);
            let siblings: Vec<i32> = back.invoices().load(conn)?.iter().map(|i| i.invno).collect();
            ensure_eq!(siblings, vec![1, 2]);
        }
        Ok(())
    }

    fn optional_parent_is_none_when_the_foreign_key_is_null(conn) {
        diesel::insert_into(posts::table)
            .values((posts::title.eq("Orphan"), posts::content.eq("no author")))
            .execute(conn)?;
        let post: Post = posts::table.select(Post::as_select()).get_result(conn)?;
        ensure_eq!(post.author_id, None);
        ensure_eq!(post.author().get(conn)?, None);
        ensure_eq!(post.author().query().is_none(), true);
        Ok(())
    }

    fn optional_parent_is_some_when_set(conn) {
        diesel::insert_into(users::table).values(&NewUser { name: "Kakashi Hatake" }).execute(conn)?;
        let kakashi: User = users::table.select(User::as_select()).get_result(conn)?;
        kakashi.posts().insert(conn, [NewPost { title: "Shinobi", content: "Hatake clan" }])?;
        let post: Post = posts::table.select(Post::as_select()).get_result(conn)?;
        ensure_eq!(post.author().get(conn)?, Some(kakashi.clone()));
        // The scalar's query is a Diesel query too.
        let name: String = post.author().query().ok_or("foreign key is set")?.select(users::name).get_result(conn)?;
        ensure_eq!(name, kakashi.name);
        Ok(())
    }
}
