-- Seed 000: customers and their invoices (one-to-many, back_populates, order_by).
CREATE TABLE customers (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);

CREATE TABLE invoices (
    id SERIAL PRIMARY KEY,
    custid INTEGER NOT NULL,
    invno INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    FOREIGN KEY (custid) REFERENCES customers (id)
);

CREATE INDEX invoices_custid ON invoices (custid);
