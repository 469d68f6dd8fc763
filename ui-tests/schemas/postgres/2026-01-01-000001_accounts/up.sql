-- PostgreSQL's dialect: SQLite runs this one.
CREATE TABLE accounts (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE transfers (
    id SERIAL PRIMARY KEY,
    account_id INTEGER NOT NULL
);
