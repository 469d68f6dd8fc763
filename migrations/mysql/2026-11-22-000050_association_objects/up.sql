-- SQLAlchemy's association object with extra_data: an association table whose primary key is its two foreign keys (left_id, right_id), with a column of its own; no id column.
CREATE TABLE left_table (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE right_table (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE association_table (
    left_id INTEGER NOT NULL,
    right_id INTEGER NOT NULL,
    extra_data VARCHAR(255),
    PRIMARY KEY (left_id, right_id),
    FOREIGN KEY (left_id) REFERENCES left_table (id),
    FOREIGN KEY (right_id) REFERENCES right_table (id)
) ENGINE=InnoDB;

CREATE INDEX association_table_right_id ON association_table (right_id, left_id);
