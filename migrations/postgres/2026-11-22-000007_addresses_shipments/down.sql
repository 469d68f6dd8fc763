DROP TABLE shipments;
DROP TABLE addresses;
