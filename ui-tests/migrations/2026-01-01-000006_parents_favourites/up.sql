-- A parent's favourite (one-to-one: favourites.parent_id is UNIQUE) and its
-- hobbies (hobbies.parent_id is not).
CREATE TABLE parents (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE favourites (
    id INTEGER PRIMARY KEY NOT NULL,
    parent_id INTEGER UNIQUE REFERENCES parents (id)
);

CREATE TABLE hobbies (
    id INTEGER PRIMARY KEY NOT NULL,
    parent_id INTEGER REFERENCES parents (id)
);
