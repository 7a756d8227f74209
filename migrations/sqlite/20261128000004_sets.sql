-- Practice sets: an ordered list of questions a learner curates and shares with peers by
-- link. Portable SQL, as in the practice migration: times are Unix seconds and flags 0/1,
-- both BIGINT. Everything a learner stores here goes with their account (ON DELETE CASCADE);
-- a set goes with its owner.

CREATE TABLE practice_sets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    -- Markdown as written; rendered through the same safe pipeline as answers.
    description_md TEXT NOT NULL,
    -- YYYY-MM-DD, if the owner set one.
    due_on         TEXT,
    -- The share link's secret: 128 bits from the operating system's random source, URL-safe
    -- base64. NULL while the set is not shared. Revoking clears it, so the old link finds
    -- nothing from that moment; sharing again draws a new one.
    share_token    TEXT UNIQUE,
    -- Bumped by every change to the question list. A move names the version it was made
    -- against, so a reorder made on a stale page is refused instead of applied to a list the
    -- learner did not see.
    list_version   BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE INDEX practice_sets_by_owner ON practice_sets (owner_id, created_at);

-- The questions of a set, in order. Questions are retired, never deleted, so the slug
-- always names a real question.
CREATE TABLE set_questions (
    set_id        BIGINT NOT NULL REFERENCES practice_sets (id) ON DELETE CASCADE,
    question_slug TEXT NOT NULL REFERENCES questions (slug),
    position      BIGINT NOT NULL,
    PRIMARY KEY (set_id, question_slug)
);

-- Who is in a set: the owner from the start, and everyone who joined through its link.
-- Progress is private until the member opts in for this set.
CREATE TABLE set_members (
    set_id          BIGINT NOT NULL REFERENCES practice_sets (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at       BIGINT NOT NULL,
    shares_progress BIGINT NOT NULL DEFAULT 0 CHECK (shares_progress IN (0, 1)),
    PRIMARY KEY (set_id, user_id)
);

CREATE INDEX set_members_by_user ON set_members (user_id, joined_at);

-- Answers their authors shared with a set for peer review. An answer nobody shared is
-- never shown to anyone but its author.
CREATE TABLE shared_answers (
    set_id     BIGINT NOT NULL REFERENCES practice_sets (id) ON DELETE CASCADE,
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    shared_at  BIGINT NOT NULL,
    PRIMARY KEY (set_id, attempt_id)
);

-- Deleting an attempt (or an account's attempts) finds its shares through this.
CREATE INDEX shared_answers_by_attempt ON shared_answers (attempt_id);

-- A member's review of a shared answer: the rubric items they saw in it and a comment.
-- One review per reviewer and answer; the first one stands.
CREATE TABLE peer_reviews (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id       BIGINT NOT NULL,
    attempt_id   BIGINT NOT NULL,
    reviewer_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rubric_total BIGINT NOT NULL,
    comment      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    FOREIGN KEY (set_id, attempt_id)
        REFERENCES shared_answers (set_id, attempt_id) ON DELETE CASCADE,
    UNIQUE (set_id, attempt_id, reviewer_id)
);

-- An attempt's reviews (its page, its deletion) and a reviewer's (their account's deletion).
CREATE INDEX peer_reviews_by_attempt ON peer_reviews (attempt_id);
CREATE INDEX peer_reviews_by_reviewer ON peer_reviews (reviewer_id);

-- The rubric items a reviewer ticked, with their text as it was then.
CREATE TABLE peer_review_ticks (
    review_id BIGINT NOT NULL REFERENCES peer_reviews (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    item      TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);
