-- A self-referential table: a person's manager (many-to-one) and mentor
-- (one-to-one: mentor_id is UNIQUE); buddy_id is neither UNIQUE nor a
-- foreign key.
CREATE TABLE people (
    id INTEGER PRIMARY KEY NOT NULL,
    manager_id INTEGER REFERENCES people (id),
    mentor_id INTEGER UNIQUE REFERENCES people (id),
    buddy_id INTEGER
);
