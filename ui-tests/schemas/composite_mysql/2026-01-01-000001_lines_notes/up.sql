-- A MySQL application's migration: backticks, KEY inside CREATE TABLE,
-- ENGINE=InnoDB, composite foreign keys in CREATE and ALTER TABLE.
CREATE TABLE `cfk_lines` (
  `order_id` INT NOT NULL AUTO_INCREMENT,
  `line_no` INT NOT NULL,
  `item` VARCHAR(100) NOT NULL,
  PRIMARY KEY (`order_id`, `line_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `cfk_others` (
  `a` INT NOT NULL,
  `b` INT NOT NULL,
  PRIMARY KEY (`a`, `b`)
) ENGINE=InnoDB;

CREATE TABLE `cfk_notes` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `order_id` INT NOT NULL,
  `line_no` INT NOT NULL,
  `see_order_id` INT NULL,
  `see_line_no` INT NULL,
  `other_a` INT NOT NULL,
  `other_b` INT NOT NULL,
  PRIMARY KEY (`id`),
  KEY `cfk_notes_line` (`order_id`, `line_no`),
  CONSTRAINT `cfk_notes_line_fk` FOREIGN KEY (`order_id`, `line_no`) REFERENCES `cfk_lines` (`order_id`, `line_no`),
  CONSTRAINT `cfk_notes_see_fk` FOREIGN KEY (`see_line_no`, `see_order_id`) REFERENCES `cfk_lines` (`line_no`, `order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE `cfk_notes` ADD CONSTRAINT `cfk_notes_others_fk`
  FOREIGN KEY (`other_a`, `other_b`) REFERENCES `cfk_others` (`a`, `b`);
