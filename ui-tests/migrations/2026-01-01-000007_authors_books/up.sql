-- Authors and books: authors_books links them; loans lacks its foreign key
-- to books; reviews' book_id references authors by mistake.
CREATE TABLE authors (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE books (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE authors_books (
    author_id INTEGER NOT NULL REFERENCES authors (id),
    book_id INTEGER NOT NULL REFERENCES books (id),
    PRIMARY KEY (author_id, book_id)
);

CREATE TABLE loans (
    author_id INTEGER NOT NULL REFERENCES authors (id),
    book_id INTEGER NOT NULL,
    PRIMARY KEY (author_id, book_id)
);

CREATE TABLE reviews (
    author_id INTEGER NOT NULL REFERENCES authors (id),
    book_id INTEGER NOT NULL REFERENCES authors (id),
    PRIMARY KEY (author_id, book_id)
);
