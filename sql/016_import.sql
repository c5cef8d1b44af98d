-- 016_import.sql - an import finds an appeal by its 12345 ticket number (issue 6, item 2):
-- re-importing a ledger of tickets looks every row up by it.
CREATE INDEX appeal_external ON appeal (external_id) WHERE external_id IS NOT NULL;
