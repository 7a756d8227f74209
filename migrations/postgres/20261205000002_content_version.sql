-- The version of the content the bank's rows were synced from (`content::Bank::version`),
-- written in the sync's transaction. Servers that share the database key their page caches
-- by it, so they all serve the bank the rows hold. One row at most.
CREATE TABLE content_version (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version TEXT NOT NULL
);
