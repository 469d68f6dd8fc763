-- Two foreign keys from one table to another: a shipment is billed to one address and shipped to another.
CREATE TABLE addresses (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    street VARCHAR(255) NOT NULL,
    city VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE shipments (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reference VARCHAR(255) NOT NULL,
    billing_address_id INTEGER NOT NULL,
    shipping_address_id INTEGER,
    FOREIGN KEY (billing_address_id) REFERENCES addresses (id),
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id)
) ENGINE=InnoDB;

CREATE INDEX shipments_billing_address_id ON shipments (billing_address_id);
CREATE INDEX shipments_shipping_address_id ON shipments (shipping_address_id);
