-- schemas/two_foreign_keys without the FOREIGN KEY of shipping_address_id.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY NOT NULL,
    city TEXT NOT NULL
);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY NOT NULL,
    billing_address_id INTEGER NOT NULL,
    shipping_address_id INTEGER,
    FOREIGN KEY (billing_address_id) REFERENCES addresses (id)
);
