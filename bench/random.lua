-- random.lua - wrk script: each request asks for a different, uniformly random id.
--
--   wrk ... -s bench/random.lua URL -- '/api/v1/projects/{id}' 1000000
--
-- replaces {id} in the path template with a random integer in 1..MAX per request, so the
-- server cannot answer from a hot handful of pages.  Status counting and the summary line
-- come from status.lua next to this file.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "status.lua")

local template, max

function init_extra(args)
	template = args[1] or "/api/v1/projects/{id}"
	max = tonumber(args[2] or "1000000")
	-- Different seeds per wrk thread (the thread's address is as good as anything).
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
	local path = template:gsub("{id}", tostring(math.random(1, max)))
	return wrk.format("GET", path)
end
