-- 024_gram_probe_covering.sql - the similar_text prefixes in the rarest-first order, and a
-- probe that reads its partial index alone (src/store/duplicates.c, DU_PROBE).
--
-- The prefix order (dup_prefix, src/domain/duplicate.c) used to be a hash of the bigram;
-- it is now rarest character first, so every stored prefix is written again: the loader
-- store_dup_reprefix (src/store/migrate.c) refills appeal_gram from the bigram sets in
-- appeal_bigrams, in the same transaction.  The index is built after it, in one pass.
--
-- The probe filters on open = 1, the partial index's own condition.  SQLite 3.40 still
-- counts a column the query names as one the index must hold, so without open in it every
-- index entry the probe stepped over cost a lookup of its table row (two B-tree pages): at
-- intake, about 450 of the 630 pages a duplicate check touched.
DROP INDEX appeal_gram_probe;
DELETE FROM appeal_gram;
