-- Customers and their invoices: one foreign key, invoices.custid.
CREATE TABLE customers (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY NOT NULL,
    custid INTEGER NOT NULL REFERENCES customers (id)
);

-- Another model a relationship may wrongly lead to.
CREATE TABLE clients (
    id INTEGER PRIMARY KEY NOT NULL
);

-- Orders of customers, for a backref; customer_id may be NULL.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY NOT NULL,
    customer_id INTEGER REFERENCES customers (id)
);
