DROP TABLE summaries;
DROP TABLE ledgers;
