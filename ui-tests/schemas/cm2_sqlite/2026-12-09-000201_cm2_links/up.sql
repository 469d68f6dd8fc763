-- Many-to-manys through composite keys, SQLite style: table-level
-- FOREIGN KEYs inside CREATE TABLE.
CREATE TABLE cm2_lines (
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  item TEXT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE cm2_others (
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  PRIMARY KEY (a, b)
);
CREATE TABLE cm2_tags (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL
);
CREATE TABLE cm2_line_tags (
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  tag_id INTEGER NOT NULL REFERENCES cm2_tags (id),
  PRIMARY KEY (order_id, line_no, tag_id),
  FOREIGN KEY (order_id, line_no) REFERENCES cm2_lines (order_id, line_no)
);
-- Its line columns reference cm2_others, not cm2_lines.
CREATE TABLE cm2_other_tags (
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  tag_id INTEGER NOT NULL REFERENCES cm2_tags (id),
  PRIMARY KEY (order_id, line_no, tag_id),
  FOREIGN KEY (order_id, line_no) REFERENCES cm2_others (a, b)
);
CREATE TABLE cm2_line_pairs (
  from_order_id INTEGER NOT NULL,
  from_line_no INTEGER NOT NULL,
  to_order_id INTEGER NOT NULL,
  to_line_no INTEGER NOT NULL,
  PRIMARY KEY (from_order_id, from_line_no, to_order_id, to_line_no),
  FOREIGN KEY (from_order_id, from_line_no) REFERENCES cm2_lines (order_id, line_no),
  FOREIGN KEY (to_order_id, to_line_no) REFERENCES cm2_lines (order_id, line_no)
);
