-- Composite foreign keys (issue #20): order lines keyed by (order_id, line_no), and notes referencing a line by both columns, once required and once optional.
CREATE TABLE cfk_order_lines (
    order_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE cfk_notes (
    id INTEGER PRIMARY KEY NOT NULL,
    order_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    see_order_id INTEGER,
    see_line_no INTEGER,
    body TEXT NOT NULL,
    FOREIGN KEY (order_id, line_no) REFERENCES cfk_order_lines (order_id, line_no),
    FOREIGN KEY (see_order_id, see_line_no) REFERENCES cfk_order_lines (order_id, line_no)
);
CREATE INDEX cfk_notes_line ON cfk_notes (order_id, line_no);
CREATE INDEX cfk_notes_see_line ON cfk_notes (see_order_id, see_line_no);
