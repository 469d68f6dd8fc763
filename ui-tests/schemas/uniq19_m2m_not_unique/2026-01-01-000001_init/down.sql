DROP TABLE uq_shelves; DROP TABLE uq_books; DROP TABLE uq_readers;
