-- An association column referencing a column that is not UNIQUE
-- (uq_readers.nick): SQLite accepts the declaration, no relationship can
-- join on it.
CREATE TABLE uq_readers (
    id INTEGER PRIMARY KEY NOT NULL,
    nick TEXT NOT NULL
);
CREATE TABLE uq_books (
    id INTEGER PRIMARY KEY NOT NULL
);
CREATE TABLE uq_shelves (
    reader_nick TEXT NOT NULL REFERENCES uq_readers (nick),
    book_id INTEGER NOT NULL REFERENCES uq_books (id),
    PRIMARY KEY (reader_nick, book_id)
);
