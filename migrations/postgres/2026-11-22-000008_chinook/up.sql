-- A Chinook-shaped schema (Chinook's table and column names, the columns the models read): a self-referential foreign key (Employee.ReportsTo), two foreign keys into Employee, an association object (InvoiceLine) and a plain association table (PlaylistTrack).
CREATE TABLE "Artist" (
    "ArtistId" SERIAL PRIMARY KEY,
    "Name" TEXT
);

CREATE TABLE "Album" (
    "AlbumId" SERIAL PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "ArtistId" INTEGER NOT NULL,
    FOREIGN KEY ("ArtistId") REFERENCES "Artist" ("ArtistId")
);

CREATE INDEX "IFK_AlbumArtistId" ON "Album" ("ArtistId");

CREATE TABLE "Employee" (
    "EmployeeId" SERIAL PRIMARY KEY,
    "LastName" TEXT NOT NULL,
    "FirstName" TEXT NOT NULL,
    "Title" TEXT,
    "ReportsTo" INTEGER,
    FOREIGN KEY ("ReportsTo") REFERENCES "Employee" ("EmployeeId")
);

CREATE INDEX "IFK_EmployeeReportsTo" ON "Employee" ("ReportsTo");

CREATE TABLE "Customer" (
    "CustomerId" SERIAL PRIMARY KEY,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "Email" TEXT NOT NULL,
    "SupportRepId" INTEGER,
    FOREIGN KEY ("SupportRepId") REFERENCES "Employee" ("EmployeeId")
);

CREATE INDEX "IFK_CustomerSupportRepId" ON "Customer" ("SupportRepId");

CREATE TABLE "Invoice" (
    "InvoiceId" SERIAL PRIMARY KEY,
    "CustomerId" INTEGER NOT NULL,
    "BillingCity" TEXT,
    FOREIGN KEY ("CustomerId") REFERENCES "Customer" ("CustomerId")
);

CREATE INDEX "IFK_InvoiceCustomerId" ON "Invoice" ("CustomerId");

CREATE TABLE "Track" (
    "TrackId" SERIAL PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "AlbumId" INTEGER,
    "Milliseconds" INTEGER NOT NULL,
    FOREIGN KEY ("AlbumId") REFERENCES "Album" ("AlbumId")
);

CREATE INDEX "IFK_TrackAlbumId" ON "Track" ("AlbumId");

CREATE TABLE "InvoiceLine" (
    "InvoiceLineId" SERIAL PRIMARY KEY,
    "InvoiceId" INTEGER NOT NULL,
    "TrackId" INTEGER NOT NULL,
    "UnitPrice" DOUBLE PRECISION NOT NULL,
    "Quantity" INTEGER NOT NULL,
    FOREIGN KEY ("InvoiceId") REFERENCES "Invoice" ("InvoiceId"),
    FOREIGN KEY ("TrackId") REFERENCES "Track" ("TrackId")
);

CREATE INDEX "IFK_InvoiceLineInvoiceId" ON "InvoiceLine" ("InvoiceId");
CREATE INDEX "IFK_InvoiceLineTrackId" ON "InvoiceLine" ("TrackId");

CREATE TABLE "Playlist" (
    "PlaylistId" SERIAL PRIMARY KEY,
    "Name" TEXT
);

CREATE TABLE "PlaylistTrack" (
    "PlaylistId" INTEGER NOT NULL,
    "TrackId" INTEGER NOT NULL,
    PRIMARY KEY ("PlaylistId", "TrackId"),
    FOREIGN KEY ("PlaylistId") REFERENCES "Playlist" ("PlaylistId"),
    FOREIGN KEY ("TrackId") REFERENCES "Track" ("TrackId")
);

CREATE INDEX "IFK_PlaylistTrackTrackId" ON "PlaylistTrack" ("TrackId", "PlaylistId");
