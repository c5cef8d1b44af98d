-- status.lua - wrk script: count responses by status class and print one machine-readable
-- summary line for bench/run.sh.  Used as-is for fixed URLs; random.lua builds on it.
--
--   BENCH requests=N duration_us=N p50_us=N p99_us=N non2xx=N connect=N read=N write=N timeout=N
--
-- The response hook is what makes a run trustworthy: a 4xx/5xx (or 3xx) answer is usually
-- much cheaper than the real one, so any of them invalidates the figures.  A line that
-- measures a refusal sets BENCH_EXPECT (422): then any other status is what counts (as
-- non2xx, so that bench/run.sh reads both the same way).

local threads = {}

-- The API needs a credential: bench/run.sh creates a token and passes it in BENCH_TOKEN.
local token = os.getenv("BENCH_TOKEN")
if token then
	wrk.headers["Authorization"] = "Bearer " .. token
end

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	non2xx = 0
	if init_extra then init_extra(args) end
end

local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

function response(status, headers, body)
	if expect then
		if status ~= expect then
			non2xx = non2xx + 1
		end
	elseif status < 200 or status > 299 then
		non2xx = non2xx + 1
	end
end

function done(summary, latency, requests)
	local bad = 0
	for _, t in ipairs(threads) do
		bad = bad + (t:get("non2xx") or 0)
	end
	local e = summary.errors
	io.write(string.format(
		"BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
		bad, e.connect, e.read, e.write, e.timeout))
end
