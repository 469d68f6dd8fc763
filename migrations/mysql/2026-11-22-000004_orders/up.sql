-- Seed 004: orders of customers (the customers table of seed 000; the order model reads only its name).
CREATE TABLE orders (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_number VARCHAR(255) NOT NULL,
    customer_id INTEGER,
    FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;

CREATE INDEX orders_customer_id ON orders (customer_id);
