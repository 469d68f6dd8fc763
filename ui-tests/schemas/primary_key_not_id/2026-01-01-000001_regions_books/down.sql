DROP TABLE authors_books; DROP TABLE books; DROP TABLE authors; DROP TABLE stores; DROP TABLE regions;
