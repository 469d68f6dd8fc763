-- The schema of the crate's doctests. The derive reads these foreign keys
-- at compile time (dsl/diesel.toml names this directory), and
-- doctest/setup.rs applies the same file to each doctest's in-memory SQLite.

CREATE TABLE customers (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY NOT NULL,
    custid INTEGER NOT NULL REFERENCES customers (id),
    amount INTEGER NOT NULL
);
CREATE INDEX invoices_custid ON invoices (custid);

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY NOT NULL,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    item TEXT NOT NULL
);
CREATE INDEX invoice_lines_invoice_id ON invoice_lines (invoice_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

-- A post may have no author: a nullable foreign key.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY NOT NULL,
    author_id INTEGER REFERENCES users (id),
    title TEXT NOT NULL
);
CREATE INDEX posts_author_id ON posts (author_id);

-- The database deletes a post's comments (passive_deletes).
CREATE TABLE comments (
    id INTEGER PRIMARY KEY NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);
CREATE INDEX comments_post_id ON comments (post_id);

CREATE TABLE parents (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

-- One favourite per parent: the UNIQUE key of a one-to-one.
CREATE TABLE favourites (
    id INTEGER PRIMARY KEY NOT NULL,
    parent_id INTEGER NOT NULL UNIQUE REFERENCES parents (id),
    name TEXT NOT NULL
);

CREATE TABLE authors (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE books (
    id INTEGER PRIMARY KEY NOT NULL,
    title TEXT NOT NULL
);

-- The association table of a many-to-many.
CREATE TABLE authors_books (
    author_id INTEGER NOT NULL REFERENCES authors (id),
    book_id INTEGER NOT NULL REFERENCES books (id),
    PRIMARY KEY (author_id, book_id)
);
CREATE INDEX authors_books_book_id ON authors_books (book_id);

-- A composite foreign key: each sign-off names one authors_books row.
CREATE TABLE signoffs (
    id INTEGER PRIMARY KEY NOT NULL,
    author_id INTEGER NOT NULL,
    book_id INTEGER NOT NULL,
    note TEXT NOT NULL,
    FOREIGN KEY (author_id, book_id) REFERENCES authors_books (author_id, book_id)
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE players (
    id INTEGER PRIMARY KEY NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    name TEXT NOT NULL
);
CREATE INDEX players_team_id ON players (team_id);

-- Self-referential: an employee reports to another employee.
CREATE TABLE employees (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    reports_to INTEGER REFERENCES employees (id)
);
CREATE INDEX employees_reports_to ON employees (reports_to);

-- Two foreign keys to one table.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY NOT NULL,
    city TEXT NOT NULL
);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY NOT NULL,
    billing_address_id INTEGER NOT NULL REFERENCES addresses (id),
    shipping_address_id INTEGER NOT NULL REFERENCES addresses (id)
);
CREATE INDEX shipments_billing_address_id ON shipments (billing_address_id);
CREATE INDEX shipments_shipping_address_id ON shipments (shipping_address_id);
