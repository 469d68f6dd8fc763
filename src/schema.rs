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
