DROP TABLE club_badges;
DROP TABLE club_members;
DROP TABLE clubs;
