DROP TABLE association_table;
DROP TABLE right_table;
DROP TABLE left_table;
