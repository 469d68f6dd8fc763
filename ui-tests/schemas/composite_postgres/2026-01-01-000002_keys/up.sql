ALTER TABLE cfk_notes ADD CONSTRAINT cfk_notes_line_fk
  FOREIGN KEY (order_id, line_no) REFERENCES cfk_lines (order_id, line_no) ON DELETE CASCADE;
ALTER TABLE cfk_notes ADD FOREIGN KEY (see_line_no, see_order_id) REFERENCES cfk_lines (line_no, order_id);
-- Added, then dropped again: not evidence.
ALTER TABLE cfk_notes ADD CONSTRAINT cfk_notes_other_fk
  FOREIGN KEY (other_a, other_b) REFERENCES cfk_lines (order_id, line_no);
ALTER TABLE cfk_notes DROP CONSTRAINT cfk_notes_other_fk;
ALTER TABLE cfk_notes ADD CONSTRAINT cfk_notes_others_fk
  FOREIGN KEY (other_a, other_b) REFERENCES cfk_others (a, b);
