-- Cascades through a composite one-to-one (issue #20), from the side without the key: orders keyed by (region, number), each with at most one row per table below, UNIQUE by both columns. A sheet (cascade = "all, delete-orphan") with its one-column ticks, a note whose nullable key is released, a stamp whose NOT NULL key refuses the delete, a seal the database deletes (ON DELETE CASCADE, passive_deletes).
CREATE TABLE cc_orders (
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (region, number)
);

CREATE TABLE cc_sheets (
    id SERIAL PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number)
);

CREATE TABLE cc_ticks (
    id SERIAL PRIMARY KEY,
    sheet_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    FOREIGN KEY (sheet_id) REFERENCES cc_sheets (id)
);
CREATE INDEX cc_ticks_sheet ON cc_ticks (sheet_id);

CREATE TABLE cc_notes (
    id SERIAL PRIMARY KEY,
    region INTEGER,
    number INTEGER,
    body TEXT NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number)
);

CREATE TABLE cc_stamps (
    id SERIAL PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number)
);

CREATE TABLE cc_seals (
    id SERIAL PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number) ON DELETE CASCADE
);
