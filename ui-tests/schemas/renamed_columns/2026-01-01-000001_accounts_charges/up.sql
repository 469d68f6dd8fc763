-- Models that rename their fields with #[diesel(column_name = ..)]: accounts.id is
-- Account.number, charges.acct is Charge.account_id. No joinable! in the case's
-- schema, so these foreign keys are proved by this migration only.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL
);
CREATE TABLE charges (
    id INTEGER PRIMARY KEY NOT NULL,
    acct INTEGER NOT NULL REFERENCES accounts (id),
    amount INTEGER NOT NULL
);
