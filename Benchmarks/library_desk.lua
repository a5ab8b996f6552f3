-- wrk script: lends or returns at the desk, each request with the next body of the file named by
-- SAFEGUARD_BODIES (one JSON body per line); each thread takes every n-th line, so no copy is asked
-- for twice.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SAFEGUARD_TOKEN")

local bodies = {}
for line in io.lines(os.getenv("SAFEGUARD_BODIES")) do bodies[#bodies + 1] = line end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
  thread:set("thread_count", 2)
end

local next_line = 0
request = function()
  local line = next_line * thread_count + thread_number
  next_line = next_line + 1
  return wrk.format(nil, nil, nil, bodies[((line - 1) % #bodies) + 1])
end
