-- Full-text search over what a learner wrote: their answers and their stories (SQLite FTS5,
-- porter-stemmed like the bank's; another engine's full-text search takes its place behind
-- `db::search`). Triggers keep both indexes in step with every write, in the writing
-- statement's own transaction: an answer stored, a story saved or deleted, an account
-- deleted with everything in it. Only the indexes are written here; no learner row changes.

-- Answers: an index over attempts.answer_md that reads its text from attempts (external
-- content), so the answers are not stored twice. Its rowid is the attempt's id.
CREATE VIRTUAL TABLE answer_search USING fts5(
    answer_md,
    content = 'attempts',
    content_rowid = 'id',
    tokenize = 'porter unicode61'
);

CREATE TRIGGER answer_search_insert AFTER INSERT ON attempts BEGIN
    INSERT INTO answer_search (rowid, answer_md) VALUES (new.id, new.answer_md);
END;

CREATE TRIGGER answer_search_delete AFTER DELETE ON attempts BEGIN
    INSERT INTO answer_search (answer_search, rowid, answer_md)
    VALUES ('delete', old.id, old.answer_md);
END;

CREATE TRIGGER answer_search_update AFTER UPDATE OF answer_md ON attempts BEGIN
    INSERT INTO answer_search (answer_search, rowid, answer_md)
    VALUES ('delete', old.id, old.answer_md);
    INSERT INTO answer_search (rowid, answer_md) VALUES (new.id, new.answer_md);
END;

-- The answers already stored.
INSERT INTO answer_search (answer_search) VALUES ('rebuild');

-- Stories: the current version of each, one row per story (rowid = the story's id). A new
-- version replaces the story's row; deleting the story removes it.
CREATE VIRTUAL TABLE story_search USING fts5(
    title,
    body,
    tokenize = 'porter unicode61'
);

CREATE TRIGGER story_search_version AFTER INSERT ON story_versions BEGIN
    DELETE FROM story_search WHERE rowid = new.story_id;
    INSERT INTO story_search (rowid, title, body)
    VALUES (new.story_id, new.title,
            new.situation_md || char(10) || new.options_md || char(10) || new.decision_md
            || char(10) || new.result_md || char(10) || new.lessons_md);
END;

CREATE TRIGGER story_search_delete AFTER DELETE ON stories BEGIN
    DELETE FROM story_search WHERE rowid = old.id;
END;

-- The stories already stored, at their current versions.
INSERT INTO story_search (rowid, title, body)
SELECT v.story_id, v.title,
       v.situation_md || char(10) || v.options_md || char(10) || v.decision_md
       || char(10) || v.result_md || char(10) || v.lessons_md
FROM stories s
JOIN story_versions v ON v.story_id = s.id AND v.version = s.current_version;
