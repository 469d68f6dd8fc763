-- Through the composite key of authors_books: a contract per authorship
-- (UNIQUE by both columns, a one-to-one), and reviewers linked to
-- authorships by an association table of three columns (a many-to-many).
-- Both go with their authorship (ON DELETE CASCADE): the other doctests
-- unlink authors from books, and must not be refused for these rows.
CREATE TABLE contracts (
    id INTEGER PRIMARY KEY NOT NULL,
    author_id INTEGER NOT NULL,
    book_id INTEGER NOT NULL,
    terms TEXT NOT NULL,
    UNIQUE (author_id, book_id),
    FOREIGN KEY (author_id, book_id) REFERENCES authors_books (author_id, book_id) ON DELETE CASCADE
);

CREATE TABLE reviewers (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE authorship_reviewers (
    author_id INTEGER NOT NULL,
    book_id INTEGER NOT NULL,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
    PRIMARY KEY (author_id, book_id, reviewer_id),
    FOREIGN KEY (author_id, book_id) REFERENCES authors_books (author_id, book_id) ON DELETE CASCADE
);
