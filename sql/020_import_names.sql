-- 020_import_names.sql - an import finds an enterprise named in a ledger without its credit
-- code by the name's normal form (issue 6, item 2): 比亞迪汽車工業有限公司 or ＢＹＤ（济南）
-- finds the stored 比亚迪汽车工业有限公司 / BYD(济南).  An enterprise's search document already
-- holds that form (search_doc.title = norm_text(name)); this index lets one lookup per row
-- seek it.  Partial: only enterprises' titles, a few thousand rows, never projects' millions.
CREATE INDEX search_doc_enterprise_title ON search_doc (title) WHERE kind = 'enterprise';
