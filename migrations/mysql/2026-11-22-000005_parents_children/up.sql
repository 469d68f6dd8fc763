-- Seed 002: parents and children linked through an association table (many-to-many), and a favourite per parent (one-to-one: the foreign key is UNIQUE).
CREATE TABLE parents (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL DEFAULT ''
) ENGINE=InnoDB;

CREATE TABLE children (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL DEFAULT ''
) ENGINE=InnoDB;

CREATE TABLE association (
    parent_id INTEGER NOT NULL,
    child_id INTEGER NOT NULL,
    PRIMARY KEY (parent_id, child_id),
    FOREIGN KEY (parent_id) REFERENCES parents (id),
    FOREIGN KEY (child_id) REFERENCES children (id)
) ENGINE=InnoDB;

CREATE INDEX association_child_id ON association (child_id, parent_id);

CREATE TABLE favourites (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    parent_id INTEGER UNIQUE,
    FOREIGN KEY (parent_id) REFERENCES parents (id)
) ENGINE=InnoDB;
