-- Seed 001: players on teams (many-to-one with a backref).
CREATE TABLE teams (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    city TEXT NOT NULL
);

CREATE TABLE players (
    id INTEGER PRIMARY KEY NOT NULL,
    team_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    FOREIGN KEY (team_id) REFERENCES teams (id)
);

CREATE INDEX players_team_id ON players (team_id);
