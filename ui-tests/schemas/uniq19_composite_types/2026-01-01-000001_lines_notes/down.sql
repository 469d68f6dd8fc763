DROP TABLE cfk_notes; DROP TABLE cfk_lines;
