-- 003_accounts.sql - users, their credentials, login throttling and the audit trail.

CREATE TABLE user (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	username      TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN
	              ('admin', 'leader', 'officer', 'handler', 'enterprise', 'viewer')),
	enterprise_id INTEGER REFERENCES enterprise (id),   -- role 'enterprise' only
	password_hash TEXT NOT NULL,                        -- argon2id, libsodium's string form
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

CREATE TABLE user_unit (                 -- the units a handler works for
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	unit_id INTEGER NOT NULL REFERENCES unit (id),
	PRIMARY KEY (user_id, unit_id)
) WITHOUT ROWID;

-- Cookie sessions and bearer API tokens.  Only a hash of the secret is kept: a stolen
-- database does not give away live sessions.
CREATE TABLE credential (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	kind         TEXT NOT NULL CHECK (kind IN ('session', 'token')),
	token_hash   TEXT NOT NULL UNIQUE,
	user_id      INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	name         TEXT,                  -- tokens: what the integration is
	csrf         TEXT,                  -- sessions: the anti-CSRF value the client echoes
	created_at   INTEGER NOT NULL,      -- unix seconds
	last_used_at INTEGER NOT NULL,
	expires_at   INTEGER,               -- absolute expiry; NULL = never (tokens only)
	revoked_at   INTEGER
);
CREATE INDEX credential_user ON credential (user_id, kind);

CREATE TABLE login_throttle (            -- keys "user:<name>" and "addr:<address>"
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	last_failure INTEGER NOT NULL,
	locked_until INTEGER NOT NULL
) WITHOUT ROWID;

-- Append-only: who did what, when, from where; written in the same transaction as the change.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	at        TEXT NOT NULL,
	user_id   INTEGER,                  -- NULL for the system (demo load) and unknown users
	username  TEXT NOT NULL,
	address   TEXT,
	action    TEXT NOT NULL,            -- create, update, delete, login, login_failed, ...
	entity    TEXT,                     -- enterprise, project, user, token, session
	entity_id INTEGER
);
CREATE INDEX audit_entity ON audit (entity, entity_id);
CREATE INDEX audit_user ON audit (user_id, id);

CREATE TABLE audit_change (           -- rowid keeps the order the fields were recorded in
	audit_id INTEGER NOT NULL REFERENCES audit (id),
	field    TEXT NOT NULL,
	before   TEXT,
	after    TEXT
);
CREATE UNIQUE INDEX audit_change_field ON audit_change (audit_id, field);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_change_no_update BEFORE UPDATE ON audit_change
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_change_no_delete BEFORE DELETE ON audit_change
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
