#!/usr/bin/env python3
"""Writes Tests/SafeguardCoreTests/RecurrenceFixtures.swift: repeat rules and the days python-dateutil
(an independent RFC 5545 implementation) expands them to, for the differential test of
`RecurrenceRule`. Starts are chosen on a day the rule itself gives, as dateutil (unlike RFC 5545)
does not count a DTSTART the rule would not give.

    python3 Tools/recurrence_fixtures.py
"""
import datetime
import os
import random

from dateutil.rrule import rrulestr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rng = random.Random(5545)
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
lines = []
while len(lines) < 300:
    start = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1100))
    kind = rng.choice(["daily", "weekly", "weekly-days", "monthly", "monthly-days", "monthly-ordinal"])
    interval = rng.choice([1, 1, 1, 2, 3])
    parts = []
    if kind == "daily":
        parts.append("FREQ=DAILY")
    elif kind == "weekly":
        parts.append("FREQ=WEEKLY")
    elif kind == "weekly-days":
        days = sorted(set(rng.sample(DAYS, rng.randint(1, 4)) + [DAYS[start.weekday()]]), key=DAYS.index)
        parts += ["FREQ=WEEKLY", "BYDAY=" + ",".join(days)]
    elif kind == "monthly":
        parts.append("FREQ=MONTHLY")
        start = start.replace(day=min(start.day, 28))
    elif kind == "monthly-days":
        extra = rng.sample([1, 5, 15, 28, 30, 31, -1, -2], 2)
        start = start.replace(day=rng.choice([1, 5, 15, 28]))
        parts += ["FREQ=MONTHLY", "BYMONTHDAY=" + ",".join(str(d) for d in sorted(set(extra + [start.day])))]
    else:
        weekday = rng.choice(DAYS)
        ordinal = rng.choice([1, 2, 3, -1])
        parts += ["FREQ=MONTHLY", f"BYDAY={ordinal}{weekday}"]
        # the first month's matching day as the start
        first = start.replace(day=1)
        matching = [first + datetime.timedelta(days=k) for k in range(31)
                    if (first + datetime.timedelta(days=k)).month == first.month and (first + datetime.timedelta(days=k)).weekday() == DAYS.index(weekday)]
        start = matching[ordinal - 1] if ordinal > 0 else matching[ordinal]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if rng.random() < 0.5:
        parts.append(f"COUNT={rng.randint(1, 60)}")
    else:
        until = start + datetime.timedelta(days=rng.randint(0, 400))
        parts.append("UNTIL=" + until.strftime("%Y%m%d"))
    rule = ";".join(parts)
    expanded = [d.date() for d in rrulestr(rule, dtstart=datetime.datetime.combine(start, datetime.time()))]
    if not expanded or expanded[0] != start or len(expanded) > 500 or (expanded[-1] - start).days > 731:
        continue
    lines.append(f"{rule}|{start.isoformat()}|{','.join(str((d - start).days) for d in expanded)}")

with open(os.path.join(ROOT, "Tests", "SafeguardCoreTests", "RecurrenceFixtures.swift"), "w") as out:
    out.write("// Written by Tools/recurrence_fixtures.py from python-dateutil's expansion; do not edit.\n")
    out.write("// Each line: the rule, the first day, and each occurrence as days after the first.\n")
    out.write("enum RecurrenceFixtures {\n    static let cases = \"\"\"\n")
    for line in lines:
        out.write(line + "\n")
    out.write("\"\"\"\n}\n")
print(len(lines), "cases")
