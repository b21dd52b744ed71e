-- wrk script: GET $LIST_PATH with the token in $TOKEN; prints requests/s and p50/p95/p99.
local token = os.getenv("TOKEN")
local path = os.getenv("LIST_PATH")

request = function()
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
