-- Cascades through composite foreign keys (issue #20): orders keyed by (region, number); lines referencing an order by both columns (delete-orphan, a renamed field), marks on a line (one column, a cascade one level further down), logs the database deletes itself (ON DELETE CASCADE, passive_deletes).
CREATE TABLE ccs_orders (
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (region, number)
);

CREATE TABLE ccs_lines (
    id SERIAL PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    body TEXT NOT NULL,
    FOREIGN KEY (region, number) REFERENCES ccs_orders (region, number)
);
CREATE INDEX ccs_lines_order ON ccs_lines (region, number);

CREATE TABLE ccs_marks (
    id SERIAL PRIMARY KEY,
    line_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    FOREIGN KEY (line_id) REFERENCES ccs_lines (id)
);
CREATE INDEX ccs_marks_line ON ccs_marks (line_id);

CREATE TABLE ccs_logs (
    id SERIAL PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    entry TEXT NOT NULL,
    FOREIGN KEY (region, number) REFERENCES ccs_orders (region, number) ON DELETE CASCADE
);
CREATE INDEX ccs_logs_order ON ccs_logs (region, number);
