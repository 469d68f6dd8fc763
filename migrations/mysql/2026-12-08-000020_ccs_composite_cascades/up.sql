-- Cascades through composite foreign keys (issue #20): orders keyed by (region, number); lines referencing an order by both columns (delete-orphan, a renamed field), marks on a line (one column, a cascade one level further down), logs the database deletes itself (ON DELETE CASCADE, passive_deletes).
CREATE TABLE ccs_orders (
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    label VARCHAR(255) NOT NULL,
    PRIMARY KEY (region, number)
) ENGINE=InnoDB;

CREATE TABLE ccs_lines (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    body VARCHAR(255) NOT NULL,
    FOREIGN KEY (region, number) REFERENCES ccs_orders (region, number)
) ENGINE=InnoDB;
CREATE INDEX ccs_lines_order ON ccs_lines (region, number);

CREATE TABLE ccs_marks (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    line_id INTEGER NOT NULL,
    tag VARCHAR(255) NOT NULL,
    FOREIGN KEY (line_id) REFERENCES ccs_lines (id)
) ENGINE=InnoDB;
CREATE INDEX ccs_marks_line ON ccs_marks (line_id);

CREATE TABLE ccs_logs (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region INTEGER NOT NULL,
    number INTEGER NOT NULL,
    entry VARCHAR(255) NOT NULL,
    FOREIGN KEY (region, number) REFERENCES ccs_orders (region, number) ON DELETE CASCADE
) ENGINE=InnoDB;
CREATE INDEX ccs_logs_order ON ccs_logs (region, number);
