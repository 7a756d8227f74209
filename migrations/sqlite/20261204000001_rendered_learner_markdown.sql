-- Learner Markdown is rendered once, when it is saved, and the HTML kept beside it: a page
-- view reads HTML instead of parsing Markdown again. Rows saved before this migration keep
-- NULL here and are rendered when read, so no stored text is rewritten. The Markdown stays
-- the source of truth (exports and edits use it).
ALTER TABLE attempts ADD COLUMN answer_html TEXT;
ALTER TABLE practice_sets ADD COLUMN description_html TEXT;
