DROP TABLE "PlaylistTrack"; DROP TABLE "Playlist"; DROP TABLE "Track"; DROP TABLE "MediaType"; DROP TABLE "Album"; DROP TABLE "Genre";
