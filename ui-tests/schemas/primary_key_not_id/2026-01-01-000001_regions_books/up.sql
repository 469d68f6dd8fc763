-- Tables whose primary key is not id, though they have an id column:
-- regions by code, books by isbn. The foreign keys reference those keys.
CREATE TABLE regions (
    code INTEGER PRIMARY KEY NOT NULL,
    id INTEGER NOT NULL
);

CREATE TABLE stores (
    id INTEGER PRIMARY KEY NOT NULL,
    region_code INTEGER NOT NULL REFERENCES regions (code)
);

CREATE TABLE authors (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE books (
    isbn INTEGER PRIMARY KEY NOT NULL,
    id INTEGER NOT NULL
);

CREATE TABLE authors_books (
    author_id INTEGER NOT NULL REFERENCES authors (id),
    book_isbn INTEGER NOT NULL REFERENCES books (isbn),
    PRIMARY KEY (author_id, book_isbn)
);
