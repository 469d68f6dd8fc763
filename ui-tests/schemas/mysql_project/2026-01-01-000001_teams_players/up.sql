-- A MySQL application's migration, as mysqldump or a hand would write it.
CREATE TABLE `teams` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(100) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `teams_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `players` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `team_id` INT NOT NULL,
  `captain_of` INT NULL,
  `score` INT NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  KEY `players_team_id` (`team_id`),
  UNIQUE KEY `players_captain_of` (`captain_of`),
  CONSTRAINT `players_team_id_fk` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE `players` ADD CONSTRAINT `players_captain_of_fk`
  FOREIGN KEY (`captain_of`) REFERENCES `teams` (`id`);
