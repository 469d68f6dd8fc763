-- Two foreign keys from shipments to addresses: diesel print-schema writes
-- no joinable! for the pair.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY NOT NULL,
    city TEXT NOT NULL
);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY NOT NULL,
    billing_address_id INTEGER NOT NULL,
    shipping_address_id INTEGER,
    FOREIGN KEY (billing_address_id) REFERENCES addresses (id),
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id)
);
