DROP TABLE ccs_logs;
DROP TABLE ccs_marks;
DROP TABLE ccs_lines;
DROP TABLE ccs_orders;
