-- search-data.sql - the search benchmark's data set (bench/search.sh): 100,000 enterprises,
-- 1,000,000 projects and 1,000,000 appeals, written in bulk by SQL into a migrated, empty
-- database; bench/search.sh then runs `guanlan search rebuild` to index them.
--
-- Names are built from word lists with a multiplicative hash of the id, so the same data
-- comes out on every run: city + brand (two characters, 2,491 combinations) + industry +
-- company form for enterprises (most end in 有限公司: a term with a million hits), brand +
-- product + 项目 for projects, and template sentences for appeals.  One record in twenty is
-- written in traditional characters, one enterprise in thirty has a Latin brand (half of
-- them full-width), as imported ledgers have.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -200000;

CREATE TEMP TABLE w (k TEXT, i INTEGER, s TEXT, t TEXT, PRIMARY KEY (k, i)) WITHOUT ROWID;
INSERT INTO w
SELECT 'city', key, value ->> 0, value ->> 1 FROM json_each('[["济南","濟南"],["山东","山東"],
	["青岛","青島"],["北京","北京"],["上海","上海"],["深圳","深圳"],["鹊华","鵲華"],["泉城","泉城"]]')
UNION ALL
SELECT 'ind', key, value ->> 0, value ->> 1 FROM json_each('[["新能源","新能源"],
	["新材料","新材料"],["生物医药","生物醫藥"],["智能装备","智能裝備"],["数字科技","數字科技"],
	["汽车零部件","汽車零部件"],["食品","食品"],["物流","物流"],["建设工程","建設工程"],
	["环保科技","環保科技"],["半导体","半導體"],["医疗器械","醫療器械"]]')
UNION ALL
SELECT 'form', key, value, value FROM json_each('["有限公司","股份有限公司","有限责任公司"]')
UNION ALL
SELECT 'latin', key, value ->> 0, value ->> 1 FROM json_each('[["BYD","ＢＹＤ"],["Haier","Ｈａｉｅｒ"],
	["Inspur","Ｉｎｓｐｕｒ"],["Sinotruk","Ｓｉｎｏｔｒｕｋ"],["Siemens","Ｓｉｅｍｅｎｓ"],
	["Bosch","Ｂｏｓｃｈ"],["ABB","ＡＢＢ"],["Tesla","Ｔｅｓｌａ"]]')
UNION ALL
SELECT 'product', key, value ->> 0, value ->> 1 FROM json_each('[["动力电池","動力電池"],
	["储能电站","儲能電站"],["光伏组件","光伏組件"],["氢能装备","氫能裝備"],["工业机器人","工業機器人"],
	["数据中心","數據中心"],["创新药","創新藥"],["医疗器械","醫療器械"],["芯片封装","芯片封裝"],
	["整车制造","整車製造"],["智慧物流园","智慧物流園"],["冷链仓储","冷鏈倉儲"],
	["总部基地","總部基地"],["研发中心","研發中心"],["产业园","產業園"],["新材料","新材料"]]')
UNION ALL
SELECT 'phase', key, value, value FROM json_each('["","（一期）","（二期）","二期","（三期）"]')
UNION ALL
SELECT 'topic', key, value ->> 0, value ->> 1 FROM json_each('[["厂房的消防验收","廠房的消防驗收"],
	["用电增容","用電增容"],["道路施工许可","道路施工許可"],["人才公寓申请","人才公寓申請"],
	["贷款贴息","貸款貼息"],["用地指标","用地指標"],["环评审批","環評審批"],
	["员工子女入学","員工子女入學"],["天然气接入","天然氣接入"],["污水管网","污水管網"],
	["设备进口退税","設備進口退稅"],["物流通道","物流通道"]]')
UNION ALL
SELECT 'ask', key, value ->> 0, value ->> 1 FROM json_each('[["恳请尽快协调","懇請儘快協調"],
	["希望给予政策支持","希望給予政策支持"],["请相关部门答复办理时限","請相關部門答覆辦理時限"],
	["目前已影响项目进度","目前已影響項目進度"]]')
UNION ALL
SELECT 'chain', row_number() OVER (ORDER BY code) - 1, code, code FROM ref_chain
UNION ALL
SELECT 'cat', row_number() OVER (ORDER BY code) - 1, code, code FROM appeal_category;

-- Brand characters: two lists, 53 × 47 two-character brands.
CREATE TEMP TABLE bc (k TEXT, s TEXT);
INSERT INTO bc VALUES ('a', '华瑞中宏鼎恒泰鑫源海天润博智信达新盛金凯丰明安康永佳嘉德正通宇远科联东方北晨星光合兴荣耀创汇元远航昊坤'),
		      ('b', '通达盛昌隆丰泰源和兴利发祥瑞安康华宇鑫荣辉耀晟锦程翔骏腾飞扬诚信远洋汇泽益洲邦铭霖浩杰峰涛韬');

