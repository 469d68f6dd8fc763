-- One-to-one and many-to-many through composite keys (issue #20): a line's
-- detail keyed UNIQUE by the line's two columns; tags linked to lines by
-- (order_id, line_no, tag_id); lines linked to lines by both sides' pairs.
CREATE TABLE cfk_line_details (
    id SERIAL PRIMARY KEY,
    order_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    detail TEXT NOT NULL,
    UNIQUE (order_id, line_no),
    FOREIGN KEY (order_id, line_no) REFERENCES cfk_order_lines (order_id, line_no)
);

CREATE TABLE cfk_tags (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE cfk_line_tags (
    order_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no, tag_id),
    FOREIGN KEY (order_id, line_no) REFERENCES cfk_order_lines (order_id, line_no),
    FOREIGN KEY (tag_id) REFERENCES cfk_tags (id)
);
CREATE INDEX cfk_line_tags_tag ON cfk_line_tags (tag_id, order_id, line_no);

CREATE TABLE cfk_line_pairs (
    from_order_id INTEGER NOT NULL,
    from_line_no INTEGER NOT NULL,
    to_order_id INTEGER NOT NULL,
    to_line_no INTEGER NOT NULL,
    PRIMARY KEY (from_order_id, from_line_no, to_order_id, to_line_no),
    FOREIGN KEY (from_order_id, from_line_no) REFERENCES cfk_order_lines (order_id, line_no),
    FOREIGN KEY (to_order_id, to_line_no) REFERENCES cfk_order_lines (order_id, line_no)
);
CREATE INDEX cfk_line_pairs_to ON cfk_line_pairs (to_order_id, to_line_no, from_order_id, from_line_no);
