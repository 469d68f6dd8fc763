-- A foreign key to a UNIQUE column that is not the primary key, between
-- tables whose SQL names are not their Rust names (`#[sql_name]`):
-- "E19Shop"."RegionCode" references "E19Region"."Code".
CREATE TABLE "E19Region" (
    "RegionId" SERIAL PRIMARY KEY,
    "Code" TEXT NOT NULL UNIQUE,
    "Name" TEXT NOT NULL
);

CREATE TABLE "E19Shop" (
    "ShopId" SERIAL PRIMARY KEY,
    "RegionCode" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    FOREIGN KEY ("RegionCode") REFERENCES "E19Region" ("Code")
);

CREATE INDEX "E19ShopRegionCode" ON "E19Shop" ("RegionCode");
