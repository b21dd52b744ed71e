-- wrk script: request the summary with the token in $TOKEN; with ROTATE=1 the parameters
-- rotate over units and days (mostly cache misses); prints requests/s and p50/p95/p99.
local token = os.getenv("TOKEN")
local rotate = os.getenv("ROTATE") == "1"
local counter = 0

request = function()
  counter = counter + 1
  local path = "/api/v1/summary/?document=5-NQ/TU&unit=BN"
  if rotate then
    -- 40 units x 1800 days from 2021-01-01: 3600 different summaries before one repeats
    local day = os.date("!%Y-%m-%d", 1609459200 + (counter % 1800) * 86400)
    path = string.format("/api/v1/summary/?unit=BN-S%02d&as_of=%s", counter % 40, day)
  end
  return wrk.format("GET", path, {["Authorization"] = "Token " .. token})
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d, errors: %d, non-2xx: %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  io.write(string.format("requests/s: %.1f\n", summary.requests / seconds))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d: %.1f ms\n", p, latency:percentile(p) / 1000))
  end
end
