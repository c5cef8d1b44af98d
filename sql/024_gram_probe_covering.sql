-- 024_gram_probe_covering.sql - the similar_text probe (src/store/duplicates.c, DU_PROBE)
-- reads appeal_gram_probe alone.
--
-- The probe filters on open = 1, the partial index's own condition.  SQLite 3.40 still
-- counts a column the query names as one the index must hold, so without open in it every
-- index entry the probe stepped over cost a lookup of its table row (two B-tree pages): at
-- intake, about 900 of the 1,000 pages a duplicate check touched.
DROP INDEX appeal_gram_probe;
CREATE INDEX appeal_gram_probe ON appeal_gram (gram, appeal_id, submitted_at, n, open)
	WHERE open = 1;
