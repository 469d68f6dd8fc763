-- summaries.ledger_id is UNIQUE (a ledger has one summary) but no FOREIGN
-- KEY says it holds a ledger's id.
CREATE TABLE ledgers (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE summaries (
    id INTEGER PRIMARY KEY NOT NULL,
    ledger_id INTEGER NOT NULL UNIQUE
);
