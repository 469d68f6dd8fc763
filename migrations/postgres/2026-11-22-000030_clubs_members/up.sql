-- Foreign keys to a UNIQUE column that is not the primary key: members and
-- badges reference clubs (code), a TEXT code, while clubs.id is INTEGER.
CREATE TABLE clubs (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE club_members (
    id SERIAL PRIMARY KEY,
    club_code TEXT NOT NULL,
    name TEXT NOT NULL,
    FOREIGN KEY (club_code) REFERENCES clubs (code)
);

CREATE INDEX club_members_club_code ON club_members (club_code);

CREATE TABLE club_badges (
    id SERIAL PRIMARY KEY,
    club_code TEXT UNIQUE,
    label TEXT NOT NULL,
    FOREIGN KEY (club_code) REFERENCES clubs (code)
);
