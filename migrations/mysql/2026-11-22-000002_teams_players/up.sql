-- Seed 001: players on teams (many-to-one with a backref).
CREATE TABLE teams (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    city VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE players (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    team_id INTEGER NOT NULL,
    name VARCHAR(255) NOT NULL,
    position VARCHAR(255) NOT NULL,
    FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB;

CREATE INDEX players_team_id ON players (team_id);
