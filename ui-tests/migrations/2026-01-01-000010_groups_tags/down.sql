DROP TABLE tags;
DROP TABLE groups;
