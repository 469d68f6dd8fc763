-- A foreign key to a column that is not UNIQUE (SQLite accepts it when
-- the table is created): no relationship can join on it.
CREATE TABLE groups (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY NOT NULL,
    group_slug TEXT NOT NULL REFERENCES groups (slug)
);
