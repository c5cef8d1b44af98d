-- 021_ref_generation.sql - a token that changes whenever the working-day calendar or the
-- appeal settings change, so that a connection may keep both in memory and re-read them only
-- when the token moved (src/store/refcache.c: appeal intake read a few hundred calendar rows
-- on every intake).
--
-- The token is random, not a counter: a change that is rolled back restores the old token,
-- and a counter would let a later, different change reuse the rolled-back value (a copy
-- taken inside the rolled-back transaction would then pass for current).  Every write of
-- the three tables moves it, in the writer's own transaction, so a reader sees the token
-- and the rows of the same snapshot.

CREATE TABLE ref_generation (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	token INTEGER NOT NULL
);
INSERT INTO ref_generation (id, token) VALUES (1, random());

CREATE TRIGGER ref_gen_holiday_i AFTER INSERT ON ref_holiday BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_holiday_u AFTER UPDATE ON ref_holiday BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_holiday_d AFTER DELETE ON ref_holiday BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_year_i AFTER INSERT ON ref_calendar_year BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_year_u AFTER UPDATE ON ref_calendar_year BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_year_d AFTER DELETE ON ref_calendar_year BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_setting_i AFTER INSERT ON appeal_setting BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_setting_u AFTER UPDATE ON appeal_setting BEGIN
	UPDATE ref_generation SET token = random();
END;
CREATE TRIGGER ref_gen_setting_d AFTER DELETE ON appeal_setting BEGIN
	UPDATE ref_generation SET token = random();
END;
