DROP TABLE jn_film_directors;
DROP TABLE jn_film_actors;
DROP TABLE jn_follows;
DROP TABLE jn_films;
DROP TABLE jn_people;
