-- Owners booking slots: every request a new one-hour window. BENCH_DATA lists
-- "cookie vehicle slot" lines, a distinct slot per vehicle; request k (unique
-- across threads) books vehicle k mod V on its slot for the hour
-- BENCH_BASE + floor(k / V) hours, so no two requests overlap on a slot or a
-- vehicle and all should succeed. Times are UTC (the server runs with
-- --time-zone UTC).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local base = tonumber(os.getenv("BENCH_BASE"))
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
local rows, counter = {}, 0
local json = { ["Content-Type"] = "application/json" }

function init(args)
  rows = common.read_lines(os.getenv("BENCH_DATA"))
end

function request()
  local k = counter * nthreads + tid
  counter = counter + 1
  local row = rows[k % #rows + 1]
  local start = base + math.floor(k / #rows) * 3600
  json["Cookie"] = row[1]
  return wrk.format("POST", "/reservations", json, string.format(
    '{"vehicle_number":"%s","slot_number":"%s","entry_time":"%s","exit_time":"%s"}',
    row[2], row[3], os.date("!%Y-%m-%dT%H:%M", start), os.date("!%Y-%m-%dT%H:%M", start + 3600)))
end

function response(status, headers, body)
  common.count(status, body)
end

setup = common.setup
done = common.done
