DROP INDEX posts_tags_tag_id;
ALTER TABLE posts_tags DROP CONSTRAINT posts_tags_tag_id_fkey, DROP CONSTRAINT posts_tags_post_id_fkey;
ALTER TABLE posts DROP CONSTRAINT posts_editor_id_fkey;
ALTER TABLE posts DROP CONSTRAINT posts_author_id_fkey;
