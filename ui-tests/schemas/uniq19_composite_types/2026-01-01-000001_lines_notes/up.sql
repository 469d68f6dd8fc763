-- Order lines keyed by (order_id INTEGER, line_no BIGINT): two key columns
-- of different types, and notes referencing them by a table-level
-- composite FOREIGN KEY.
CREATE TABLE cfk_lines (
  order_id INTEGER NOT NULL,
  line_no BIGINT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE cfk_notes (
  id INTEGER PRIMARY KEY NOT NULL,
  order_id INTEGER NOT NULL,
  line_no BIGINT NOT NULL,
  FOREIGN KEY (order_id, line_no) REFERENCES cfk_lines (order_id, line_no)
);
