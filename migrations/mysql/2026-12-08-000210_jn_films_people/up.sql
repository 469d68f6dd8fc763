-- Many-to-manys a join needs an alias for: people follow people through
-- jn_follows (self-referential), and a film has actors and directors,
-- both people, through two association tables.
CREATE TABLE jn_people (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE jn_films (
    id INTEGER NOT NULL PRIMARY KEY,
    title VARCHAR(255) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE jn_follows (
    follower_id INTEGER NOT NULL,
    followed_id INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followed_id),
    FOREIGN KEY (follower_id) REFERENCES jn_people (id),
    FOREIGN KEY (followed_id) REFERENCES jn_people (id)
) ENGINE=InnoDB;
CREATE INDEX jn_follows_followed_id ON jn_follows (followed_id, follower_id);
CREATE TABLE jn_film_actors (
    film_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (film_id, person_id),
    FOREIGN KEY (film_id) REFERENCES jn_films (id),
    FOREIGN KEY (person_id) REFERENCES jn_people (id)
) ENGINE=InnoDB;
CREATE INDEX jn_film_actors_person_id ON jn_film_actors (person_id, film_id);
CREATE TABLE jn_film_directors (
    film_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (film_id, person_id),
    FOREIGN KEY (film_id) REFERENCES jn_films (id),
    FOREIGN KEY (person_id) REFERENCES jn_people (id)
) ENGINE=InnoDB;
CREATE INDEX jn_film_directors_person_id ON jn_film_directors (person_id, film_id);
