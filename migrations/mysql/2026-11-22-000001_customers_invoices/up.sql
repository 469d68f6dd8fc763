-- Seed 000: customers and their invoices (one-to-many, back_populates, order_by).
CREATE TABLE customers (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    address VARCHAR(255) NOT NULL DEFAULT '',
    email VARCHAR(255) NOT NULL DEFAULT ''
) ENGINE=InnoDB;

CREATE TABLE invoices (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    custid INTEGER NOT NULL,
    invno INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    FOREIGN KEY (custid) REFERENCES customers (id)
) ENGINE=InnoDB;

CREATE INDEX invoices_custid ON invoices (custid);
