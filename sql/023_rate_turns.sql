-- 023_rate_turns.sql - appeal rates as of any past day in under 100 ms at 10M appeals
-- (docs/rates.md, "Speed", "Any past day"): the days on which each appeal's judgement
-- changes (its turns), summed into cells by turn day, so a past day that is not a month end
-- reads the nearest month end (022's snapshots) corrected by the turns in between instead of
-- judging every appeal.

-- Each folded appeal's turns: (day, the item judged as of that day) for every day its
-- judgement differs from the day before, the first being its submission day; varints
-- (rates.c, turns_encode).  NULL until folded again.
ALTER TABLE rate_fact ADD COLUMN turns BLOB;

-- The sums of the turns' differences (the item as of the turn day minus the item as of the
-- day before; on the submission day the whole item) per submission month (sgrain 1) or day
-- (2), turn day and cell.  acc is a difference: zigzag varints, like rate_snap.
CREATE TABLE rate_turn (
	sgrain   INTEGER NOT NULL CHECK (sgrain IN (1, 2)),
	period   TEXT NOT NULL,
	tday     TEXT NOT NULL,
	unit_id  INTEGER NOT NULL,
	category TEXT NOT NULL,
	channel  TEXT NOT NULL,
	acc      BLOB NOT NULL,
	PRIMARY KEY (sgrain, period, tday, unit_id, category, channel)
) WITHOUT ROWID;

-- Every appeal is judged live until folded again (exact at once); `guanlan rates rebuild`
-- after upgrading a large database.
INSERT OR IGNORE INTO rate_dirty (appeal_id) SELECT id FROM appeal;
