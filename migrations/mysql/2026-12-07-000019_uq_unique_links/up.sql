-- Many-to-many through UNIQUE columns that are not the primary keys:
-- uq_shelves links readers by their TEXT badge to books by their INTEGER
-- code (both sides), uq_loans readers by their id to books by their code
-- (one side).
CREATE TABLE uq_readers (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    badge VARCHAR(32) NOT NULL UNIQUE,
    name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE uq_books (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code INTEGER NOT NULL UNIQUE,
    title VARCHAR(255) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE uq_shelves (
    reader_badge VARCHAR(32) NOT NULL,
    book_code INTEGER NOT NULL,
    PRIMARY KEY (reader_badge, book_code),
    FOREIGN KEY (reader_badge) REFERENCES uq_readers (badge),
    FOREIGN KEY (book_code) REFERENCES uq_books (code)
) ENGINE=InnoDB;
CREATE INDEX uq_shelves_book_code ON uq_shelves (book_code, reader_badge);
CREATE TABLE uq_loans (
    reader_id INTEGER NOT NULL,
    book_code INTEGER NOT NULL,
    PRIMARY KEY (reader_id, book_code),
    FOREIGN KEY (reader_id) REFERENCES uq_readers (id),
    FOREIGN KEY (book_code) REFERENCES uq_books (code)
) ENGINE=InnoDB;
CREATE INDEX uq_loans_book_code ON uq_loans (book_code, reader_id);
