DROP TABLE "Album";
DROP TABLE "Artist";
