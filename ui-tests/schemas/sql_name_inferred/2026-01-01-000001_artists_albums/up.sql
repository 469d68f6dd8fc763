-- Chinook's spelling: tables and columns renamed by #[sql_name] in schema.rs.
-- "Album" has one foreign key to "Artist", so Artist.albums may name none.
CREATE TABLE "Artist" (
    "ArtistId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT
);

CREATE TABLE "Album" (
    "AlbumId" INTEGER PRIMARY KEY NOT NULL,
    "Title" TEXT NOT NULL,
    "ArtistId" INTEGER NOT NULL REFERENCES "Artist" ("ArtistId")
);
