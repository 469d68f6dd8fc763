-- stores.region_id is BIGINT, regions.id INTEGER: the Diesel schema says
-- BigInt and Integer.
CREATE TABLE regions (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE stores (
    id INTEGER PRIMARY KEY NOT NULL,
    region_id BIGINT NOT NULL REFERENCES regions (id)
);
