-- Tables of a PostgreSQL schema other than public, as `diesel print-schema
-- --schema billing` reads them (tests/schema_qualified/main.rs), and a table
-- of public with a foreign key into it.
CREATE SCHEMA billing;

CREATE TABLE billing.customers (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE billing.invoices (
    id SERIAL PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES billing.customers (id),
    amount INTEGER NOT NULL
);

CREATE TABLE sq_tags (
    id SERIAL PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE billing.customer_tags (
    customer_id INTEGER NOT NULL REFERENCES billing.customers (id),
    tag_id INTEGER NOT NULL REFERENCES sq_tags (id),
    PRIMARY KEY (customer_id, tag_id)
);

CREATE TABLE sq_notes (
    id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES billing.customers (id),
    body TEXT NOT NULL
);

CREATE TABLE billing.refunds (
    id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES billing.customers (id),
    amount INTEGER NOT NULL
);
