-- Cascades through a composite one-to-one (issue #20), from the side without the key: orders keyed by (region, number), each with at most one row per table below, UNIQUE by both columns. A sheet (cascade = "all, delete-orphan") with its one-column ticks, a note whose nullable key is released, a stamp whose NOT NULL key refuses the delete, a seal the database deletes (ON DELETE CASCADE, passive_deletes).
CREATE TABLE cc_orders (
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    label VARCHAR(255) NOT NULL,
    PRIMARY KEY (region, number)
) ENGINE=InnoDB;

CREATE TABLE cc_sheets (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    body VARCHAR(255) NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number)
) ENGINE=InnoDB;

CREATE TABLE cc_ticks (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sheet_id INTEGER NOT NULL,
    tag VARCHAR(255) NOT NULL,
    FOREIGN KEY (sheet_id) REFERENCES cc_sheets (id)
) ENGINE=InnoDB;
CREATE INDEX cc_ticks_sheet ON cc_ticks (sheet_id);

CREATE TABLE cc_notes (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region INTEGER,
    number INTEGER,
    body VARCHAR(255) NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number)
) ENGINE=InnoDB;

CREATE TABLE cc_stamps (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    body VARCHAR(255) NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number)
) ENGINE=InnoDB;

CREATE TABLE cc_seals (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    body VARCHAR(255) NOT NULL,
    UNIQUE (region, number),
    FOREIGN KEY (region, number) REFERENCES cc_orders (region, number) ON DELETE CASCADE
) ENGINE=InnoDB;
