-- 019_search_scope.sql - which units handle a project of each enterprise, for the scope test
-- of a handler's search (src/store/search.c SCOPE; docs/search.md).
--
-- A handler sees an enterprise when one of its units handles a project naming it.  Asked of
-- project_enterprise and project for every enterprise hit, that is about ten reads of wide
-- project rows per hit: 2,000 hits cost 40 ms at a million projects.  This table answers it
-- with one seek.  It is a set of pairs (no counts): a pair is added when a project is linked
-- to an enterprise, and an enterprise's pairs are computed again from the two tables when a
-- link is removed or a project changes unit, in the same statement (triggers), so a unit's
-- handler never sees an enterprise it no longer handles, nor misses one it now does.

CREATE TABLE search_enterprise_unit (
	enterprise_id INTEGER NOT NULL,
	unit_id       INTEGER NOT NULL,
	PRIMARY KEY (enterprise_id, unit_id)
) WITHOUT ROWID;

INSERT INTO search_enterprise_unit (enterprise_id, unit_id)
SELECT DISTINCT pe.enterprise_id, p.unit_id
FROM project_enterprise pe JOIN project p ON p.id = pe.project_id
WHERE p.unit_id IS NOT NULL;

CREATE TRIGGER search_eu_link AFTER INSERT ON project_enterprise BEGIN
	INSERT OR IGNORE INTO search_enterprise_unit (enterprise_id, unit_id)
	SELECT NEW.enterprise_id, unit_id FROM project WHERE id = NEW.project_id AND unit_id IS NOT NULL;
END;

-- Also run by ON DELETE CASCADE when a project is deleted: SQLite deletes the child rows
-- after the project's row, so the recount below no longer sees that project.
CREATE TRIGGER search_eu_unlink AFTER DELETE ON project_enterprise BEGIN
	DELETE FROM search_enterprise_unit WHERE enterprise_id = OLD.enterprise_id;
	INSERT OR IGNORE INTO search_enterprise_unit (enterprise_id, unit_id)
	SELECT pe.enterprise_id, p.unit_id FROM project_enterprise pe JOIN project p ON p.id = pe.project_id
	WHERE pe.enterprise_id = OLD.enterprise_id AND p.unit_id IS NOT NULL;
END;

CREATE TRIGGER search_eu_relink AFTER UPDATE OF project_id, enterprise_id ON project_enterprise BEGIN
	DELETE FROM search_enterprise_unit WHERE enterprise_id IN (OLD.enterprise_id, NEW.enterprise_id);
	INSERT OR IGNORE INTO search_enterprise_unit (enterprise_id, unit_id)
	SELECT pe.enterprise_id, p.unit_id FROM project_enterprise pe JOIN project p ON p.id = pe.project_id
	WHERE pe.enterprise_id IN (OLD.enterprise_id, NEW.enterprise_id) AND p.unit_id IS NOT NULL;
END;

CREATE TRIGGER search_eu_unit AFTER UPDATE OF unit_id ON project
WHEN OLD.unit_id IS NOT NEW.unit_id BEGIN
	DELETE FROM search_enterprise_unit WHERE enterprise_id IN
		(SELECT enterprise_id FROM project_enterprise WHERE project_id = NEW.id);
	INSERT OR IGNORE INTO search_enterprise_unit (enterprise_id, unit_id)
	SELECT pe.enterprise_id, p.unit_id FROM project_enterprise pe JOIN project p ON p.id = pe.project_id
	WHERE pe.enterprise_id IN (SELECT enterprise_id FROM project_enterprise WHERE project_id = NEW.id)
	AND p.unit_id IS NOT NULL;
END;
