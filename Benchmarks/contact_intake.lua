-- wrk script: POST a typical helpline contact with the bearer token from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SAFEGUARD_TOKEN")
wrk.body = [[{"channel":"voice","contactType":"child_self","caller":{"type":"child","identifier":"+86 138 0013 8000"},
 "child":{"age":13,"gender":"female","location":"Synthetic District 7","school":"Synthetic Middle School"},
 "categories":["violence.bullying","mental_health.emotional_distress"],"urgency":"high",
 "summary":"Synthetic narrative: pupil describes being hit by classmates after school, asks what to do.",
 "actions":["counselling"],"callbackRequested":false,"callbackConsent":false}]]
