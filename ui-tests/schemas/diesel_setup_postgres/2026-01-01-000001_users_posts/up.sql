-- A PostgreSQL application as `diesel setup` lays it out: an extension, an
-- enum type, SERIAL/BIGSERIAL keys, UUID and TIMESTAMPTZ columns, the
-- updated_at trigger of the initial setup; the foreign keys come in the next
-- migration, by ALTER TABLE.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TYPE post_status AS ENUM ('draft', 'published');

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    token UUID NOT NULL DEFAULT uuid_generate_v4() UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
SELECT diesel_manage_updated_at('users');

CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    author_id BIGINT NOT NULL,
    editor_id BIGINT,
    views BIGINT NOT NULL DEFAULT 0,
    status post_status NOT NULL DEFAULT 'draft',
    published_at TIMESTAMPTZ
);

CREATE TABLE tags (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE posts_tags (
    post_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);
