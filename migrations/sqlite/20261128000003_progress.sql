-- Progress dashboards: the learner's time zone, and two small roll-ups kept up to date in the
-- same transactions that store attempts and grades, so a dashboard reads a few hundred rows
-- however many attempts there are. Both roll-ups are derived data: the backfill below builds
-- them from the attempts already stored (without a time zone, days are UTC days), and no
-- learner row is changed.

-- An IANA time zone name such as Europe/Berlin; NULL until the learner or their browser sets it.
ALTER TABLE users ADD COLUMN time_zone TEXT;

-- One row per learner and local calendar day (days since 1970-01-01 in the learner's time
-- zone when the attempt was saved): answers submitted, seconds spent, and the grades given.
CREATE TABLE daily_activity (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day      BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    seconds  BIGINT NOT NULL DEFAULT 0,
    again    BIGINT NOT NULL DEFAULT 0,
    hard     BIGINT NOT NULL DEFAULT 0,
    good     BIGINT NOT NULL DEFAULT 0,
    easy     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
);

-- One row per learner and question ever answered: how often, when last, the last grade, and
-- the calibration counts (a grade of Good or Easy, and how often the next grade was Again).
CREATE TABLE question_progress (
    user_id               BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_slug         TEXT NOT NULL REFERENCES questions (slug),
    attempts              BIGINT NOT NULL DEFAULT 0,
    last_attempt_at       BIGINT NOT NULL,
    last_rating           BIGINT CHECK (last_rating BETWEEN 1 AND 4),
    last_graded_at        BIGINT,
    confident_followed    BIGINT NOT NULL DEFAULT 0,
    again_after_confident BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, question_slug)
);

-- The latest grades, newest first.
CREATE INDEX attempts_by_user_graded ON attempts (user_id, graded_at);

-- Backfill from the attempts already stored.
INSERT INTO daily_activity (user_id, day, attempts, seconds)
SELECT user_id, submitted_at / 86400, COUNT(*), SUM(duration_secs)
FROM attempts
GROUP BY user_id, submitted_at / 86400;

INSERT INTO daily_activity (user_id, day, again, hard, good, easy)
SELECT user_id, graded_at / 86400,
       SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END),
       SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END)
FROM attempts
WHERE rating IS NOT NULL
GROUP BY user_id, graded_at / 86400
ON CONFLICT (user_id, day) DO UPDATE SET
    again = excluded.again,
    hard = excluded.hard,
    good = excluded.good,
    easy = excluded.easy;

INSERT INTO question_progress (user_id, question_slug, attempts, last_attempt_at)
SELECT user_id, question_slug, COUNT(*), MAX(submitted_at)
FROM attempts
GROUP BY user_id, question_slug;

-- The last grade, and each grade paired with the one before it, in grading order.
UPDATE question_progress SET
    last_rating = (
        SELECT a.rating FROM attempts a
        WHERE a.user_id = question_progress.user_id
          AND a.question_slug = question_progress.question_slug
          AND a.rating IS NOT NULL
        ORDER BY a.graded_at DESC, a.id DESC
        LIMIT 1),
    last_graded_at = (
        SELECT MAX(a.graded_at) FROM attempts a
        WHERE a.user_id = question_progress.user_id
          AND a.question_slug = question_progress.question_slug);

UPDATE question_progress SET
    confident_followed = (
        SELECT COUNT(*) FROM (
            SELECT a.rating AS rating,
                   LAG(a.rating) OVER (ORDER BY a.graded_at, a.id) AS previous
            FROM attempts a
            WHERE a.user_id = question_progress.user_id
              AND a.question_slug = question_progress.question_slug
              AND a.rating IS NOT NULL) pairs
        WHERE pairs.previous >= 3),
    again_after_confident = (
        SELECT COUNT(*) FROM (
            SELECT a.rating AS rating,
                   LAG(a.rating) OVER (ORDER BY a.graded_at, a.id) AS previous
            FROM attempts a
            WHERE a.user_id = question_progress.user_id
              AND a.question_slug = question_progress.question_slug
              AND a.rating IS NOT NULL) pairs
        WHERE pairs.previous >= 3 AND pairs.rating = 1);
