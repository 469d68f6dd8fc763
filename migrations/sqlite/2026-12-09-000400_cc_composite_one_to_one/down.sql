DROP TABLE cc_seals;
DROP TABLE cc_stamps;
DROP TABLE cc_notes;
DROP TABLE cc_ticks;
DROP TABLE cc_sheets;
DROP TABLE cc_orders;
