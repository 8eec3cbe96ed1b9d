-- GET a path, optionally with a bearer token. Arguments: path, token (optional), header name
-- (optional, "Authorization" by default). With another header name the same bytes travel in a
-- header nobody reads: S3 uses it to tell the cost of carrying a token from the cost of checking it.
function init(args)
	local headers = {}
	if args[2] ~= nil and args[2] ~= "" then
		headers[args[3] or "Authorization"] = "Bearer " .. args[2]
	end
	req = wrk.format("GET", args[1], headers)
end

function request()
	return req
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
		e.connect + e.read + e.write + e.status + e.timeout))
end
