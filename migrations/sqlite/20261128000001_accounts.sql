-- Accounts, their server-side sessions, and the counters that throttle sign-in and sign-up.
-- Portable SQL: times are Unix seconds in INTEGER columns, ids come back with RETURNING.
-- Every table that holds a learner's data references users (id) ON DELETE CASCADE, so
-- deleting an account removes every row of it in one statement.

CREATE TABLE users (
    -- AUTOINCREMENT: an id is never given again after its account is deleted, so nothing
    -- that still names an old id (a late session write, an export) can reach a new account.
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    -- As typed, for display.
    username            TEXT NOT NULL,
    -- Lower-cased: "Ada" and "ada" are one account.
    username_key        TEXT NOT NULL UNIQUE,
    -- Argon2id PHC string; never leaves the server.
    password_hash       TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);

-- One row per live session (tower-sessions' record). user_id is copied out of the record's
-- data so that a user's sessions can be found (sign out elsewhere) and go with the account.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Fixed-window counters: one row per throttled key (an address or an account).
CREATE TABLE throttle_buckets (
    bucket            TEXT PRIMARY KEY,
    window_started_at INTEGER NOT NULL,
    hits              INTEGER NOT NULL
);
