-- Order lines keyed by (order_id, line_no), notes referencing them by a
-- table-level composite FOREIGN KEY, as SQLite migrations write it.
CREATE TABLE cfk_lines (
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  item TEXT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE cfk_others (
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  PRIMARY KEY (a, b)
);
CREATE TABLE cfk_notes (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  see_order_id INTEGER,
  see_line_no INTEGER,
  other_a INTEGER NOT NULL,
  other_b INTEGER NOT NULL,
  FOREIGN KEY (order_id, line_no) REFERENCES cfk_lines (order_id, line_no),
  FOREIGN KEY (see_line_no, see_order_id) REFERENCES cfk_lines (line_no, order_id),
  FOREIGN KEY (other_a, other_b) REFERENCES cfk_others
);
