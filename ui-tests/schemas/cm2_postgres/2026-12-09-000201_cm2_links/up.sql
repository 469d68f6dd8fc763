-- PostgreSQL style: the composite keys added by ALTER TABLE .. ADD CONSTRAINT.
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
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE cm2_line_tags (
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  tag_id INTEGER NOT NULL REFERENCES cm2_tags (id),
  PRIMARY KEY (order_id, line_no, tag_id)
);
CREATE TABLE cm2_other_tags (
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  tag_id INTEGER NOT NULL REFERENCES cm2_tags (id),
  PRIMARY KEY (order_id, line_no, tag_id)
);
CREATE TABLE cm2_line_pairs (
  from_order_id INTEGER NOT NULL,
  from_line_no INTEGER NOT NULL,
  to_order_id INTEGER NOT NULL,
  to_line_no INTEGER NOT NULL,
  PRIMARY KEY (from_order_id, from_line_no, to_order_id, to_line_no)
);
ALTER TABLE cm2_line_tags ADD CONSTRAINT cm2_line_tags_line_fk
  FOREIGN KEY (order_id, line_no) REFERENCES cm2_lines (order_id, line_no) ON DELETE CASCADE;
ALTER TABLE cm2_other_tags ADD CONSTRAINT cm2_other_tags_fk
  FOREIGN KEY (order_id, line_no) REFERENCES cm2_others (a, b);
ALTER TABLE cm2_line_pairs ADD CONSTRAINT cm2_line_pairs_from_fk
  FOREIGN KEY (from_order_id, from_line_no) REFERENCES cm2_lines (order_id, line_no);
ALTER TABLE cm2_line_pairs ADD CONSTRAINT cm2_line_pairs_to_fk
  FOREIGN KEY (to_order_id, to_line_no) REFERENCES cm2_lines (order_id, line_no);
