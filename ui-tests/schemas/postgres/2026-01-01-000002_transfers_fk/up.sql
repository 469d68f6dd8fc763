-- SQLite cannot add a constraint to a table: the checker stops here, and
-- what it did not see is no evidence that the foreign key is missing.
ALTER TABLE transfers ADD CONSTRAINT transfers_account_id_fkey
    FOREIGN KEY (account_id) REFERENCES accounts (id);
