-- 018_dupindex.sql - the index behind the similar_text duplicate flag (domain/duplicate.h):
-- every appeal's bigram set, and the prefix bigrams of the open ones, so an intake looks up
-- its candidates instead of reading the text of every recent open appeal.
--
-- The bigrams are computed in C (dup_grams: UTF-8, punctuation, case folding), so the rows
-- of appeals that exist when this migration runs are filled right after it by the loader
-- store_dup_backfill (src/store/migrate.c), in the same transaction; new appeals get theirs
-- in the transaction that creates them (store_appeal_create).

-- The sorted bigram set, 8 bytes a bigram (dup_pack), and how many characters the text kept
-- after normalising (DUP_MIN_CHARS).  An appeal's text never changes after intake.
CREATE TABLE appeal_bigrams (
	appeal_id INTEGER PRIMARY KEY REFERENCES appeal (id),
	nchars    INTEGER NOT NULL,
	grams     BLOB NOT NULL
);

-- The prefix bigrams (dup_prefix) of every appeal whose text is long enough to be flagged,
-- with what the lookup filters on.  open follows appeal.state and merged_into (trigger
-- below), so a closed, declined or merged appeal drops out of the partial index and comes
-- back if it is ever reopened.
CREATE TABLE appeal_gram (
	appeal_id    INTEGER NOT NULL REFERENCES appeal (id),
	gram         INTEGER NOT NULL,
	n            INTEGER NOT NULL,   -- the size of the appeal's bigram set
	submitted_at TEXT NOT NULL,
	open         INTEGER NOT NULL,
	PRIMARY KEY (appeal_id, gram)
) WITHOUT ROWID;
CREATE INDEX appeal_gram_probe ON appeal_gram (gram, appeal_id, submitted_at, n)
	WHERE open = 1;

CREATE TRIGGER appeal_gram_open AFTER UPDATE OF state, merged_into ON appeal
WHEN (old.state IN ('declined', 'closed') OR old.merged_into IS NOT NULL) IS NOT
     (new.state IN ('declined', 'closed') OR new.merged_into IS NOT NULL)
BEGIN
	UPDATE appeal_gram
	SET open = (new.state NOT IN ('declined', 'closed') AND new.merged_into IS NULL)
	WHERE appeal_id = new.id;
END;
