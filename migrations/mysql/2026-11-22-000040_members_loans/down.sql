DROP TABLE loans;
DROP TABLE volumes;
DROP TABLE members;
