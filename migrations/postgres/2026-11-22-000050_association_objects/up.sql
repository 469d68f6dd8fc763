-- SQLAlchemy's association object with extra_data: an association table whose primary key is its two foreign keys (left_id, right_id), with a column of its own; no id column.
CREATE TABLE left_table (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE right_table (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE association_table (
    left_id INTEGER NOT NULL,
    right_id INTEGER NOT NULL,
    extra_data TEXT,
    PRIMARY KEY (left_id, right_id),
    FOREIGN KEY (left_id) REFERENCES left_table (id),
    FOREIGN KEY (right_id) REFERENCES right_table (id)
);

CREATE INDEX association_table_right_id ON association_table (right_id, left_id);
