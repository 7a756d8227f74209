-- The question bank, loaded from content/ at every start-up.
-- Questions are never deleted: a question removed from content/ is marked retired so that
-- learners' attempts (added later) keep pointing at a real row. Portable SQL only: this schema
-- must also run on PostgreSQL.

CREATE TABLE questions (
    slug        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    position    INTEGER NOT NULL,
    prompt_html TEXT NOT NULL,
    answer_html TEXT NOT NULL,
    retired_at  TEXT
);

CREATE INDEX questions_by_level ON questions (level, position);

CREATE TABLE question_concepts (
    question_slug TEXT NOT NULL REFERENCES questions (slug) ON DELETE CASCADE,
    concept       TEXT NOT NULL,
    PRIMARY KEY (question_slug, concept)
);

CREATE INDEX question_concepts_by_concept ON question_concepts (concept, question_slug);

-- "What they're testing": the rubric of the practice loop, in the content's order.
CREATE TABLE rubric_items (
    question_slug TEXT NOT NULL REFERENCES questions (slug) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (question_slug, position)
);

CREATE TABLE key_terms (
    question_slug TEXT NOT NULL REFERENCES questions (slug) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    term          TEXT NOT NULL,
    PRIMARY KEY (question_slug, position)
);

-- Prose pages such as the study guide.
CREATE TABLE pages (
    slug      TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    body_html TEXT NOT NULL
);
