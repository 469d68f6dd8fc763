ALTER TABLE cfk_notes DROP CONSTRAINT cfk_notes_others_fk;
