-- wrk script: POSTs JSON bodies read from a file (one per line), cycling through them,
-- each thread from its own starting point; counts responses that are not HTTP 200 or
-- that carry a GraphQL "errors" entry; writes the results as JSON to $BENCH_OUT.
--   BENCH_BODIES=bodies.jsonl BENCH_OUT=out.json wrk -s post.lua http://127.0.0.1:8000/graphql

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  local path = wrk.path
  local headers = { ["Content-Type"] = "application/json" }
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    if #line > 0 then
      table.insert(requests, wrk.format("POST", path, headers, line))
    end
  end
  -- Threads start far apart in the pool, so they do not ask the same thing at once.
  index = math.floor((id - 1) * #requests / 4)
  failed = 0
  answered = 0
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failed_total, answered_total = 0, 0
  for _, thread in ipairs(threads) do
    failed_total = failed_total + thread:get("failed")
    answered_total = answered_total + thread:get("answered")
  end
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"duration_us": %d, "requests": %d, "bytes": %d, "answered": %d, "failed_responses": %d, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d}}',
    summary.duration, summary.requests, summary.bytes, answered_total, failed_total,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99)))
  out:close()
end
