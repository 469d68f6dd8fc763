-- Foreign keys to a UNIQUE column that is not the primary key: members and
-- badges reference clubs (code), a VARCHAR code, while clubs.id is INTEGER.
CREATE TABLE clubs (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code VARCHAR(32) NOT NULL UNIQUE,
    name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE club_members (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    club_code VARCHAR(32) NOT NULL,
    name VARCHAR(255) NOT NULL,
    FOREIGN KEY (club_code) REFERENCES clubs (code)
) ENGINE=InnoDB;

CREATE INDEX club_members_club_code ON club_members (club_code);

CREATE TABLE club_badges (
    id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    club_code VARCHAR(32) UNIQUE,
    label VARCHAR(255) NOT NULL,
    FOREIGN KEY (club_code) REFERENCES clubs (code)
) ENGINE=InnoDB;
