-- tags.group_slug references groups.slug, a UNIQUE column that may be NULL:
-- no relationship can join on it.
CREATE TABLE groups (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY NOT NULL,
    group_slug TEXT NOT NULL REFERENCES groups (slug),
    label TEXT NOT NULL
);
