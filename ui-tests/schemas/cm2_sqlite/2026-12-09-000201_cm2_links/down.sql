DROP TABLE cm2_line_pairs;
DROP TABLE cm2_other_tags;
DROP TABLE cm2_line_tags;
DROP TABLE cm2_tags;
DROP TABLE cm2_others;
DROP TABLE cm2_lines;
