-- 025_gram_probe_index.sql - appeal_gram_probe again, after 024's loader refilled the table
-- (an index built once over the rows is cheaper than one kept up row by row), with open
-- among its columns so that the probe reads the index alone (024).
CREATE INDEX appeal_gram_probe ON appeal_gram (gram, appeal_id, submitted_at, n, open)
	WHERE open = 1;
