-- intake.lua - wrk script for bench/intake.sh: POST /api/v1/appeals with a bearer token,
-- a different enterprise, category and text on every request (so the duplicate checks see
-- a realistic mix, not one enterprise's flood), counting every answer that is not 201 and
-- every 201 that flagged a near-identical appeal.
--
--   BENCH requests=N duration_us=N p50_us=N p99_us=N non201=N errors=N similar=N
--
-- (similar: 201s that flagged a near-identical open appeal)
--
-- BENCH_TOKEN (an admin's API token) and BENCH_ENTERPRISES (ids 1..N exist) come from
-- bench/intake.sh.

local threads = {}
local token = os.getenv("BENCH_TOKEN")
local nent = tonumber(os.getenv("BENCH_ENTERPRISES") or "100")
local cats = {"policy", "park", "talent", "factors", "approval", "finance", "other"}
local topics = {"厂房租金补贴申请进度", "园区道路照明不足", "人才公寓配租名额", "用电增容审批",
	"施工许可并联审批", "流动资金贷款贴息", "员工子女入学安排", "污水管网接入",
	"研发费用加计扣除辅导", "物流通道限行调整"}

-- BENCH_INTAKE_TEXT=mix (the default): texts as enterprises write them, a subject, what went
-- wrong, a detail and a request from phrase pools that share the usual wording (企业, 协调,
-- 尽快...), with a date and an amount; 1 in 25 re-submits one of the last 100 texts with
-- another date, so the duplicate check also finds near-identical ones.
-- BENCH_INTAKE_TEXT=campaign: every text is one of 10 topics in one template that differs
-- only by a running number, so each intake is near-identical to thousands of open appeals
-- and the duplicate check always reads its full DUP_TEXT_CANDIDATES_MAX candidates.
local mode = os.getenv("BENCH_INTAKE_TEXT") or "mix"
local subjects = {"我公司新建厂房", "二期项目", "研发中心", "员工宿舍", "仓储物流基地",
	"生产线技改项目", "屋顶分布式光伏", "危化品仓库", "食堂及配套用房", "展示中心",
	"污水预处理站", "10千伏配电房", "人才公寓", "职工通勤班车", "进口设备",
	"出口订单", "高新技术企业认定", "专精特新申报", "首台套保险补偿", "技改专项资金",
	"土地出让手续", "不动产权证", "消防验收", "环评批复", "能评审查",
	"排污许可证", "施工图审查", "竣工联合验收", "增值税留抵退税", "研发费用加计扣除",
	"稳岗补贴", "社保缴费基数", "外籍专家来华", "子女就学", "银行授信",
	"供应链融资", "厂区周边道路", "园区公交线路", "天然气接入", "蒸汽管网"}
local problems = {"迟迟未能落实", "审批时限过长", "材料多次退回补正", "与原承诺条件不一致",
	"多个部门口径不统一", "资金至今尚未拨付", "现场施工受阻", "手续办理停滞",
	"供应不稳定影响生产", "费用明显高于周边园区", "缺少明确的办理指引", "已超过承诺时限",
	"配套设施尚未完工", "申报系统无法提交", "政策兑现标准不清楚", "夜间照明和监控缺失",
	"雨季积水严重", "与相邻地块边界存在争议", "招聘需求缺口较大", "通关查验时间较长",
	"审核意见前后矛盾", "需要多次往返窗口", "评估费用负担较重", "线路容量不足",
	"接入点距离较远", "未纳入年度计划", "额度已经用完", "需要补充第三方报告",
	"工期因此延误", "影响下月投产计划"}
local details = {"涉及投资约%d万元", "已影响%d名员工正常上班", "订单金额约%d万元",
	"预计损失%d万元", "拖延已近%d天", "需增容%d千伏安", "涉及用地%d亩",
	"需新增%d个停车位", "缺口约%d人", "每月多支出%d万元"}
local requests = {"恳请管委会协调相关部门尽快解决", "希望明确办理时限并及时反馈进度",
	"请求召开专题会议研究", "希望给予政策支持", "请帮助对接供电公司",
	"请协调市级部门加快审批", "希望安排专人跟踪服务", "请予以书面答复",
	"建议简化办理流程", "希望参照同类项目处理", "请尽快组织现场勘查",
	"希望纳入项目专班协调事项", "请求延长申报期限", "请协调银行加快放款",
	"请明确下一步办理要求"}

local recent, nrecent = {}, 0

local function pick(t)
	return t[math.random(#t)]
end

local function mixed_text()
	if nrecent >= 100 and math.random(25) == 1 then
		-- A re-submission: an earlier text, the date changed.
		local old = recent[math.random(100)]
		return (old:gsub("^%d+年%d+月%d+日", string.format("2026年%d月%d日",
			math.random(12), math.random(28))))
	end
	local t = string.format("%d年%d月%d日反映：%s%s，%s，%s。", 2026, math.random(12),
		math.random(28), pick(subjects), pick(problems),
		string.format(pick(details), math.random(20, 5000)), pick(requests))
	recent[nrecent % 100 + 1] = t
	nrecent = nrecent + 1
	return t
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if token then
	wrk.headers["Authorization"] = "Bearer " .. token
end

function setup(thread)
	table.insert(threads, thread)
end

local counter = 0
local seed

function init(args)
	non201 = 0
	similar = 0
	seed = math.random(1, 1000000)
	math.randomseed(seed)
end

function request()
	counter = counter + 1
	local n = seed + counter
	local text
	if mode == "campaign" then
		text = string.format("%s：第%d号诉求，请协调相关部门尽快办理并反馈进度。",
			topics[(n * 7) % #topics + 1], n)
	else
		text = mixed_text()
	end
	local body = string.format(
		'{"enterprise_id":%d,"category":"%s","channel":"proxy","title":"%s",' ..
		'"text":"%s","contact":"张经理 138%08d"}',
		n % nent + 1, cats[n % #cats + 1], topics[n % #topics + 1], text, n % 100000000)
	return wrk.format(nil, "/api/v1/appeals", nil, body)
end

function response(status, headers, body)
	if status == 201 and body:find('"similar_text"', 1, true) then
		similar = similar + 1
	end
	if status ~= 201 then
		non201 = non201 + 1
		if non201 <= 3 then
			io.stderr:write("intake: status " .. status .. ": " .. body .. "\n")
		end
	end
end

function done(summary, latency, requests)
	local bad, sim = 0, 0
	for _, t in ipairs(threads) do
		bad = bad + (t:get("non201") or 0)
		sim = sim + (t:get("similar") or 0)
	end
	local e = summary.errors
	io.write(string.format(
		"BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non201=%d errors=%d similar=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
		bad, e.connect + e.read + e.write + e.timeout + e.status, sim))
end
