-- Shared by the scenario scripts: thread numbering, status counting and the
-- machine-readable summary line (BENCH_JSON ...) that bench/run.py reads.
local M = {}

local threads = {}

-- Runs in wrk's main Lua state once per thread, before the threads start.
function M.setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- For scripts that look at responses: counts statuses, keeps one error body.
function M.count(status, body)
  statuses = statuses or {}
  statuses[status] = (statuses[status] or 0) + 1
  if (status < 200 or status > 299) and not sample_error then
    sample_error = status .. " " .. (body or "")
  end
end

local function json_string(s)
  s = tostring(s or "")
  s = s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)
  return '"' .. s:sub(1, 300) .. '"'
end

-- Lines of a data file prepared by run.py (cookies, vehicles), as arrays of words.
function M.read_lines(path)
  local rows = {}
  for line in io.lines(path) do
    local row = {}
    for word in line:gmatch("%S+") do table.insert(row, word) end
    if #row > 0 then table.insert(rows, row) end
  end
  return rows
end

function M.done(summary, latency, requests)
  local merged, sample = {}, nil
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    if counted then
      for status, n in pairs(counted) do merged[status] = (merged[status] or 0) + n end
    end
    sample = sample or thread:get("sample_error")
  end
  local parts = {}
  for status, n in pairs(merged) do table.insert(parts, string.format('"%d":%d', status, n)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"statuses":{%s},"sample_error":%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ","), json_string(sample)))
end

return M
