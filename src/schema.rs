//! The Diesel schema of the seed migrations (what `diesel print-schema` writes).

diesel::table! {
    customers (id) {
        id -> Integer,
        name -> Text,
        address -> Text,
        email -> Text,
    }
}

diesel::table! {
    invoices (id) {
        id -> Integer,
        custid -> Integer,
        invno -> Integer,
        amount -> Integer,
    }
}

diesel::table! {
    teams (id) {
        id -> Integer,
        name -> Text,
        city -> Text,
    }
}

diesel::table! {
    players (id) {
        id -> Integer,
        team_id -> Integer,
        name -> Text,
        position -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    posts (id) {
        id -> Integer,
        title -> Text,
        content -> Text,
        author_id -> Nullable<Integer>,
    }
}

diesel::table! {
    orders (id) {
        id -> Integer,
        order_number -> Text,
        customer_id -> Nullable<Integer>,
    }
}

diesel::joinable!(invoices -> customers (custid));
diesel::joinable!(players -> teams (team_id));
diesel::joinable!(posts -> users (author_id));
diesel::joinable!(orders -> customers (customer_id));

diesel::allow_tables_to_appear_in_same_query!(
    customers, invoices, teams, players, users, posts, orders
);

diesel::table! {
    parents (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    children (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    association (parent_id, child_id) {
        parent_id -> Integer,
        child_id -> Integer,
    }
}

diesel::table! {
    favourites (id) {
        id -> Integer,
        parent_id -> Nullable<Integer>,
    }
}

diesel::table! {
    authors (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    books (id) {
        id -> Integer,
        title -> Text,
    }
}

diesel::table! {
    authors_books (author_id, book_id) {
        author_id -> Integer,
        book_id -> Integer,
    }
}

diesel::table! {
    addresses (id) {
        id -> Integer,
        street -> Text,
        city -> Text,
    }
}

diesel::table! {
    shipments (id) {
        id -> Integer,
        reference -> Text,
        billing_address_id -> Integer,
        shipping_address_id -> Nullable<Integer>,
    }
}

diesel::joinable!(association -> parents (parent_id));
diesel::joinable!(association -> children (child_id));
diesel::joinable!(favourites -> parents (parent_id));
diesel::joinable!(authors_books -> authors (author_id));
diesel::joinable!(authors_books -> books (book_id));

diesel::allow_tables_to_appear_in_same_query!(
    parents,
    children,
    association,
    favourites,
    authors,
    books,
    authors_books,
    addresses,
    shipments
);

/// The Chinook-shaped tables, under Chinook's own SQL names (`Album`,
/// `AlbumId`), so the same models read a real Chinook database.
pub mod chinook {
    diesel::table! {
        #[sql_name = "Artist"]
        artists (artist_id) {
            #[sql_name = "ArtistId"]
            artist_id -> Integer,
            #[sql_name = "Name"]
            name -> Nullable<Text>,
        }
    }

    diesel::table! {
        #[sql_name = "Album"]
        albums (album_id) {
            #[sql_name = "AlbumId"]
            album_id -> Integer,
            #[sql_name = "Title"]
            title -> Text,
            #[sql_name = "ArtistId"]
            artist_id -> Integer,
        }
    }

    diesel::table! {
        #[sql_name = "Employee"]
        employees (employee_id) {
            #[sql_name = "EmployeeId"]
            employee_id -> Integer,
            #[sql_name = "LastName"]
            last_name -> Text,
            #[sql_name = "FirstName"]
            first_name -> Text,
            #[sql_name = "Title"]
            title -> Nullable<Text>,
            #[sql_name = "ReportsTo"]
            reports_to -> Nullable<Integer>,
        }
    }

    diesel::table! {
        #[sql_name = "Customer"]
        customers (customer_id) {
            #[sql_name = "CustomerId"]
            customer_id -> Integer,
            #[sql_name = "FirstName"]
            first_name -> Text,
            #[sql_name = "LastName"]
            last_name -> Text,
            #[sql_name = "Email"]
            email -> Text,
            #[sql_name = "SupportRepId"]
            support_rep_id -> Nullable<Integer>,
        }
    }

    diesel::table! {
        #[sql_name = "Invoice"]
        invoices (invoice_id) {
            #[sql_name = "InvoiceId"]
            invoice_id -> Integer,
            #[sql_name = "CustomerId"]
            customer_id -> Integer,
            #[sql_name = "BillingCity"]
            billing_city -> Nullable<Text>,
        }
    }

    diesel::table! {
        #[sql_name = "Track"]
        tracks (track_id) {
            #[sql_name = "TrackId"]
            track_id -> Integer,
            #[sql_name = "Name"]
            name -> Text,
            #[sql_name = "AlbumId"]
            album_id -> Nullable<Integer>,
            #[sql_name = "Milliseconds"]
            milliseconds -> Integer,
        }
    }

    diesel::table! {
        #[sql_name = "InvoiceLine"]
        invoice_lines (invoice_line_id) {
            #[sql_name = "InvoiceLineId"]
            invoice_line_id -> Integer,
            #[sql_name = "InvoiceId"]
            invoice_id -> Integer,
            #[sql_name = "TrackId"]
            track_id -> Integer,
            #[sql_name = "UnitPrice"]
            unit_price -> Double,
            #[sql_name = "Quantity"]
            quantity -> Integer,
        }
    }

    diesel::table! {
        #[sql_name = "Playlist"]
        playlists (playlist_id) {
            #[sql_name = "PlaylistId"]
            playlist_id -> Integer,
            #[sql_name = "Name"]
            name -> Nullable<Text>,
        }
    }

    diesel::table! {
        #[sql_name = "PlaylistTrack"]
        playlist_track (playlist_id, track_id) {
            #[sql_name = "PlaylistId"]
            playlist_id -> Integer,
            #[sql_name = "TrackId"]
            track_id -> Integer,
        }
    }

    diesel::joinable!(albums -> artists (artist_id));
    diesel::joinable!(customers -> employees (support_rep_id));
    diesel::joinable!(invoices -> customers (customer_id));
    diesel::joinable!(tracks -> albums (album_id));
    diesel::joinable!(invoice_lines -> invoices (invoice_id));
    diesel::joinable!(invoice_lines -> tracks (track_id));
    diesel::joinable!(playlist_track -> playlists (playlist_id));
    diesel::joinable!(playlist_track -> tracks (track_id));

    diesel::allow_tables_to_appear_in_same_query!(
        artists,
        albums,
        employees,
        customers,
        invoices,
        tracks,
        invoice_lines,
        playlists,
        playlist_track
    );
}

/// Declarations the checker once refused (`src/seeds/valid.rs`): `staff`
/// under the Rust name of another table of the migrations, and tables whose
/// models rename fields with `#[diesel(column_name = ..)]`.
pub mod valid {
    diesel::table! {
        #[sql_name = "staff"]
        staff_members (id) {
            id -> Integer,
            name -> Text,
            reports_to -> Nullable<Integer>,
        }
    }

    diesel::table! {
        accounts (id) {
            id -> Integer,
            holder -> Text,
        }
    }

    diesel::table! {
        charges (id) {
            id -> Integer,
            acct -> Integer,
            amount -> Integer,
        }
    }

    diesel::joinable!(charges -> accounts (acct));

    diesel::allow_tables_to_appear_in_same_query!(staff_members, accounts, charges);
}
diesel::table! {
    members (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    volumes (id) {
        id -> Integer,
        title -> Text,
    }
}

diesel::table! {
    loans (id) {
        id -> Integer,
        member_id -> Integer,
        volume_id -> Integer,
        borrowed_at -> BigInt,
    }
}

diesel::joinable!(loans -> members (member_id));
diesel::joinable!(loans -> volumes (volume_id));

diesel::allow_tables_to_appear_in_same_query!(members, volumes, loans);

// Foreign keys to a UNIQUE column that is not the primary key (clubs.code).
diesel::table! {
    clubs (id) {
        id -> Integer,
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    club_members (id) {
        id -> Integer,
        club_code -> Text,
        name -> Text,
    }
}

diesel::table! {
    club_badges (id) {
        id -> Integer,
        club_code -> Nullable<Text>,
        label -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(clubs, club_members, club_badges);

// SQLAlchemy's association object: association_table's primary key is its
// two foreign keys.
diesel::table! {
    left_table (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    right_table (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    association_table (left_id, right_id) {
        left_id -> Integer,
        right_id -> Integer,
        extra_data -> Nullable<Text>,
    }
}

diesel::joinable!(association_table -> left_table (left_id));
diesel::joinable!(association_table -> right_table (right_id));

diesel::allow_tables_to_appear_in_same_query!(left_table, right_table, association_table);

// A foreign key to a UNIQUE column that is not the primary key between
// `#[sql_name]` tables ("E19Shop"."RegionCode" -> "E19Region"."Code").
diesel::table! {
    #[sql_name = "E19Region"]
    e19_regions (region_id) {
        #[sql_name = "RegionId"]
        region_id -> Integer,
        #[sql_name = "Code"]
        code -> Text,
        #[sql_name = "Name"]
        name -> Text,
    }
}

diesel::table! {
    #[sql_name = "E19Shop"]
    e19_shops (shop_id) {
        #[sql_name = "ShopId"]
        shop_id -> Integer,
        #[sql_name = "RegionCode"]
        region_code -> Text,
        #[sql_name = "Name"]
        name -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(e19_regions, e19_shops);

// Composite foreign keys: cfk_notes references cfk_order_lines by
// (order_id, line_no), and optionally by (see_order_id, see_line_no).
diesel::table! {
    cfk_order_lines (order_id, line_no) {
        order_id -> Integer,
        line_no -> Integer,
        item -> Text,
    }
}

diesel::table! {
    cfk_notes (id) {
        id -> Integer,
        order_id -> Integer,
        line_no -> Integer,
        see_order_id -> Nullable<Integer>,
        see_line_no -> Nullable<Integer>,
        body -> Text,
    }
}

// A many-to-many through UNIQUE columns that are not the primary keys
// (uq_shelves: badge and code; uq_loans: id and code).
diesel::table! {
    uq_readers (id) {
        id -> Integer,
        badge -> Text,
        name -> Text,
    }
}

diesel::table! {
    uq_books (id) {
        id -> Integer,
        code -> Integer,
        title -> Text,
    }
}

diesel::table! {
    uq_shelves (reader_badge, book_code) {
        reader_badge -> Text,
        book_code -> Integer,
    }
}

diesel::table! {
    uq_loans (reader_id, book_code) {
        reader_id -> Integer,
        book_code -> Integer,
    }
}

diesel::allow_tables_to_appear_in_same_query!(uq_readers, uq_books, uq_shelves, uq_loans);

// One-to-one and many-to-many through composite keys: cfk_line_details
// references a line by (order_id, line_no), UNIQUE; cfk_line_tags links
// lines (two columns) to tags (one); cfk_line_pairs links lines to lines
// (two columns each side).
diesel::table! {
    cfk_line_details (id) {
        id -> Integer,
        order_id -> Integer,
        line_no -> Integer,
        detail -> Text,
    }
}

diesel::table! {
    cfk_tags (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    cfk_line_tags (order_id, line_no, tag_id) {
        order_id -> Integer,
        line_no -> Integer,
        tag_id -> Integer,
    }
}

diesel::table! {
    cfk_line_pairs (from_order_id, from_line_no, to_order_id, to_line_no) {
        from_order_id -> Integer,
        from_line_no -> Integer,
        to_order_id -> Integer,
        to_line_no -> Integer,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    cfk_order_lines,
    cfk_notes,
    cfk_line_details,
    cfk_tags,
    cfk_line_tags,
    cfk_line_pairs
);

// Many-to-manys joined through aliases: people follow people through
// jn_follows (self-referential); a film's actors and directors are both
// people, through jn_film_actors and jn_film_directors.
diesel::table! {
    jn_people (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    jn_films (id) {
        id -> Integer,
        title -> Text,
    }
}

diesel::table! {
    jn_follows (follower_id, followed_id) {
        follower_id -> Integer,
        followed_id -> Integer,
    }
}

diesel::table! {
    jn_film_actors (film_id, person_id) {
        film_id -> Integer,
        person_id -> Integer,
    }
}

diesel::table! {
    jn_film_directors (film_id, person_id) {
        film_id -> Integer,
        person_id -> Integer,
    }
}

diesel::joinable!(jn_film_actors -> jn_films (film_id));
diesel::joinable!(jn_film_actors -> jn_people (person_id));
diesel::joinable!(jn_film_directors -> jn_films (film_id));
diesel::joinable!(jn_film_directors -> jn_people (person_id));

diesel::allow_tables_to_appear_in_same_query!(
    jn_people,
    jn_films,
    jn_follows,
    jn_film_actors,
    jn_film_directors
);

// Cascades through composite foreign keys: ccs_lines and ccs_logs
// reference ccs_orders by (region, number); ccs_marks references a line.
diesel::table! {
    ccs_orders (region, number) {
        region -> Integer,
        number -> Integer,
        label -> Text,
    }
}

diesel::table! {
    ccs_lines (id) {
        id -> Integer,
        region -> Integer,
        number -> Integer,
        pos -> Integer,
        body -> Text,
    }
}

diesel::table! {
    ccs_marks (id) {
        id -> Integer,
        line_id -> Integer,
        tag -> Text,
    }
}

diesel::table! {
    ccs_logs (id) {
        id -> Integer,
        region -> Integer,
        number -> Integer,
        entry -> Text,
    }
}

diesel::joinable!(ccs_marks -> ccs_lines (line_id));
diesel::allow_tables_to_appear_in_same_query!(ccs_orders, ccs_lines, ccs_marks, ccs_logs);

// Cascades through composite one-to-ones: each of cc_sheets, cc_notes,
// cc_stamps and cc_seals references cc_orders by (region, number), UNIQUE
// together; cc_ticks references a sheet.
diesel::table! {
    cc_orders (region, number) {
        region -> Integer,
        number -> Integer,
        label -> Text,
    }
}

diesel::table! {
    cc_sheets (id) {
        id -> Integer,
        region -> Integer,
        number -> Integer,
        body -> Text,
    }
}

diesel::table! {
    cc_ticks (id) {
        id -> Integer,
        sheet_id -> Integer,
        tag -> Text,
    }
}

diesel::table! {
    cc_notes (id) {
        id -> Integer,
        region -> Nullable<Integer>,
        number -> Nullable<Integer>,
        body -> Text,
    }
}

diesel::table! {
    cc_stamps (id) {
        id -> Integer,
        region -> Integer,
        number -> Integer,
        body -> Text,
    }
}

diesel::table! {
    cc_seals (id) {
        id -> Integer,
        region -> Integer,
        number -> Integer,
        body -> Text,
    }
}

diesel::joinable!(cc_ticks -> cc_sheets (sheet_id));
diesel::allow_tables_to_appear_in_same_query!(
    cc_orders, cc_sheets, cc_ticks, cc_notes, cc_stamps, cc_seals
);
