DROP TABLE charges;
DROP TABLE accounts;
DROP TABLE staff_members;
DROP TABLE staff;
