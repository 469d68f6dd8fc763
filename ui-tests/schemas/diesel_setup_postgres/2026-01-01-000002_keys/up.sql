ALTER TABLE posts ADD CONSTRAINT posts_author_id_fkey
    FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE posts ADD CONSTRAINT posts_editor_id_fkey
    FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE posts_tags
    ADD CONSTRAINT posts_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id),
    ADD CONSTRAINT posts_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id);
CREATE INDEX posts_tags_tag_id ON posts_tags (tag_id);
