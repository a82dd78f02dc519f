-- The walk-in cycle of guests: assign a new vehicle (the server picks the
-- slot), then release it. Each assign uses a vehicle number never used before
-- (BENCH_PREFIX, the thread and a counter); a vehicle whose assign succeeded is
-- released by the next request of the same thread. Requests rotate over the
-- guest sessions listed in BENCH_DATA (one cookie per line).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local prefix = os.getenv("BENCH_PREFIX") or "W"
local cookies, parked = {}, {}
local head, tail, counter, turn = 1, 0, 0, 0

function init(args)
  for _, row in ipairs(common.read_lines(os.getenv("BENCH_DATA"))) do
    table.insert(cookies, row[1])
  end
end

local json = { ["Content-Type"] = "application/json" }

function request()
  turn = turn + 1
  json["Cookie"] = cookies[(turn + tid) % #cookies + 1]
  if head <= tail then
    local vehicle = parked[head]
    parked[head] = nil
    head = head + 1
    return wrk.format("POST", "/release", json, '{"vehicle_number":"' .. vehicle .. '"}')
  end
  counter = counter + 1
  local vehicle = prefix .. tid .. "-" .. counter
  return wrk.format("POST", "/assign", json,
                    '{"vehicle_number":"' .. vehicle .. '","vehicle_type_id":3}')
end

function response(status, headers, body)
  common.count(status, body)
  if status == 200 and body:find(" assigned to slot ", 1, true) then
    local vehicle = body:match('"vehicle_number":"([^"]+)"')
    if vehicle then
      tail = tail + 1
      parked[tail] = vehicle
    end
  end
end

setup = common.setup
done = common.done
