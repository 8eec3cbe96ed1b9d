-- POST /wx/token/refresh, each refresh token spent once: every answer's new refresh token goes
-- to a queue of the wrk thread, and each request takes one from it. While the queue is empty (at
-- the start: one per connection) the request is a login instead, whose answer fills the queue.
-- Arguments: run label, users per thread (for those logins).
local next_id = 0
local threads = {}

function setup(thread)
	thread:set("tid", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

function init(args)
	run = args[1] or "r"
	users = tonumber(args[2] or "5000")
	n = 0
	logins = 0
	refreshes = 0
	queue = {}
	headers = { ["Content-Type"] = "application/json" }
end

function request()
	n = n + 1
	local token = table.remove(queue)
	if token ~= nil then
		refreshes = refreshes + 1
		return wrk.format("POST", "/wx/token/refresh", headers, '{"refresh_token":"' .. token .. '"}')
	end
	logins = logins + 1
	local code = string.format("%st%du%d.%d", run, tid, n % users, n)
	return wrk.format("POST", "/wx/login", headers, '{"code":"' .. code .. '"}')
end

function response(status, headers, body)
	if status == 200 then
		local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
		if token ~= nil then
			table.insert(queue, token)
		end
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	local l, r = 0, 0
	for _, thread in ipairs(threads) do
		l = l + (thread:get("logins") or 0)
		r = r + (thread:get("refreshes") or 0)
	end
	io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d logins=%d refreshes=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
		e.connect + e.read + e.write + e.status + e.timeout, l, r))
end
