-- An association table whose columns reference UNIQUE columns that are
-- not the primary keys: m2mu_shelves.m2mu_book_code REFERENCES
-- m2mu_books (code), m2mu_shelves.m2mu_reader_badge REFERENCES
-- m2mu_readers (badge).
CREATE TABLE m2mu_readers (
    id INTEGER PRIMARY KEY NOT NULL,
    badge TEXT NOT NULL UNIQUE
);
CREATE TABLE m2mu_books (
    id INTEGER PRIMARY KEY NOT NULL,
    code INTEGER NOT NULL UNIQUE
);
CREATE TABLE m2mu_shelves (
    reader_id INTEGER NOT NULL REFERENCES m2mu_readers (id),
    reader_badge TEXT NOT NULL REFERENCES m2mu_readers (badge),
    book_code INTEGER NOT NULL REFERENCES m2mu_books (code),
    book_id INTEGER NOT NULL REFERENCES m2mu_books (id),
    PRIMARY KEY (reader_id, book_code)
);
