-- POST /wx/login with a unique code per request. Arguments: run label, users per thread.
-- The stub derives the openid from the part of the code before the '.', so the load logs in a
-- bounded set of users (as real traffic does) while every code is new.
local next_id = 0

function setup(thread)
	thread:set("tid", next_id)
	next_id = next_id + 1
end

function init(args)
	run = args[1] or "r"
	users = tonumber(args[2] or "5000")
	n = 0
	headers = { ["Content-Type"] = "application/json" }
end

function request()
	n = n + 1
	local code = string.format("%st%du%d.%d", run, tid, n % users, n)
	return wrk.format("POST", "/wx/login", headers, '{"code":"' .. code .. '"}')
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
		e.connect + e.read + e.write + e.status + e.timeout))
end
