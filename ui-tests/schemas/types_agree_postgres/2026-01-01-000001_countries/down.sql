DROP TABLE cities_countries; DROP TABLE cities; DROP TABLE regions; DROP TABLE countries;
