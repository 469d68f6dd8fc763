-- MySQL style: backticks, CONSTRAINT .. FOREIGN KEY inside CREATE TABLE.
CREATE TABLE `cm2_lines` (
  `order_id` INT NOT NULL,
  `line_no` INT NOT NULL,
  `item` VARCHAR(100) NOT NULL,
  PRIMARY KEY (`order_id`, `line_no`)
) ENGINE=InnoDB;
CREATE TABLE `cm2_others` (
  `a` INT NOT NULL,
  `b` INT NOT NULL,
  PRIMARY KEY (`a`, `b`)
) ENGINE=InnoDB;
CREATE TABLE `cm2_tags` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(100) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cm2_line_tags` (
  `order_id` INT NOT NULL,
  `line_no` INT NOT NULL,
  `tag_id` INT NOT NULL,
  PRIMARY KEY (`order_id`, `line_no`, `tag_id`),
  CONSTRAINT `cm2_line_tags_line_fk` FOREIGN KEY (`order_id`, `line_no`) REFERENCES `cm2_lines` (`order_id`, `line_no`),
  CONSTRAINT `cm2_line_tags_tag_fk` FOREIGN KEY (`tag_id`) REFERENCES `cm2_tags` (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cm2_other_tags` (
  `order_id` INT NOT NULL,
  `line_no` INT NOT NULL,
  `tag_id` INT NOT NULL,
  PRIMARY KEY (`order_id`, `line_no`, `tag_id`),
  CONSTRAINT `cm2_other_tags_fk` FOREIGN KEY (`order_id`, `line_no`) REFERENCES `cm2_others` (`a`, `b`)
) ENGINE=InnoDB;
CREATE TABLE `cm2_line_pairs` (
  `from_order_id` INT NOT NULL,
  `from_line_no` INT NOT NULL,
  `to_order_id` INT NOT NULL,
  `to_line_no` INT NOT NULL,
  PRIMARY KEY (`from_order_id`, `from_line_no`, `to_order_id`, `to_line_no`),
  CONSTRAINT `cm2_line_pairs_from_fk` FOREIGN KEY (`from_order_id`, `from_line_no`) REFERENCES `cm2_lines` (`order_id`, `line_no`),
  CONSTRAINT `cm2_line_pairs_to_fk` FOREIGN KEY (`to_order_id`, `to_line_no`) REFERENCES `cm2_lines` (`order_id`, `line_no`)
) ENGINE=InnoDB;
