-- Seed 004: orders of customers (the customers table of seed 000; the order model reads only its name).
CREATE TABLE orders (
    id INTEGER PRIMARY KEY NOT NULL,
    order_number TEXT NOT NULL,
    customer_id INTEGER,
    FOREIGN KEY (customer_id) REFERENCES customers (id)
);

CREATE INDEX orders_customer_id ON orders (customer_id);
