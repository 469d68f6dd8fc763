DROP TABLE `cfk_notes`; DROP TABLE `cfk_others`; DROP TABLE `cfk_lines`;
