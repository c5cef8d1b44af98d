-- 008_money.sql - a project's money and outcomes beside its total investment.
--
-- Exact integers throughout: 万元 for investment, output value and tax, 万美元 for foreign
-- investment, hundredths of a 亩 for land (the API shows "12.50").  NULL means not known.
ALTER TABLE project ADD COLUMN fixed_asset_investment INTEGER CHECK (fixed_asset_investment >= 0);
ALTER TABLE project ADD COLUMN foreign_investment INTEGER CHECK (foreign_investment >= 0);
ALTER TABLE project ADD COLUMN land_centimu INTEGER CHECK (land_centimu >= 0);
ALTER TABLE project ADD COLUMN annual_output INTEGER CHECK (annual_output >= 0);
ALTER TABLE project ADD COLUMN annual_tax INTEGER CHECK (annual_tax >= 0);
ALTER TABLE project ADD COLUMN jobs INTEGER CHECK (jobs >= 0);
