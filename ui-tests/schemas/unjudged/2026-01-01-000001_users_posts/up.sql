-- posts gets its foreign key in a DO block, which the checker does not
-- parse: it skips the block, and posts, the table the block names, is no
-- longer fully known. users still is.
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    author_id INTEGER NOT NULL
);

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'posts_author_id_fkey') THEN
        ALTER TABLE posts ADD CONSTRAINT posts_author_id_fkey
            FOREIGN KEY (author_id) REFERENCES users (id);
    END IF;
END
$$;
