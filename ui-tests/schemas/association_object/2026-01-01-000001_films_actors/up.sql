CREATE TABLE films (id INTEGER PRIMARY KEY NOT NULL, title TEXT NOT NULL);
CREATE TABLE actors (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
CREATE TABLE film_actor (
    film_id INTEGER NOT NULL REFERENCES films (id),
    actor_id INTEGER NOT NULL REFERENCES actors (id),
    billing INTEGER,
    PRIMARY KEY (film_id, actor_id)
);
CREATE INDEX film_actor_actor_id ON film_actor (actor_id, film_id);
