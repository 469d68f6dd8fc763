-- staff references itself; staff_members is another table, with no foreign key.
-- The case's table! is `#[sql_name = "staff"] staff_members`: its facts are staff's.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    reports_to INTEGER REFERENCES staff (id)
);
CREATE TABLE staff_members (
    id INTEGER PRIMARY KEY NOT NULL,
    login TEXT NOT NULL
);
