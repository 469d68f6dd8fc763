DROP TABLE favourites;
DROP TABLE association;
DROP TABLE children;
DROP TABLE parents;
