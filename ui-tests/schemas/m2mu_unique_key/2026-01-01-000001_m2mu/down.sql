DROP TABLE m2mu_shelves; DROP TABLE m2mu_books; DROP TABLE m2mu_readers;
