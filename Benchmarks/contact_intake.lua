-- wrk script: POST a typical helpline contact with the bearer token from the environment.
-- Each request comes from a caller drawn from a million numbers, as on a real line where most
-- callers are new and some call again.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SAFEGUARD_TOKEN")
local template = [[{"channel":"voice","contactType":"child_self","caller":{"type":"child","identifier":"+86 138 %07d"},
 "child":{"age":13,"gender":"female","location":"Synthetic District 7","school":"Synthetic Middle School"},
 "categories":["violence.bullying","mental_health.emotional_distress"],"urgency":"high",
 "summary":"Synthetic narrative: pupil describes being hit by classmates after school, asks what to do.",
 "actions":["counselling"],"callbackRequested":false,"callbackConsent":false}]]

-- wrk gives every thread its own Lua state with the same seed: without a seed per thread the
-- threads would send the same callers in the same order.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + thread_number)
end

request = function()
  return wrk.format(nil, nil, nil, string.format(template, math.random(0, 999999)))
end
