-- Members borrow volumes: a many-to-many through an association object's table (loans), whose rows carry a column of their own (borrowed_at, seconds since the epoch) that the relationships order by. A member may borrow a volume twice.
CREATE TABLE members (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE volumes (
    id SERIAL PRIMARY KEY,
    title TEXT NOT NULL
);

CREATE TABLE loans (
    id SERIAL PRIMARY KEY,
    member_id INTEGER NOT NULL,
    volume_id INTEGER NOT NULL,
    borrowed_at BIGINT NOT NULL,
    FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE,
    FOREIGN KEY (volume_id) REFERENCES volumes (id) ON DELETE CASCADE
);

CREATE INDEX loans_member_id ON loans (member_id, borrowed_at);
CREATE INDEX loans_volume_id ON loans (volume_id, borrowed_at);