CREATE TEMP TABLE h (id INTEGER PRIMARY KEY, x INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO h SELECT i, (i * 2654435761 + 40503) % 4294967291 FROM n;

BEGIN;
INSERT INTO enterprise (id, name, credit_code, industry_code, address, created_at, updated_at)
SELECT h.id,
	CASE WHEN h.x % 30 = 7
	     THEN (SELECT CASE WHEN h.x % 60 = 7 THEN t ELSE s END FROM w WHERE k = 'city' AND i = h.x % 8)
		  || (SELECT CASE WHEN h.x % 60 = 7 THEN t ELSE s END FROM w WHERE k = 'latin' AND i = (h.x / 8) % 8)
	     ELSE (SELECT CASE WHEN h.x % 20 = 3 THEN t ELSE s END FROM w WHERE k = 'city' AND i = h.x % 8)
		  || substr((SELECT s FROM bc WHERE k = 'a'), 1 + (h.x / 8) % 53, 1)
		  || substr((SELECT s FROM bc WHERE k = 'b'), 1 + (h.x / 424) % 47, 1) END
	|| (SELECT CASE WHEN h.x % 20 = 3 THEN t ELSE s END FROM w WHERE k = 'ind' AND i = (h.x / 19933) % 12)
	|| (SELECT s FROM w WHERE k = 'form' AND i = (h.x / 239196) % 3),
	'91370100MA' || printf('%08d', h.id), NULL, '济南新旧动能转换起步区' || (h.x % 300) || '号',
	'2024-01-01T00:00:00+08:00', '2024-01-01T00:00:00+08:00'
FROM h WHERE h.id <= 100000;
COMMIT;

BEGIN;
INSERT INTO project (id, code, name, chain, stage, total_investment, location, leader, unit_id,
		     created_at, updated_at)
SELECT h.id, 'QH-' || (2020 + h.x % 6) || '-' || printf('%07d', h.id),
	substr((SELECT s FROM bc WHERE k = 'a'), 1 + (h.x / 7) % 53, 1)
	|| substr((SELECT s FROM bc WHERE k = 'b'), 1 + (h.x / 371) % 47, 1)
	|| (SELECT CASE WHEN h.x % 20 = 3 THEN t ELSE s END FROM w WHERE k = 'product' AND i = (h.x / 17437) % 16)
	|| CASE WHEN h.x % 20 = 3 THEN '項目' ELSE '项目' END
	|| (SELECT s FROM w WHERE k = 'phase' AND i = (h.x / 278992) % 5),
	(SELECT s FROM w WHERE k = 'chain' AND i = (h.x / 13) % 5),
	'signed', 10000 + h.x % 500000, 'zone', NULL, 1 + h.x % 13,
	'2024-01-01T00:00:00+08:00', '2024-01-01T00:00:00+08:00'
FROM h;
INSERT INTO project_enterprise (project_id, enterprise_id, seq)
SELECT h.id, 1 + (h.x / 3) % 100000, 0 FROM h;
COMMIT;

BEGIN;
INSERT INTO appeal (id, code, enterprise_id, category, channel, title, text, state, lead_unit_id,
		    submitted_at, accept_due_on, answer, created_at, updated_at)
SELECT h.id, 'SQ' || (2023 + h.x % 3) || '-' || printf('%07d', h.id), 1 + (h.x / 5) % 100000,
	(SELECT s FROM w WHERE k = 'cat' AND i = h.x % 7), 'online',
	CASE WHEN h.x % 2 = 0 THEN
		(SELECT CASE WHEN h.x % 20 = 4 THEN t ELSE s END FROM w WHERE k = 'topic' AND i = (h.x / 11) % 12)
		|| CASE WHEN h.x % 20 = 4 THEN '問題' ELSE '问题' END END,
	CASE WHEN h.x % 20 = 4 THEN '我司' || (h.x % 90 + 10) || '號廠房' ELSE '我司' || (h.x % 90 + 10) || '号厂房' END
	|| CASE WHEN h.x % 20 = 4 THEN '關於' ELSE '关于' END
	|| (SELECT CASE WHEN h.x % 20 = 4 THEN t ELSE s END FROM w WHERE k = 'topic' AND i = (h.x / 11) % 12)
	|| CASE WHEN h.x % 20 = 4 THEN '的事項，' ELSE '的事项，' END
	|| (SELECT CASE WHEN h.x % 20 = 4 THEN t ELSE s END FROM w WHERE k = 'product' AND i = (h.x / 131) % 16)
	|| CASE WHEN h.x % 20 = 4 THEN '項目已於' ELSE '项目已于' END
	|| (2023 + h.x % 3) || '年' || (1 + h.x % 12) || '月提交材料，'
	|| (SELECT CASE WHEN h.x % 20 = 4 THEN t ELSE s END FROM w WHERE k = 'ask' AND i = (h.x / 1553) % 4)
	|| '。',
	CASE WHEN h.x % 5 < 3 THEN 'answered' ELSE 'assigned' END, 1 + h.x % 13,
	'2024-03-01T09:00:00+08:00', '2024-03-01',
	CASE WHEN h.x % 5 < 3 THEN '已会同' || (SELECT name FROM unit WHERE id = 1 + h.x % 13)
		|| '现场办理，预计' || (1 + h.x % 28) || '个工作日内完成。' END,
	'2024-03-01T09:00:00+08:00', '2024-03-01T09:00:00+08:00'
FROM h;
INSERT INTO appeal_unit (appeal_id, unit_id, role) SELECT h.id, 1 + h.x % 13, 'lead' FROM h;
INSERT INTO appeal_unit (appeal_id, unit_id, role)
SELECT h.id, 1 + (h.x / 13) % 13, 'co' FROM h WHERE h.x % 7 = 0 AND (h.x / 13) % 13 <> h.x % 13;
COMMIT;

-- The users the benchmark queries as (tokens are added by bench/search.sh).
INSERT INTO user (username, display_name, role, password_hash, created_at, updated_at)
VALUES ('bench_admin', 'bench admin', 'admin', '-', '2024-01-01T00:00:00+08:00', '2024-01-01T00:00:00+08:00'),
       ('bench_handler', 'bench handler', 'handler', '-', '2024-01-01T00:00:00+08:00', '2024-01-01T00:00:00+08:00');
INSERT INTO user_unit (user_id, unit_id) SELECT id, 5 FROM user WHERE username = 'bench_handler';
