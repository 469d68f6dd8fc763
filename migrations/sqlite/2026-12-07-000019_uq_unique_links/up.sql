-- Many-to-many through UNIQUE columns that are not the primary keys:
-- uq_shelves links readers by their TEXT badge to books by their INTEGER
-- code (both sides), uq_loans readers by their id to books by their code
-- (one side).
CREATE TABLE uq_readers (
    id INTEGER PRIMARY KEY NOT NULL,
    badge TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE uq_books (
    id INTEGER PRIMARY KEY NOT NULL,
    code INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL
);
CREATE TABLE uq_shelves (
    reader_badge TEXT NOT NULL REFERENCES uq_readers (badge),
    book_code INTEGER NOT NULL REFERENCES uq_books (code),
    PRIMARY KEY (reader_badge, book_code)
);
CREATE INDEX uq_shelves_book_code ON uq_shelves (book_code, reader_badge);
CREATE TABLE uq_loans (
    reader_id INTEGER NOT NULL REFERENCES uq_readers (id),
    book_code INTEGER NOT NULL REFERENCES uq_books (code),
    PRIMARY KEY (reader_id, book_code)
);
CREATE INDEX uq_loans_book_code ON uq_loans (book_code, reader_id);
