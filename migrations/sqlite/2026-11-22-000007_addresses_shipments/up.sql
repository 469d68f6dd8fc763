-- Two foreign keys from one table to another: a shipment is billed to one address and shipped to another.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY NOT NULL,
    street TEXT NOT NULL,
    city TEXT NOT NULL
);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY NOT NULL,
    reference TEXT NOT NULL,
    billing_address_id INTEGER NOT NULL,
    shipping_address_id INTEGER,
    FOREIGN KEY (billing_address_id) REFERENCES addresses (id),
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id)
);

CREATE INDEX shipments_billing_address_id ON shipments (billing_address_id);
CREATE INDEX shipments_shipping_address_id ON shipments (shipping_address_id);
