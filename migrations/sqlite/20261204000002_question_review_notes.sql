-- A reviewer's note beside a strong answer ("What an interviewer would push back on"), and
-- whether the strong answer is a model of the learner's own story ("using your projects").
-- Both are content, written from content/ at every start-up; no learner data is touched.
ALTER TABLE questions ADD COLUMN pushback_html TEXT;
ALTER TABLE questions ADD COLUMN own_story BIGINT NOT NULL DEFAULT 0 CHECK (own_story IN (0, 1));
