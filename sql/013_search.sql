-- 013_search.sql - the search index (docs/search.md).
--
-- One row of search_doc per searchable record holds its text already normalised (OpenCC
-- t2s, full-width -> half-width, ASCII lower case, white space); the store writes it in C
-- (src/store/search.c) inside the transaction that changes the record, because a trigger
-- cannot call OpenCC.  Who may see a row is decided at query time from the record's own
-- tables (a project's unit, an enterprise's projects), so nothing here goes stale when a
-- project moves to another unit.
CREATE TABLE search_doc (
	docid  INTEGER PRIMARY KEY,          -- rowid of search_fts and search_short
	kind   TEXT NOT NULL CHECK (kind IN ('enterprise', 'project', 'appeal', 'roundtable',
	                                 'problem', 'followup')),
	ref_id INTEGER NOT NULL,             -- the record's id in its own table
	label  TEXT NOT NULL,                -- the record's name as stored, for display
	title  TEXT NOT NULL,                -- normalised name
	body   TEXT NOT NULL DEFAULT '',     -- normalised address, tags, contacts, leader ...
	keys   TEXT NOT NULL DEFAULT '',     -- norm_key(credit code | project code), exact match
	UNIQUE (kind, ref_id)
);
CREATE INDEX search_doc_key ON search_doc (keys) WHERE keys <> '';

-- Substrings of three characters and more: trigram over the normalised text, external
-- content (the text is stored once, in search_doc).  case_sensitive 0 also folds non-ASCII
-- letters (É/é), which norm_text leaves alone.  remove_diacritics needs SQLite 3.45;
-- Debian 12 has 3.40.1, so accents stay.
CREATE VIRTUAL TABLE search_fts USING fts5(
	title, body, content = 'search_doc', content_rowid = 'docid',
	tokenize = 'trigram case_sensitive 0');

-- The text is already normalised, so plain triggers keep search_fts in step.
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
	INSERT INTO search_fts (rowid, title, body) VALUES (new.docid, new.title, new.body);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
	INSERT INTO search_fts (search_fts, rowid, title, body)
	VALUES ('delete', old.docid, old.title, old.body);
END;
CREATE TRIGGER search_doc_au AFTER UPDATE OF title, body ON search_doc BEGIN
	INSERT INTO search_fts (search_fts, rowid, title, body)
	VALUES ('delete', old.docid, old.title, old.body);
	INSERT INTO search_fts (rowid, title, body) VALUES (new.docid, new.title, new.body);
END;

-- Queries of one or two characters, which trigram cannot answer: every character of the
-- normalised title is a token (the store writes "济 南 起 步 区"), so a one-character query is
-- a token and a two-character query the phrase of two adjacent tokens.  Contentless: the
-- store deletes a row with its old spaced title (read from search_doc) before it changes.
CREATE VIRTUAL TABLE search_short USING fts5(
	title, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 0');
