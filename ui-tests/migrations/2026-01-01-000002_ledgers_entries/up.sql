-- entries.ledger_id holds a ledger's id, but no FOREIGN KEY says so.
CREATE TABLE ledgers (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE entries (
    id INTEGER PRIMARY KEY NOT NULL,
    ledger_id INTEGER NOT NULL
);
