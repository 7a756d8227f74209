-- The practice loop: attempts at questions, what the learner ticked and rated, and the FSRS
-- memory state that decides when each question comes back. Every row belongs to a user and
-- goes with the account (ON DELETE CASCADE). Questions are referenced by slug: they are
-- retired, never deleted, so an attempt always points at a real question. Portable SQL:
-- times are Unix seconds and flags 0/1, both BIGINT (64-bit on PostgreSQL too, where
-- INTEGER is 32-bit and would end in 2038); FSRS state is DOUBLE PRECISION.

-- An interview date (YYYY-MM-DD), which raises the target retention as it approaches.
ALTER TABLE users ADD COLUMN interview_on TEXT;

CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_slug    TEXT NOT NULL REFERENCES questions (slug),
    -- The answer form's token (drawn by the server when it renders the form) with a digest
    -- of what was posted: a second submit of the same form and text finds the first row
    -- instead of writing another.
    client_token     TEXT NOT NULL,
    -- Markdown as written, line endings normalised; empty when the learner skipped writing.
    answer_md        TEXT NOT NULL,
    skipped          BIGINT NOT NULL CHECK (skipped IN (0, 1)),
    timed            BIGINT NOT NULL CHECK (timed IN (0, 1)),
    started_at       BIGINT NOT NULL,
    submitted_at     BIGINT NOT NULL,
    duration_secs    BIGINT NOT NULL CHECK (duration_secs >= 0),
    -- The grade, set once when the learner saves the rubric and the rating. NULL until then:
    -- the answer itself is stored the moment it is submitted, so it is never lost.
    rating           BIGINT CHECK (rating BETWEEN 1 AND 4),
    suggested_rating BIGINT CHECK (suggested_rating BETWEEN 1 AND 4),
    rubric_total     BIGINT,
    graded_at        BIGINT,
    -- When the scheduler, at grading, said the question should come back.
    due_at           BIGINT,
    UNIQUE (user_id, client_token)
);

CREATE INDEX attempts_by_user_question ON attempts (user_id, question_slug, submitted_at);
CREATE INDEX attempts_by_user_time ON attempts (user_id, submitted_at);

-- The rubric items ticked at grading, with their text as it was then (content can change).
CREATE TABLE attempt_ticks (
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    item       TEXT NOT NULL,
    PRIMARY KEY (attempt_id, position)
);

-- The question's key terms at submission, and whether the answer used each.
CREATE TABLE attempt_key_terms (
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    term       TEXT NOT NULL,
    used       BIGINT NOT NULL CHECK (used IN (0, 1)),
    PRIMARY KEY (attempt_id, position)
);

-- FSRS memory per learner and question, updated by every rating.
CREATE TABLE review_states (
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_slug  TEXT NOT NULL REFERENCES questions (slug),
    stability      DOUBLE PRECISION NOT NULL,
    difficulty     DOUBLE PRECISION NOT NULL,
    last_review_at BIGINT NOT NULL,
    due_at         BIGINT NOT NULL,
    reviews        BIGINT NOT NULL,
    lapses         BIGINT NOT NULL,
    PRIMARY KEY (user_id, question_slug)
);

CREATE INDEX review_states_by_due ON review_states (user_id, due_at);
