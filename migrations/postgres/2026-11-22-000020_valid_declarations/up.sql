-- Declarations the checker once refused (docs/checks.md, "Declarations the checker accepts"):
-- staff: a model whose relationships name `Self`, on a `#[sql_name = "staff"]` table whose
-- Rust name, staff_members, is the name of another table here (an older design's).
CREATE TABLE staff (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    reports_to INTEGER,
    FOREIGN KEY (reports_to) REFERENCES staff (id)
);

CREATE INDEX staff_reports_to ON staff (reports_to);

CREATE TABLE staff_members (
    id SERIAL PRIMARY KEY,
    login TEXT NOT NULL
);

-- accounts and charges: fields renamed with #[diesel(column_name = ..)], the primary key
-- (accounts.id is Account.number) and the foreign key (charges.acct is Charge.account_id).
CREATE TABLE accounts (
    id SERIAL PRIMARY KEY,
    holder TEXT NOT NULL
);

CREATE TABLE charges (
    id SERIAL PRIMARY KEY,
    acct INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    FOREIGN KEY (acct) REFERENCES accounts (id)
);

CREATE INDEX charges_acct ON charges (acct);
