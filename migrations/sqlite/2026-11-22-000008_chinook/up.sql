-- A Chinook-shaped schema (Chinook's table and column names, the columns the models read): a self-referential foreign key (Employee.ReportsTo), two foreign keys into Employee, an association object (InvoiceLine) and a plain association table (PlaylistTrack).
CREATE TABLE "Artist" (
    "ArtistId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT
);

CREATE TABLE "Album" (
    "AlbumId" INTEGER PRIMARY KEY NOT NULL,
    "Title" TEXT NOT NULL,
    "ArtistId" INTEGER NOT NULL,
    FOREIGN KEY ("ArtistId") REFERENCES "Artist" ("ArtistId")
);

CREATE INDEX "IFK_AlbumArtistId" ON "Album" ("ArtistId");

CREATE TABLE "Employee" (
    "EmployeeId" INTEGER PRIMARY KEY NOT NULL,
    "LastName" TEXT NOT NULL,
    "FirstName" TEXT NOT NULL,
    "Title" TEXT,
    "ReportsTo" INTEGER,
    FOREIGN KEY ("ReportsTo") REFERENCES "Employee" ("EmployeeId")
);

CREATE INDEX "IFK_EmployeeReportsTo" ON "Employee" ("ReportsTo");

CREATE TABLE "Customer" (
    "CustomerId" INTEGER PRIMARY KEY NOT NULL,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "Email" TEXT NOT NULL,
    "SupportRepId" INTEGER,
    FOREIGN KEY ("SupportRepId") REFERENCES "Employee" ("EmployeeId")
);

CREATE INDEX "IFK_CustomerSupportRepId" ON "Customer" ("SupportRepId");

CREATE TABLE "Invoice" (
    "InvoiceId" INTEGER PRIMARY KEY NOT NULL,
    "CustomerId" INTEGER NOT NULL,
    "BillingCity" TEXT,
    FOREIGN KEY ("CustomerId") REFERENCES "Customer" ("CustomerId")
);

CREATE INDEX "IFK_InvoiceCustomerId" ON "Invoice" ("CustomerId");

CREATE TABLE "Track" (
    "TrackId" INTEGER PRIMARY KEY NOT NULL,
    "Name" TEXT NOT NULL,
    "AlbumId" INTEGER,
    "Milliseconds" INTEGER NOT NULL,
    FOREIGN KEY ("AlbumId") REFERENCES "Album" ("AlbumId")
);

CREATE INDEX "IFK_TrackAlbumId" ON "Track" ("AlbumId");

CREATE TABLE "InvoiceLine" (
    "InvoiceLineId" INTEGER PRIMARY KEY NOT NULL,
    "InvoiceId" INTEGER NOT NULL,
    "TrackId" INTEGER NOT NULL,
    "UnitPrice" NUMERIC(10,2) NOT NULL,
    "Quantity" INTEGER NOT NULL,
    FOREIGN KEY ("InvoiceId") REFERENCES "Invoice" ("InvoiceId"),
    FOREIGN KEY ("TrackId") REFERENCES "Track" ("TrackId")
);

CREATE INDEX "IFK_InvoiceLineInvoiceId" ON "InvoiceLine" ("InvoiceId");
CREATE INDEX "IFK_InvoiceLineTrackId" ON "InvoiceLine" ("TrackId");

CREATE TABLE "Playlist" (
    "PlaylistId" INTEGER PRIMARY KEY NOT NULL,
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
