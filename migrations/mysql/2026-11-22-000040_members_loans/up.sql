-- Members borrow volumes: a many-to-many through an association object's table (loans), whose rows carry a column of their own (borrowed_at, seconds since the epoch) that the relationships order by. A member may borrow a volume twice.
CREATE TABLE members (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE volumes (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE loans (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    member_id INTEGER NOT NULL,
    volume_id INTEGER NOT NULL,
    borrowed_at BIGINT NOT NULL,
    FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE,
    FOREIGN KEY (volume_id) REFERENCES volumes (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE INDEX loans_member_id ON loans (member_id, borrowed_at);
CREATE INDEX loans_volume_id ON loans (volume_id, borrowed_at);
