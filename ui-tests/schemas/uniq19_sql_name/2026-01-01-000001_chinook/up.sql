-- Chinook's spelling (tables and columns renamed by #[sql_name] in
-- schema.rs), with one mistake per column for the checker's messages to
-- name by their SQL names: "Track"."AlbumId" references "Genre", not
-- "Album"; "Track"."GenreId" is NOT NULL; "Track"."MediaTypeId" is TEXT;
-- "PlaylistTrack"."TrackId" references "Album".
CREATE TABLE "Genre" (
    "GenreId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT
);
CREATE TABLE "Album" (
    "AlbumId" INTEGER PRIMARY KEY NOT NULL,
    "Title" TEXT NOT NULL
);
CREATE TABLE "MediaType" (
    "MediaTypeId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT
);
CREATE TABLE "Track" (
    "TrackId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT NOT NULL,
    "AlbumId" INTEGER REFERENCES "Genre" ("GenreId"),
    "GenreId" INTEGER NOT NULL REFERENCES "Genre" ("GenreId"),
    "MediaTypeId" TEXT NOT NULL REFERENCES "MediaType" ("MediaTypeId")
);
CREATE TABLE "Playlist" (
    "PlaylistId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT
);
CREATE TABLE "PlaylistTrack" (
    "PlaylistId" INTEGER NOT NULL REFERENCES "Playlist" ("PlaylistId"),
    "TrackId" INTEGER NOT NULL REFERENCES "Album" ("AlbumId"),
    PRIMARY KEY ("PlaylistId", "TrackId")
);
