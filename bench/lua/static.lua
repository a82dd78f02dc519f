-- One fixed request, repeated: BENCH_METHOD, BENCH_PATH, optional BENCH_BODY
-- (JSON), BENCH_COOKIE and BENCH_ACCEPT_ENCODING. No request()/response() functions, so wrk sends a
-- pre-built request and does not hand responses to Lua (fastest client side);
-- non-2xx responses are wrk's status errors.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
wrk.body = os.getenv("BENCH_BODY")
if wrk.body then wrk.headers["Content-Type"] = "application/json" end
local cookie = os.getenv("BENCH_COOKIE")
if cookie then wrk.headers["Cookie"] = cookie end
local encoding = os.getenv("BENCH_ACCEPT_ENCODING")
if encoding then wrk.headers["Accept-Encoding"] = encoding end

setup = common.setup
done = common.done
