DROP TABLE posts_tags;
DROP TABLE tags;
DROP TABLE posts;
DROP TABLE users;
DROP TYPE post_status;
