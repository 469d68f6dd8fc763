-- A `diesel setup` PostgreSQL project: the tables first, the composite
-- foreign keys added by ALTER TABLE in the next migration.
CREATE TABLE cfk_lines (
  order_id SERIAL,
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
  id SERIAL PRIMARY KEY,
  order_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  see_order_id INTEGER,
  see_line_no INTEGER,
  other_a INTEGER NOT NULL,
  other_b INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
