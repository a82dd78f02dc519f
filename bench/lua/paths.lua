-- GET requests rotating over the paths listed in BENCH_DATA (one per line),
-- each thread starting at its own place, with BENCH_COOKIE: distinct pages,
-- so that no two requests in a row ask for the same kept answer.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local paths, turn = {}, 0
local headers = {}

function init(args)
  for _, row in ipairs(common.read_lines(os.getenv("BENCH_DATA"))) do
    table.insert(paths, row[1])
  end
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie then headers["Cookie"] = cookie end
  turn = tid * 7919
end

function request()
  turn = turn + 1
  return wrk.format("GET", paths[turn % #paths + 1], headers)
end

function response(status, headers, body)
  common.count(status, body)
end

setup = common.setup
done = common.done
