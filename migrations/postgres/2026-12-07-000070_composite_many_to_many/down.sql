DROP TABLE cfk_line_pairs;
DROP TABLE cfk_line_tags;
DROP TABLE cfk_tags;
DROP TABLE cfk_line_details;
