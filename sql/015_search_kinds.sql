-- 015_search_kinds.sql - each kind its own range of search docids (docs/search.md).
--
-- A docid is now (kind number + 1) << 40 | the record's id (kind numbers: enterprise 0,
-- project 1, appeal 2, roundtable 3, problem 4, followup 5, as enum search_kind), so that a
-- search of one kind is a rowid range that FTS5 seeks to inside its index instead of reading
-- every other kind's hits first, and newest first within a kind is rowid order.  The text
-- is already normalised in search_doc: the index is moved here without OpenCC.
DROP TRIGGER search_doc_ai;
DROP TRIGGER search_doc_ad;
DROP TRIGGER search_doc_au;

CREATE TABLE search_doc_new (
	docid  INTEGER PRIMARY KEY,          -- (kind + 1) << 40 | ref_id; rowid of the FTS tables
	kind   TEXT NOT NULL CHECK (kind IN ('enterprise', 'project', 'appeal', 'roundtable',
	                                 'problem', 'followup')),
	ref_id INTEGER NOT NULL,             -- the record's id in its own table
	label  TEXT NOT NULL,                -- the record's name as stored, for display
	title  TEXT NOT NULL,                -- normalised name
	body   TEXT NOT NULL DEFAULT '',     -- normalised address, tags, contacts, leader ...
	keys   TEXT NOT NULL DEFAULT '',     -- norm_key(credit code | project code), exact match
	UNIQUE (kind, ref_id)
);
INSERT INTO search_doc_new (docid, kind, ref_id, label, title, body, keys)
SELECT (CASE kind WHEN 'enterprise' THEN 1 WHEN 'project' THEN 2 WHEN 'appeal' THEN 3
	WHEN 'roundtable' THEN 4 WHEN 'problem' THEN 5 ELSE 6 END) << 40 | ref_id,
       kind, ref_id, label, title, body, keys
FROM search_doc;
DROP TABLE search_doc;
ALTER TABLE search_doc_new RENAME TO search_doc;
CREATE INDEX search_doc_key ON search_doc (keys) WHERE keys <> '';

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
INSERT INTO search_fts (search_fts) VALUES ('rebuild');

-- search_short is contentless: emptied and written again with each title's characters
-- spaced out, as search.c's spaced() writes them.
INSERT INTO search_short (search_short) VALUES ('delete-all');
INSERT INTO search_short (rowid, title)
SELECT docid, (WITH RECURSIVE c (i, s) AS (
		SELECT 1, ''
		UNION ALL
		SELECT i + 1, s || CASE WHEN i > 1 THEN ' ' ELSE '' END || substr(d.title, i, 1)
		FROM c WHERE i <= length(d.title))
	SELECT s FROM c ORDER BY i DESC LIMIT 1)
FROM search_doc d;
