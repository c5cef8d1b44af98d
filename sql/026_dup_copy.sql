-- 026_dup_copy.sql - the similar_text candidates move from SQLite to memory
-- (src/store/dupcopy.c): each server process keeps the open appeals' bigram sets and an index
-- of their prefix bigrams, built from appeal_bigrams, so an intake no longer writes ten
-- prefix rows on ten random pages of appeal_gram_probe (docs/PERFORMANCE.md, "Fifth pass").
--
-- What a process needs to keep its copy current without reading every open appeal again:
-- new appeals are the rows of appeal_bigrams above the highest id it has read; an appeal
-- that closes, is declined or merged, or opens again is a row here, numbered in commit order
-- (one writer at a time), so a copy at seq c that reads the rows after c sees exactly the
-- changes it lacks, and a first row other than c + 1 tells it that the log was pruned past
-- it.  A row with appeal_id NULL means "the bigram sets were rewritten": copies start over.
-- The log keeps the last 100,000 changes.

DROP TRIGGER appeal_gram_open;
DROP INDEX appeal_gram_probe;
DROP TABLE appeal_gram;

CREATE TABLE appeal_open_log (
	seq       INTEGER PRIMARY KEY,
	appeal_id INTEGER,          -- NULL: every copy reads the open appeals again
	open      INTEGER
);
INSERT INTO appeal_open_log (seq, appeal_id, open) VALUES (1, NULL, NULL);

CREATE TRIGGER appeal_open_log_state AFTER UPDATE OF state, merged_into ON appeal
WHEN (old.state IN ('declined', 'closed') OR old.merged_into IS NOT NULL) IS NOT
     (new.state IN ('declined', 'closed') OR new.merged_into IS NOT NULL)
BEGIN
	INSERT INTO appeal_open_log (appeal_id, open)
	VALUES (new.id, new.state NOT IN ('declined', 'closed') AND new.merged_into IS NULL);
END;

CREATE TRIGGER appeal_open_log_prune AFTER INSERT ON appeal_open_log BEGIN
	DELETE FROM appeal_open_log WHERE seq = NEW.seq - 100000;
END;
