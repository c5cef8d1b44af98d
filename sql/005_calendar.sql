-- 005_calendar.sql - the working-day calendar: official holidays and the weekend days made
-- working days (调休), loaded from data/cn-holidays-2023-2026.tsv after this migration.
-- Admins add later years through the API.  A date in a year with no row here falls back to
-- Monday-Friday, and the answers that depend on it say so.
CREATE TABLE ref_holiday (
	day  TEXT PRIMARY KEY,               -- YYYY-MM-DD
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name TEXT NOT NULL
) WITHOUT ROWID;

-- Which years the calendar covers: a year is covered once its schedule is loaded, even if
-- it had no 调休 at all.
CREATE TABLE ref_calendar_year (
	year INTEGER PRIMARY KEY
);
