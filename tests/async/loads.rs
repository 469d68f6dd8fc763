//! The suite, compiled once per backend by `async_suite!` (each body with
//! its backend's concrete connection types, as tests/relations does).

macro_rules! async_suite {
    ($($backend:ident: $marker:ty $(, #[$attr:meta])?;)*) => {$(
        $(#[$attr])?
        pub mod $backend {
            use super::super::{ensure_eq, open, trial, Backend, TestResult};
            use diesel::prelude::*;
            // Shadows the prelude's `RunQueryDsl`: `.load(conn).await`, as
            // a diesel-async program writes it.
            use diesel_async::RunQueryDsl;
            use diesel_relations::asynchronous::{Eager, LoadRelated};
            use diesel_relations::eager::{both, with};
            use diesel_relations::RelationError;
            use diesel_relations_seeds::schema::chinook::{customers, employees, invoice_lines, invoices, playlists, tracks};
            use diesel_relations_seeds::schema::{parents, posts};
            use diesel_relations_seeds::seeds::blog::Post;
            use diesel_relations_seeds::seeds::chinook::{Customer, Employee, Invoice, InvoiceLine, Playlist, Track};
            use diesel_relations_seeds::seeds::parents::Parent;
            use libtest_mimic::Trial;

            type S = <$marker as Backend>::Sync;
            type A = <$marker as Backend>::Async;

            /// The rows every test reads (see the module docs of main.rs).
            pub fn fixture(conn: &mut S) -> QueryResult<()> {
                write::fixture(conn)?;
                super::super::collation::write(conn)
            }

            mod write {
                use diesel::prelude::*;
                use diesel_relations_seeds::schema::chinook::{
                    customers, employees, invoice_lines, invoices, playlist_track, playlists, tracks,
                };
                use diesel_relations_seeds::schema::{association, children, favourites, parents, posts, users};

                pub fn fixture(conn: &mut super::S) -> QueryResult<()> {
                    for (id, last, manager) in [(1, "Peacock", None), (2, "Adams", Some(1)), (3, "Park", Some(1)), (4, "Johnson", Some(2))] {
                        diesel::insert_into(employees::table)
                            .values((
                                employees::employee_id.eq(id),
                                employees::last_name.eq(last),
                                employees::first_name.eq(format!("e{id}")),
                                employees::reports_to.eq(manager),
                            ))
                            .execute(conn)?;
                    }
                    for id in 1..=4 {
                        diesel::insert_into(tracks::table)
                            .values((tracks::track_id.eq(id), tracks::name.eq(format!("t{id}")), tracks::milliseconds.eq(id)))
                            .execute(conn)?;
                    }
                    for (id, rep) in [(1, Some(1)), (2, None), (3, Some(3))] {
                        diesel::insert_into(customers::table)
                            .values((
                                customers::customer_id.eq(id),
                                customers::first_name.eq("C"),
                                customers::last_name.eq(format!("{id}")),
                                customers::email.eq("c@example.com"),
                                customers::support_rep_id.eq(rep),
                            ))
                            .execute(conn)?;
                    }
                    let mut line = 0;
                    for (invoice, customer, tracks) in [(10, 1, vec![3, 1]), (11, 1, vec![2]), (12, 3, vec![4, 4, 1])] {
                        diesel::insert_into(invoices::table)
                            .values((invoices::invoice_id.eq(invoice), invoices::customer_id.eq(customer)))
                            .execute(conn)?;
                        for track in tracks {
                            line += 1;
                            diesel::insert_into(invoice_lines::table)
                                .values((
                                    invoice_lines::invoice_line_id.eq(line),
                                    invoice_lines::invoice_id.eq(invoice),
                                    invoice_lines::track_id.eq(track),
                                    invoice_lines::unit_price.eq(0.99),
                                    invoice_lines::quantity.eq(line),
                                ))
                                .execute(conn)?;
                        }
                    }
                    for (id, name) in [(1, "Mix"), (2, "Empty")] {
                        diesel::insert_into(playlists::table)
                            .values((playlists::playlist_id.eq(id), playlists::name.eq(name)))
                            .execute(conn)?;
                    }
                    for track in [4, 1, 3] {
                        diesel::insert_into(playlist_track::table)
                            .values((playlist_track::playlist_id.eq(1), playlist_track::track_id.eq(track)))
                            .execute(conn)?;
                    }
                    for id in 1..=3 {
                        diesel::insert_into(parents::table).values((parents::id.eq(id), parents::name.eq(format!("p{id}")))).execute(conn)?;
                        diesel::insert_into(children::table).values((children::id.eq(id), children::name.eq(format!("c{id}")))).execute(conn)?;
                    }
                    for (parent, child) in [(1, 1), (1, 2), (2, 2)] {
                        diesel::insert_into(association::table)
                            .values((association::parent_id.eq(parent), association::child_id.eq(child)))
                            .execute(conn)?;
                    }
                    diesel::insert_into(favourites::table).values((favourites::id.eq(1), favourites::parent_id.eq(2))).execute(conn)?;
                    diesel::insert_into(users::table).values((users::id.eq(1), users::name.eq("Kakashi"))).execute(conn)?;
                    for (id, author) in [(1, Some(1)), (2, None), (3, Some(1))] {
                        diesel::insert_into(posts::table)
                            .values((posts::id.eq(id), posts::title.eq("t"), posts::content.eq("c"), posts::author_id.eq(author)))
                            .execute(conn)?;
                    }
                    Ok(())
                }
            }

            async fn all_customers(a: &mut A) -> QueryResult<Vec<Customer>> {
                customers::table.order_by(customers::customer_id).select(Customer::as_select()).load(a).await
            }

            /// Customer id, each invoice id with its (line id, track name)s.
            type Nested = Vec<(i32, Vec<(i32, Vec<(i32, String)>)>)>;

            /// The nested plan as synchronous lazy loads find it, a query per row.
            fn nested_lazily(s: &mut S, customers: &[Customer]) -> Result<Nested, RelationError> {
                let mut out = Vec::new();
                for c in customers {
                    let mut invoices = Vec::new();
                    for i in c.invoices().load(s)? {
                        let mut lines = Vec::new();
                        for l in i.lines().load(s)? {
                            lines.push((l.invoice_line_id, l.track().get(s)?.name));
                        }
                        invoices.push((i.invoice_id, lines));
                    }
                    out.push((c.customer_id, invoices));
                }
                Ok(out)
            }

            async fn lazy_handles_read_what_sync_reads(s: &mut S, a: &mut A) -> TestResult {
                let customers = all_customers(a).await?;
                ensure_eq!(customers.len(), 3);
                for c in &customers {
                    ensure_eq!(c.invoices().load_async(a).await?, c.invoices().load(s)?);
                    ensure_eq!(c.support_rep().get_async(a).await?, c.support_rep().get(s)?);
                }
                let ids: Vec<Vec<i32>> = {
                    let mut ids = Vec::new();
                    for c in &customers {
                        ids.push(c.invoices().load_async(a).await?.iter().map(|i| i.invoice_id).collect());
                    }
                    ids
                };
                ensure_eq!(ids, vec![vec![10, 11], vec![], vec![12]]);
                let invoice: Invoice = invoices::table.find(12).select(Invoice::as_select()).get_result(a).await?;
                ensure_eq!(invoice.customer().get_async(a).await?.customer_id, 3);
                // Many-to-many in its order_by; viewonly through the association
                // object, a track on two lines once.
                let mix: Playlist = playlists::table.find(1).select(Playlist::as_select()).get_result(a).await?;
                let tracks: Vec<i32> = mix.tracks().load_async(a).await?.iter().map(|t| t.track_id).collect();
                ensure_eq!(tracks, vec![1, 3, 4]);
                ensure_eq!(invoice.tracks().load_async(a).await?, invoice.tracks().load(s)?);
                ensure_eq!(invoice.tracks().load_async(a).await?.len(), 2);
                // One-to-one from the side without the key, both ways.
                let ps: Vec<Parent> = parents::table.order_by(parents::id).select(Parent::as_select()).load(a).await?;
                let has: Vec<bool> = {
                    let mut has = Vec::new();
                    for p in &ps {
                        let f = p.favourite().get_async(a).await?;
                        ensure_eq!(f, p.favourite().get(s)?);
                        has.push(f.is_some());
                    }
                    has
                };
                ensure_eq!(has, vec![false, true, false]);
                // A NULL key: None, without a query.
                let post: Post = posts::table.find(2).select(Post::as_select()).get_result(a).await?;
                ensure_eq!(post.author().get_async(a).await?, None);
                Ok(())
            }

            async fn handles_are_queries_for_diesel_async(s: &mut S, a: &mut A) -> TestResult {
                let customers = all_customers(a).await?;
                let alice = &customers[0];
                let ordered: Vec<Invoice> = alice.invoices().ordered().select(Invoice::as_select()).load(a).await?;
                ensure_eq!(ordered, alice.invoices().load(s)?);
                let n: i64 = alice.invoices().count().get_result(a).await?;
                ensure_eq!(n, 2);
                let big: Vec<i32> = alice.invoices().filter(invoices::invoice_id.gt(10)).select(invoices::invoice_id).load(a).await?;
                ensure_eq!(big, vec![11]);
                let mix: Playlist = playlists::table.find(1).select(Playlist::as_select()).get_result(a).await?;
                let names: Vec<String> = mix.tracks().ordered().select(tracks::name).load(a).await?;
                ensure_eq!(names, vec!["t1".to_owned(), "t3".to_owned(), "t4".to_owned()]);
                Ok(())
            }

            async fn narrowed_eager_matches_sync(s: &mut S, a: &mut A) -> TestResult {
                use diesel_relations::narrowed::Narrow;
                let customers = all_customers(a).await?;
                // Each customer's latest invoice, with its lines of more than one.
                let plan = || with(
                    Customer::invoices.order(invoices::invoice_id.desc()).limit_per_parent(1),
                    Invoice::lines.filter(invoice_lines::quantity.gt(1)),
                );
                let pages = customers.clone().eager(a, plan()).await?;
                ensure_eq!(pages, diesel_relations::Eager::eager(customers.clone(), s, plan())?);
                let got: Vec<(i32, Vec<(i32, Vec<i32>)>)> = pages
                    .iter()
                    .map(|c| (c.customer_id, c.related.iter().map(|i| (i.invoice_id, i.related.iter().map(|l| l.invoice_line_id).collect())).collect()))
                    .collect();
                ensure_eq!(got, vec![(1, vec![(11, vec![3])]), (2, vec![]), (3, vec![(12, vec![4, 5, 6])])]);
                // A many-to-many's first two by length, through its association table.
                let lists: Vec<Playlist> = playlists::table.order_by(playlists::playlist_id).select(Playlist::as_select()).load(a).await?;
                let longest = lists.load_related(a, Playlist::tracks.order(tracks::milliseconds.desc()).limit_per_parent(2)).await?;
                let ids: Vec<Vec<i32>> = longest.iter().map(|ts| ts.iter().map(|t| t.track_id).collect()).collect();
                ensure_eq!(ids, vec![vec![4, 3], vec![]]);
                Ok(())
            }

            async fn eager_nested_matches_sync_lazy(s: &mut S, a: &mut A) -> TestResult {
                let customers = all_customers(a).await?;
                let lazy = nested_lazily(s, &customers)?;
                let plan = || with(Customer::invoices, with(Invoice::lines, InvoiceLine::track));
                let pages = customers.clone().eager(a, plan()).await?;
                let eager: Nested = pages
                    .iter()
                    .map(|c| (c.customer_id, c.related.iter().map(|i| {
                        (i.invoice_id, i.related.iter().map(|l| (l.invoice_line_id, l.related.name.clone())).collect())
                    }).collect()))
                    .collect();
                ensure_eq!(eager, lazy);
                ensure_eq!(eager[0].1.len(), 2);
                ensure_eq!(eager[2].1[0].1.len(), 3);
                // And the synchronous eager load of the same plan: the same nodes.
                ensure_eq!(pages, diesel_relations::Eager::eager(customers, s, plan())?);
                Ok(())
            }

            async fn eager_siblings_many_to_many_and_one_to_one_match_lazy(s: &mut S, a: &mut A) -> TestResult {
                let customers = all_customers(a).await?;
                let pages = customers.clone().eager(a, both(Customer::support_rep, Customer::invoices)).await?;
                for (page, c) in pages.iter().zip(&customers) {
                    ensure_eq!(page.related.0, c.support_rep().get(s)?);
                    ensure_eq!(page.related.1, c.invoices().load(s)?);
                }
                let reps: Vec<Option<i32>> = pages.iter().map(|c| c.related.0.as_ref().map(|e| e.employee_id)).collect();
                ensure_eq!(reps, vec![Some(1), None, Some(3)]);

                let lists: Vec<Playlist> = playlists::table.order_by(playlists::playlist_id).select(Playlist::as_select()).load(a).await?;
                let loaded = lists.clone().eager(a, Playlist::tracks).await?;
                for (page, p) in loaded.iter().zip(&lists) {
                    ensure_eq!(page.related, p.tracks().load(s)?);
                }
                let all: Vec<Track> = tracks::table.order_by(tracks::track_id).select(Track::as_select()).load(a).await?;
                let back = all.eager(a, with(Track::playlists, Playlist::tracks)).await?;
                let shape: Vec<Vec<usize>> = back.iter().map(|t| t.related.iter().map(|p| p.related.len()).collect()).collect();
                ensure_eq!(shape, vec![vec![3], vec![], vec![3], vec![3]]);

                let invoices: Vec<Invoice> = invoices::table.order_by(invoices::invoice_id).select(Invoice::as_select()).load(a).await?;
                let through = invoices.clone().eager(a, Invoice::tracks).await?;
                for (page, i) in through.iter().zip(&invoices) {
                    ensure_eq!(page.related, i.tracks().load(s)?);
                }
                let ps: Vec<Parent> = parents::table.order_by(parents::id).select(Parent::as_select()).load(a).await?;
                let loaded = ps.clone().eager(a, both(Parent::favourite, Parent::children)).await?;
                for (page, p) in loaded.iter().zip(&ps) {
                    ensure_eq!(page.related.0, p.favourite().get(s)?);
                    ensure_eq!(page.related.1, p.children().load(s)?);
                }
                let kids: Vec<usize> = loaded.iter().map(|p| p.related.1.len()).collect();
                ensure_eq!(kids, vec![2, 1, 0]);
                let all: Vec<Post> = posts::table.order_by(posts::id).select(Post::as_select()).load(a).await?;
                let authors = all.clone().eager(a, Post::author).await?;
                for (page, p) in authors.iter().zip(&all) {
                    ensure_eq!(page.related, p.author().get(s)?);
                }
                ensure_eq!(authors.iter().filter(|p| p.related.is_some()).count(), 2);
                Ok(())
            }

            async fn load_related_self_referential(s: &mut S, a: &mut A) -> TestResult {
                let staff: Vec<Employee> = employees::table.order_by(employees::employee_id).select(Employee::as_select()).load(a).await?;
                let reports = staff.load_related(a, Employee::reports).await?;
                for (group, e) in reports.iter().zip(&staff) {
                    ensure_eq!(*group, e.reports().load(s)?);
                }
                ensure_eq!(reports.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 1, 0, 0]);
                let managers = staff.load_related(a, Employee::manager).await?;
                let ids: Vec<Option<i32>> = managers.iter().map(|m| m.as_ref().map(|m| m.employee_id)).collect();
                ensure_eq!(ids, vec![None, Some(1), Some(1), Some(2)]);
                // The next level (2, 3 and 4) and its reports: 4 under 2.
                let next: Vec<Employee> = reports.into_iter().flatten().collect();
                let below = next.load_related(a, Employee::reports).await?;
                ensure_eq!(below.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 0, 0]);
                Ok(())
            }

            async fn a_missing_target_is_an_error_naming_the_relationship(_s: &mut S, a: &mut A) -> TestResult {
                let dangling = Invoice { invoice_id: 99, customer_id: 999, billing_city: None };
                match dangling.customer().get_async(a).await {
                    Err(RelationError::MissingTarget { relationship, .. }) => ensure_eq!(relationship, "Invoice.customer"),
                    other => return Err(format!("expected MissingTarget, got {other:?}").into()),
                }
                match vec![dangling].eager(a, Invoice::customer).await {
                    Err(RelationError::MissingTarget { relationship, key, .. }) => {
                        ensure_eq!(relationship, "Invoice.customer");
                        ensure_eq!(key, "999");
                    }
                    other => return Err(format!("expected MissingTarget, got {other:?}").into()),
                }
                Ok(())
            }

            async fn spawned_on_a_multi_thread_runtime(s: &mut S, _a: &mut A) -> TestResult {
                // tokio::spawn takes only Send + 'static futures: the whole
                // load, connection included, moves to a worker thread.
                let task = tokio::spawn(async move {
                    let (_, mut conn) = open::<$marker>().await?;
                    let customers = all_customers(&mut conn).await?;
                    let pages = customers
                        .eager(&mut conn, with(Customer::invoices, with(Invoice::lines, InvoiceLine::track)))
                        .await?;
                    let tracks: Vec<String> = pages.iter().flat_map(|c| &c.related).flat_map(|i| &i.related).map(|l| l.related.name.clone()).collect();
                    Ok::<_, Box<dyn std::error::Error + Send + Sync>>(tracks)
                });
                let tracks = task.await??;
                let customers: Vec<Customer> = diesel::RunQueryDsl::load(customers::table.order_by(customers::customer_id).select(Customer::as_select()), s)?;
                let lazy: Vec<String> = nested_lazily(s, &customers)?.into_iter().flat_map(|c| c.1).flat_map(|i| i.1).map(|l| l.1).collect();
                ensure_eq!(tracks, lazy);
                ensure_eq!(tracks.len(), 6);
                Ok(())
            }

            async fn eager_under_a_case_insensitive_collation_matches_lazy(s: &mut S, a: &mut A) -> TestResult {
                use super::super::collation::{ci_children, ci_parents, ci_tags, CiChild, CiParent, CiTag};
                let parents: Vec<CiParent> = ci_parents::table.order_by(ci_parents::name).select(CiParent::as_select()).load(a).await?;
                let children: Vec<CiChild> = ci_children::table.order_by(ci_children::id).select(CiChild::as_select()).load(a).await?;
                let tags: Vec<CiTag> = ci_tags::table.order_by(ci_tags::name).select(CiTag::as_select()).load(a).await?;
                let pages = parents.clone().eager(a, both(CiParent::children, CiParent::tags)).await?;
                let mut ids = Vec::new();
                for (page, p) in pages.iter().zip(&parents) {
                    ensure_eq!(page.related.0, p.children().load(s)?);
                    ensure_eq!(page.related.1, p.tags().load(s)?);
                    ids.push(page.related.0.iter().map(|c| c.id).collect::<Vec<_>>());
                }
                // The collation is what the test says it is.
                ensure_eq!(ids, vec![vec![1, 2, 3], vec![5, 7]]);
                let owners = children.clone().eager(a, CiChild::parent).await?;
                for (page, c) in owners.iter().zip(&children) {
                    ensure_eq!(page.related, c.parent().get(s)?);
                }
                ensure_eq!(owners.iter().filter(|c| c.related.is_some()).count(), 5);
                let linked = tags.load_related(a, CiTag::parents).await?;
                for (group, t) in linked.iter().zip(&tags) {
                    let mut got: Vec<String> = group.iter().map(|p| p.code.clone()).collect();
                    let mut want: Vec<String> = t.parents().load(s)?.into_iter().map(|p| p.code).collect();
                    got.sort();
                    want.sort();
                    ensure_eq!(got, want);
                }
                Ok(())
            }

            pub fn trials() -> Vec<Trial> {
                vec![
                    trial::<$marker>("lazy_handles_read_what_sync_reads", |s, a| Box::pin(lazy_handles_read_what_sync_reads(s, a))),
                    trial::<$marker>("handles_are_queries_for_diesel_async", |s, a| Box::pin(handles_are_queries_for_diesel_async(s, a))),
                    trial::<$marker>("eager_nested_matches_sync_lazy", |s, a| Box::pin(eager_nested_matches_sync_lazy(s, a))),
                    trial::<$marker>("narrowed_eager_matches_sync", |s, a| Box::pin(narrowed_eager_matches_sync(s, a))),
                    trial::<$marker>("eager_siblings_many_to_many_and_one_to_one_match_lazy", |s, a| Box::pin(eager_siblings_many_to_many_and_one_to_one_match_lazy(s, a))),
                    trial::<$marker>("load_related_self_referential", |s, a| Box::pin(load_related_self_referential(s, a))),
                    trial::<$marker>("a_missing_target_is_an_error_naming_the_relationship", |s, a| Box::pin(a_missing_target_is_an_error_naming_the_relationship(s, a))),
                    trial::<$marker>("eager_under_a_case_insensitive_collation_matches_lazy", |s, a| Box::pin(eager_under_a_case_insensitive_collation_matches_lazy(s, a))),
                    trial::<$marker>("spawned_on_a_multi_thread_runtime", |s, a| Box::pin(spawned_on_a_multi_thread_runtime(s, a))),
                ]
            }
        }
    )*};
}

async_suite! {
    sqlite: super::super::Sqlite;
    postgres: super::super::Postgres;
    mysql: super::super::Mysql, #[cfg(feature = "mysql")];
}
