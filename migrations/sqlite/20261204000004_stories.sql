-- The story bank: a learner's own stories ("a time you chose consistency"), every version of
-- each, the rehearsals of them and the FSRS memory that brings them back. All private to
-- their author: every row goes with the account (ON DELETE CASCADE). Portable SQL, as in the
-- practice migration: times are Unix seconds and flags 0/1, both BIGINT.

CREATE TABLE stories (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- consistency, availability, performance or other: the study guide's three kinds.
    kind            TEXT NOT NULL
        CHECK (kind IN ('consistency', 'availability', 'performance', 'other')),
    -- The newest row of story_versions: what the story says now.
    current_version BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE INDEX stories_by_user ON stories (user_id, updated_at);

-- The concepts a story shows, as the bank's concepts are tagged.
CREATE TABLE story_concepts (
    story_id BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    concept  TEXT NOT NULL,
    PRIMARY KEY (story_id, concept)
);

-- Every version of a story's text, the first included: an edit adds a row and never
-- rewrites one, so the text it replaced is kept. Markdown as written, with its rendering.
CREATE TABLE story_versions (
    story_id       BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    version        BIGINT NOT NULL,
    title          TEXT NOT NULL,
    situation_md   TEXT NOT NULL,
    options_md     TEXT NOT NULL,
    decision_md    TEXT NOT NULL,
    result_md      TEXT NOT NULL,
    lessons_md     TEXT NOT NULL,
    situation_html TEXT NOT NULL,
    options_html   TEXT NOT NULL,
    decision_html  TEXT NOT NULL,
    result_html    TEXT NOT NULL,
    lessons_html   TEXT NOT NULL,
    saved_at       BIGINT NOT NULL,
    PRIMARY KEY (story_id, version)
);

-- A story told against the clock and graded with the story rubric, in one post. The form's
-- token makes a second post of the same form find the first row.
CREATE TABLE story_rehearsals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    story_id      BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    -- The version told.
    version       BIGINT NOT NULL,
    -- The level-4 question it was told for, if it was offered there.
    question_slug TEXT REFERENCES questions (slug),
    client_token  TEXT NOT NULL,
    -- The learner's notes on how it went; optional.
    notes_md      TEXT NOT NULL,
    timed         BIGINT NOT NULL CHECK (timed IN (0, 1)),
    started_at    BIGINT NOT NULL,
    submitted_at  BIGINT NOT NULL,
    duration_secs BIGINT NOT NULL CHECK (duration_secs >= 0),
    rating        BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 4),
    rubric_total  BIGINT NOT NULL,
    due_at        BIGINT NOT NULL,
    UNIQUE (user_id, client_token)
);

CREATE INDEX story_rehearsals_by_story ON story_rehearsals (story_id, submitted_at);

-- The story rubric's items ticked, with their text as it was then.
CREATE TABLE story_rehearsal_ticks (
    rehearsal_id BIGINT NOT NULL REFERENCES story_rehearsals (id) ON DELETE CASCADE,
    position     BIGINT NOT NULL,
    item         TEXT NOT NULL,
    PRIMARY KEY (rehearsal_id, position)
);

-- FSRS memory per story, as review_states is per learner and question.
CREATE TABLE story_review_states (
    story_id       BIGINT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stability      DOUBLE PRECISION NOT NULL,
    difficulty     DOUBLE PRECISION NOT NULL,
    last_review_at BIGINT NOT NULL,
    due_at         BIGINT NOT NULL,
    reviews        BIGINT NOT NULL,
    lapses         BIGINT NOT NULL
);

CREATE INDEX story_review_states_by_due ON story_review_states (user_id, due_at);
