-- schemas/self_referential without its FOREIGN KEY.
CREATE TABLE employees (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    reports_to INTEGER
);
