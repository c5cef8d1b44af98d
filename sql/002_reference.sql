-- 002_reference.sql - seeded reference data: places, chains, channels, units.
-- GB/T 4754 industries are loaded from data/gbt4754-2017.tsv by the migration runner.

INSERT INTO ref_region (code, name, parent, kind, sort) VALUES
	('zone',   '济南新旧动能转换起步区', '370100', 'zone', 0),
	('370100', '济南市', NULL, 'city', 1),
	('370105', '天桥区', '370100', 'district', 2),
	('370112', '历城区', '370100', 'district', 3),
	('370115', '济阳区', '370100', 'partner', 4),
	('370126', '商河县', '370100', 'partner', 5);

INSERT INTO ref_chain (code, name, sort) VALUES
	('nev',      '新能源汽车',         1),
	('space',    '空天信息',           2),
	('robot',    '机器人与智能制造',   3),
	('bigsci',   '大科学装置与高端装备', 4),
	('energy',   '新能源与绿色低碳',   5),
	('digital',  '数字经济',           6),
	('biomed',   '生物医药',           7),
	('newmat',   '新材料',             8),
	('service',  '现代服务业',         9),
	('infra',    '基础设施与城市开发', 10);

INSERT INTO ref_channel (code, name, sort) VALUES
	('leader',     '一把手招商', 1),
	('thinktank',  '智库招商',   2),
	('chain',      '产业链招商', 3),
	('business',   '以商招商',   4),
	('resident',   '驻点招商',   5),
	('fund',       '基金招商',   6),
	('agency',     '委托招商',   7),
	('expo',       '展会招商',   8),
	('online',     '网络招商',   9),
	('other',      '其他',      10);

INSERT INTO unit (id, code, name, kind) VALUES
	(1,  'office',     '党政办公室',                 'department'),
	(2,  'invest',     '投资促进局',                 'department'),
	(3,  'econ',       '经济发展局',                 'department'),
	(4,  'planning',   '自然资源和规划局',           'department'),
	(5,  'construct',  '建设管理局',                 'department'),
	(6,  'approval',   '行政审批服务局',             'department'),
	(7,  'finance',    '财政金融局',                 'department'),
	(8,  'science',    '科技创新局',                 'department'),
	(9,  'talent',     '人才工作办公室',             'department'),
	(10, 'ecology',    '生态环境局',                 'department'),
	(11, 'byd-tf',     '比亚迪项目建设服务专班',     'task_force'),
	(12, 'jiyang',     '济阳区',                     'county'),
	(13, 'shanghe',    '商河县',                     'county');
