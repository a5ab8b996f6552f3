-- wrk script: CDS Hooks encounter-start calls, each with its own signed JWT (the service refuses
-- a replayed jti). Tokens come one per line from SAFEGUARD_TOKENS, split between wrk's threads;
-- the request body from SAFEGUARD_BODY. The request around the token is the same every time, so
-- it is formatted once: wrk shares the benchmark's two cores with the server, and formatting an
-- 8 KB request per call cost it a third of its CPU.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(os.getenv("WRK_THREADS"))
  tokens = {}
  local n = 0
  for line in io.lines(os.getenv("SAFEGUARD_TOKENS")) do
    if n % count == id then table.insert(tokens, line) end
    n = n + 1
  end
  local file = io.open(os.getenv("SAFEGUARD_BODY"))
  local body = file:read("*a")
  file:close()
  local marker = "@TOKEN@"
  local formatted = wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. marker}, body)
  local at = string.find(formatted, marker, 1, true)
  before = string.sub(formatted, 1, at - 1)
  after = string.sub(formatted, at + #marker)
  used = 0
end

request = function()
  used = used + 1
  local token = tokens[used] or tokens[(used % #tokens) + 1]
  return before .. token .. after
end
