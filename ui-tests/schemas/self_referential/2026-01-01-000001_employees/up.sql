-- An employee reports to another employee: a self-referential foreign key,
-- which diesel print-schema writes no joinable! for.
CREATE TABLE employees (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    reports_to INTEGER REFERENCES employees (id)
);
