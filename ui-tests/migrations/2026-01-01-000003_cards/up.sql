-- Foreign keys that reference the wrong table, or not a primary key.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE owners (
    id INTEGER PRIMARY KEY NOT NULL,
    number INTEGER NOT NULL UNIQUE
);

CREATE TABLE cards (
    id INTEGER PRIMARY KEY NOT NULL,
    -- should reference accounts
    account_id INTEGER NOT NULL REFERENCES owners (id),
    -- references owners, by number instead of id
    owner_number INTEGER NOT NULL REFERENCES owners (number)
);
