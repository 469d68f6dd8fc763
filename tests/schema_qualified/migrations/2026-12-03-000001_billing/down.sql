DROP TABLE billing.refunds; DROP TABLE sq_notes; DROP TABLE billing.customer_tags; DROP TABLE sq_tags; DROP TABLE billing.invoices; DROP TABLE billing.customers; DROP SCHEMA billing;
