-- Players on teams, for a backref.
CREATE TABLE teams (
    id INTEGER PRIMARY KEY NOT NULL
);

CREATE TABLE players (
    id INTEGER PRIMARY KEY NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams (id)
);
