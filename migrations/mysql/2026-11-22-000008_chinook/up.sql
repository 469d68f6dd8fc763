-- A Chinook-shaped schema (Chinook's table and column names, the columns the models read): a self-referential foreign key (Employee.ReportsTo), two foreign keys into Employee, an association object (InvoiceLine) and a plain association table (PlaylistTrack).
CREATE TABLE `Artist` (
    `ArtistId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `Name` VARCHAR(255)
) ENGINE=InnoDB;

CREATE TABLE `Album` (
    `AlbumId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `Title` VARCHAR(255) NOT NULL,
    `ArtistId` INTEGER NOT NULL,
    FOREIGN KEY (`ArtistId`) REFERENCES `Artist` (`ArtistId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_AlbumArtistId` ON `Album` (`ArtistId`);

CREATE TABLE `Employee` (
    `EmployeeId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `LastName` VARCHAR(255) NOT NULL,
    `FirstName` VARCHAR(255) NOT NULL,
    `Title` VARCHAR(255),
    `ReportsTo` INTEGER,
    FOREIGN KEY (`ReportsTo`) REFERENCES `Employee` (`EmployeeId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_EmployeeReportsTo` ON `Employee` (`ReportsTo`);

CREATE TABLE `Customer` (
    `CustomerId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `FirstName` VARCHAR(255) NOT NULL,
    `LastName` VARCHAR(255) NOT NULL,
    `Email` VARCHAR(255) NOT NULL,
    `SupportRepId` INTEGER,
    FOREIGN KEY (`SupportRepId`) REFERENCES `Employee` (`EmployeeId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_CustomerSupportRepId` ON `Customer` (`SupportRepId`);

CREATE TABLE `Invoice` (
    `InvoiceId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `CustomerId` INTEGER NOT NULL,
    `BillingCity` VARCHAR(255),
    FOREIGN KEY (`CustomerId`) REFERENCES `Customer` (`CustomerId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_InvoiceCustomerId` ON `Invoice` (`CustomerId`);

CREATE TABLE `Track` (
    `TrackId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `Name` VARCHAR(255) NOT NULL,
    `AlbumId` INTEGER,
    `Milliseconds` INTEGER NOT NULL,
    FOREIGN KEY (`AlbumId`) REFERENCES `Album` (`AlbumId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_TrackAlbumId` ON `Track` (`AlbumId`);

CREATE TABLE `InvoiceLine` (
    `InvoiceLineId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `InvoiceId` INTEGER NOT NULL,
    `TrackId` INTEGER NOT NULL,
    `UnitPrice` DOUBLE NOT NULL,
    `Quantity` INTEGER NOT NULL,
    FOREIGN KEY (`InvoiceId`) REFERENCES `Invoice` (`InvoiceId`),
    FOREIGN KEY (`TrackId`) REFERENCES `Track` (`TrackId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_InvoiceLineInvoiceId` ON `InvoiceLine` (`InvoiceId`);
CREATE INDEX `IFK_InvoiceLineTrackId` ON `InvoiceLine` (`TrackId`);

CREATE TABLE `Playlist` (
    `PlaylistId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `Name` VARCHAR(255)
) ENGINE=InnoDB;

CREATE TABLE `PlaylistTrack` (
    `PlaylistId` INTEGER NOT NULL,
    `TrackId` INTEGER NOT NULL,
    PRIMARY KEY (`PlaylistId`, `TrackId`),
    FOREIGN KEY (`PlaylistId`) REFERENCES `Playlist` (`PlaylistId`),
    FOREIGN KEY (`TrackId`) REFERENCES `Track` (`TrackId`)
) ENGINE=InnoDB;

CREATE INDEX `IFK_PlaylistTrackTrackId` ON `PlaylistTrack` (`TrackId`, `PlaylistId`);
