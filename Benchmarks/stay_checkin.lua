-- wrk script: a hotel clerk checks in a minor with a co-occupant. Each request draws a new
-- synthetic minor (resident ID with a valid GB 11643 check digit, born 2010-2014) and adult,
-- and a relationship, so the red-flag rules run on varied stays.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SAFEGUARD_TOKEN")

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local relationships = {"parent", "parent", "parent", "grandparent", "legal_guardian", "teacher", "family_friend", "unrelated"}

local function resident_id(year)
  local first17 = string.format("110105%04d%02d%02d%03d", year, math.random(1, 12), math.random(1, 28), math.random(0, 999))
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(first17:sub(i, i)) * weights[i] end
  local index = sum % 11 + 1
  return first17 .. checks:sub(index, index)
end

local template = [[{"room":"%d","minors":[{"name":"Synthetic Minor","documentType":"resident_id","documentNumber":"%s","identityCheck":"document_inspected"}],
"guardian":{"name":"Synthetic Guardian","phone":"+86 139 0000 %04d","relationship":"parent","reached":true},
"coOccupants":[{"name":"Synthetic Adult","documentType":"resident_id","documentNumber":"%s","relationship":"%s"}]}]]

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
  local body = string.format(template, math.random(100, 999), resident_id(math.random(2010, 2014)), math.random(0, 9999),
    resident_id(math.random(1965, 1995)), relationships[math.random(1, #relationships)])
  return wrk.format(nil, nil, nil, body)
end
