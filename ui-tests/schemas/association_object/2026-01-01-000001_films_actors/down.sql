DROP TABLE film_actor; DROP TABLE actors; DROP TABLE films;
