-- intake.lua - wrk script for bench/intake.sh: POST /api/v1/appeals with a bearer token,
-- a different enterprise, category and text on every request (so the duplicate checks see
-- a realistic mix, not one enterprise's flood), counting every answer that is not 201.
--
--   BENCH requests=N duration_us=N p50_us=N p99_us=N non201=N errors=N
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
	seed = math.random(1, 1000000)
end

function request()
	counter = counter + 1
	local n = seed + counter
	local body = string.format(
		'{"enterprise_id":%d,"category":"%s","channel":"proxy","title":"%s",' ..
		'"text":"%s：第%d号诉求，请协调相关部门尽快办理并反馈进度。","contact":"张经理 138%08d"}',
		n % nent + 1, cats[n % #cats + 1], topics[n % #topics + 1], topics[(n * 7) % #topics + 1],
		n, n % 100000000)
	return wrk.format(nil, "/api/v1/appeals", nil, body)
end

function response(status, headers, body)
	if status ~= 201 then
		non201 = non201 + 1
		if non201 <= 3 then
			io.stderr:write("intake: status " .. status .. ": " .. body .. "\n")
		end
	end
end

function done(summary, latency, requests)
	local bad = 0
	for _, t in ipairs(threads) do
		bad = bad + (t:get("non201") or 0)
	end
	local e = summary.errors
	io.write(string.format(
		"BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non201=%d errors=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
		bad, e.connect + e.read + e.write + e.timeout + e.status))
end
