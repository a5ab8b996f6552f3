-- wrk script: marks attendance for one session, drawing each request's body from the file named by
-- SAFEGUARD_BODIES (one JSON body per line: one person at the door, or a whole register).
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SAFEGUARD_TOKEN")

local bodies = {}
for line in io.lines(os.getenv("SAFEGUARD_BODIES")) do bodies[#bodies + 1] = line end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + thread_number)
end

request = function()
  return wrk.format(nil, nil, nil, bodies[math.random(1, #bodies)])
end
