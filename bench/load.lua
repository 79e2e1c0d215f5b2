-- wrk script for bench/load.sh: every connection signed in (the Cookie header passed with -H), rotating over all pages;
-- counts answers that are not 200 by status, printed at the end with the latency percentiles.
local paths = {}
for p in string.gmatch(os.getenv("QINGLING_LOAD_PATHS") or "/", "%S+") do paths[#paths + 1] = p end
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  counter = id
  statuses = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then statuses[status] = (statuses[status] or 0) + 1 end
end

function done(summary, latency, requests)
  local bad = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do bad[status] = (bad[status] or 0) + n end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("requests %d, per second %.0f\n", summary.requests, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  local n = 0
  for status, count in pairs(bad) do io.write(string.format("status %d: %d\n", status, count)); n = n + count end
  io.write(string.format("errors (socket errors and answers other than 200): %d\n", errors - summary.errors.status + n))
end
