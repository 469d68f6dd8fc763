-- Two foreign keys from shipments to addresses.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY NOT NULL,
    billing_address_id INTEGER NOT NULL REFERENCES addresses (id),
    shipping_address_id INTEGER REFERENCES addresses (id)
);
