-- Seed 000: customers and their invoices (one-to-many, back_populates, order_by).
CREATE TABLE customers (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY NOT NULL,
    custid INTEGER NOT NULL,
    invno INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    FOREIGN KEY (custid) REFERENCES customers (id)
);

CREATE INDEX invoices_custid ON invoices (custid);
