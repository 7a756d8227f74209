-- Full-text search over the bank (SQLite FTS5; another engine's full-text search takes its
-- place behind `db::search`). One row per question, rewritten from content/ at every start-up
-- in the same transaction as the questions: content, never learner data. Porter stemming
-- makes "idempotent" find "idempotency".
CREATE VIRTUAL TABLE question_search USING fts5(
    slug UNINDEXED,
    title,
    key_terms,
    subtopics,
    rubric,
    prompt,
    answer,
    notes,
    tokenize = 'porter unicode61'
);
