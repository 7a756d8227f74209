-- Deeper questions: further reading under every strong answer, and incident drills whose
-- steps unfold one reveal at a time. Content only, rewritten from content/ at every start-up;
-- no learner data is touched.

-- "Further reading", rendered from the content's Markdown list of sources.
ALTER TABLE questions ADD COLUMN reading_html TEXT NOT NULL DEFAULT '';

-- The steps of an incident drill, in order: what the learner sees, then the reveal.
CREATE TABLE question_steps (
    question_slug  TEXT NOT NULL REFERENCES questions (slug) ON DELETE CASCADE,
    position       BIGINT NOT NULL,
    title          TEXT NOT NULL,
    situation_html TEXT NOT NULL,
    reveal_html    TEXT NOT NULL,
    PRIMARY KEY (question_slug, position)
);
