-- Stories shared with a practice set for peer review, as answers are (shared_answers,
-- peer_reviews). A story nobody shared is never shown to anyone but its author, and members
-- see the version that was shared: a later edit stays the author's until they share the
-- story again. Everything goes with the set, the story or the reviewer's account
-- (ON DELETE CASCADE).

CREATE TABLE shared_stories (
    set_id    BIGINT NOT NULL REFERENCES practice_sets (id) ON DELETE CASCADE,
    story_id  BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    -- The version members read (a row of story_versions).
    version   BIGINT NOT NULL,
    shared_at BIGINT NOT NULL,
    PRIMARY KEY (set_id, story_id)
);

-- Deleting a story (or an account's stories) finds its shares through this.
CREATE INDEX shared_stories_by_story ON shared_stories (story_id);

-- A member's review of a shared story with the story rubric: the items they heard in it,
-- the version they read, and a comment. One review per reviewer and story in a set; the
-- first one stands.
CREATE TABLE story_reviews (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id       BIGINT NOT NULL,
    story_id     BIGINT NOT NULL,
    reviewer_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    rubric_total BIGINT NOT NULL,
    comment      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    FOREIGN KEY (set_id, story_id)
        REFERENCES shared_stories (set_id, story_id) ON DELETE CASCADE,
    UNIQUE (set_id, story_id, reviewer_id)
);

CREATE INDEX story_reviews_by_story ON story_reviews (story_id);
CREATE INDEX story_reviews_by_reviewer ON story_reviews (reviewer_id);

-- The story rubric's items a reviewer ticked, with their text as it was then.
CREATE TABLE story_review_ticks (
    review_id BIGINT NOT NULL REFERENCES story_reviews (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    item      TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);
