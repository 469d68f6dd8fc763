-- A foreign key to a UNIQUE column that is not the primary key, between
-- tables whose SQL names are not their Rust names (`#[sql_name]`):
-- `E19Shop`.`RegionCode` references `E19Region`.`Code`.
CREATE TABLE `E19Region` (
    `RegionId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `Code` VARCHAR(32) NOT NULL UNIQUE,
    `Name` VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE `E19Shop` (
    `ShopId` INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `RegionCode` VARCHAR(32) NOT NULL,
    `Name` VARCHAR(255) NOT NULL,
    FOREIGN KEY (`RegionCode`) REFERENCES `E19Region` (`Code`)
) ENGINE=InnoDB;

CREATE INDEX `E19ShopRegionCode` ON `E19Shop` (`RegionCode`);
