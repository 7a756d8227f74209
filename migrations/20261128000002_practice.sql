-- The practice loop: attempts at questions, what the learner ticked and rated, and the FSRS
-- memory state that decides when each question comes back. Every row belongs to a user and
-- goes with the account (ON DELETE CASCADE). Questions are referenced by slug: they are
-- retired, never deleted, so an attempt always points at a real question. Portable SQL:
-- times are Unix seconds in INTEGER columns, flags are 0/1 INTEGERs.

-- An interview date (YYYY-MM-DD), which raises the target retention as it approaches.
ALTER TABLE users ADD COLUMN interview_on TEXT;

CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_slug    TEXT NOT NULL REFERENCES questions (slug),
    -- Drawn by the server when it renders the answer form: a second submit of the same form
    -- finds the first row instead of writing another.
    client_token     TEXT NOT NULL,
    -- Markdown as written, line endings normalised; empty when the learner skipped writing.
    answer_md        TEXT NOT NULL,
    skipped          INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    timed            INTEGER NOT NULL CHECK (timed IN (0, 1)),
    started_at       INTEGER NOT NULL,
    submitted_at     INTEGER NOT NULL,
    duration_secs    INTEGER NOT NULL CHECK (duration_secs >= 0),
    -- The grade, set once when the learner saves the rubric and the rating. NULL until then:
    -- the answer itself is stored the moment it is submitted, so it is never lost.
    rating           INTEGER CHECK (rating BETWEEN 1 AND 4),
    suggested_rating INTEGER CHECK (suggested_rating BETWEEN 1 AND 4),
    rubric_total     INTEGER,
    graded_at        INTEGER,
    -- When the scheduler, at grading, said the question should come back.
    due_at           INTEGER,
    UNIQUE (user_id, client_token)
);

CREATE INDEX attempts_by_user_question ON attempts (user_id, question_slug, submitted_at);
CREATE INDEX attempts_by_user_time ON attempts (user_id, submitted_at);

-- The rubric items ticked at grading, with their text as it was then (content can change).
CREATE TABLE attempt_ticks (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    item       TEXT NOT NULL,
    PRIMARY KEY (attempt_id, position)
);

-- The question's key terms at submission, and whether the answer used each.
CREATE TABLE attempt_key_terms (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    term       TEXT NOT NULL,
    used       INTEGER NOT NULL CHECK (used IN (0, 1)),
    PRIMARY KEY (attempt_id, position)
);

-- FSRS memory per learner and question, updated by every rating.
CREATE TABLE review_states (
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_slug  TEXT NOT NULL REFERENCES questions (slug),
    stability      REAL NOT NULL,
    difficulty     REAL NOT NULL,
    last_review_at INTEGER NOT NULL,
    due_at         INTEGER NOT NULL,
    reviews        INTEGER NOT NULL,
    lapses         INTEGER NOT NULL,
    PRIMARY KEY (user_id, question_slug)
);

CREATE INDEX review_states_by_due ON review_states (user_id, due_at);
