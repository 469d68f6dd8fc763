DROP TABLE `players`;
DROP TABLE `teams`;
