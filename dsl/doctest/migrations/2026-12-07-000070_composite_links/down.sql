DROP TABLE authorship_reviewers;
DROP TABLE reviewers;
DROP TABLE contracts;
