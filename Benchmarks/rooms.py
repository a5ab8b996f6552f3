#!/usr/bin/env python3
"""Room bookings at scale (issue 23): 50 rooms, each booked through the API for a year by weekly
series (five weekdays, six two-hour slots: 30 series of 52 weeks a room, 78,000 occurrences);
then times, one request at a time over a kept-alive connection, checking a new weekly series of a
year (52 occurrences, half of them free, half overlapping) and booking one in a free evening
slot, against /healthz in the same run (p50 and p95, milliseconds).

    python3 Benchmarks/rooms.py [--rooms 50] [--requests 200] [--no-build]
"""
import argparse
import datetime
import http.client
import json
import random
import statistics
import time

from common import Server, build, p95

parser = argparse.ArgumentParser()
parser.add_argument("--rooms", type=int, default=50)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

rng = random.Random(23)
server = Server()
manager = server.user("bench-rooms", ["room_manager"])
today = datetime.date.today()
monday = today + datetime.timedelta(days=14 - today.weekday())
DAYS = ["MO", "TU", "WE", "TH", "FR"]
SLOTS = [("08:00", "10:00"), ("10:00", "12:00"), ("12:00", "14:00"), ("14:00", "16:00"), ("16:00", "18:00"), ("18:00", "20:00")]

rooms = []
begin = time.perf_counter()
for n in range(args.rooms):
    rooms.append(server.request("POST", "/api/rooms", {"name": f"Room {n + 1}", "capacity": 30, "openDays": "MO,TU,WE,TH,FR,SA,SU",
                                                       "opens": "07:00", "closes": "23:00"}, manager)["id"])
    for index, day in enumerate(DAYS):
        for starts, ends in SLOTS:
            server.request("POST", "/api/rooms/bookings", {"roomID": rooms[-1], "purpose": "training", "title": f"Series {day} {starts}", "people": 20,
                                                           "firstDay": (monday + datetime.timedelta(days=index)).isoformat(), "starts": starts,
                                                           "ends": ends, "rule": "FREQ=WEEKLY;COUNT=52"}, manager)
seeded = time.perf_counter() - begin
occurrences = args.rooms * len(DAYS) * len(SLOTS) * 52


def timed(connection, method, path, body=None):
    data = json.dumps(body) if body is not None else None
    begin = time.perf_counter()
    connection.request(method, path, body=data, headers={"authorization": "Bearer " + manager, "content-type": "application/json"})
    response = connection.getresponse()
    raw = response.read()
    elapsed = (time.perf_counter() - begin) * 1000
    assert response.status in (200, 201), (path, response.status, raw[:300])
    return elapsed, raw


def new_series(free):
    """A weekly series of a year in a random room: in a free evening slot, or from 09:00 on a weekday
    from its first week on, so that it overlaps every week (the check names every overlap)."""
    day = rng.randrange(5)
    first = monday + datetime.timedelta(days=day + (0 if free else 7 * 26))
    starts, ends = ("20:00", "22:00") if free else ("09:00", "11:00")
    return {"roomID": rng.choice(rooms), "purpose": "seminar", "title": "New series", "people": 12, "firstDay": first.isoformat(),
            "starts": starts, "ends": ends, "rule": "FREQ=WEEKLY;COUNT=52"}


connection = http.client.HTTPConnection("127.0.0.1", server.port)
health, checks, conflicts, books = [], [], [], []
for n in range(args.requests):
    health.append(timed(connection, "GET", "/healthz")[0])
    elapsed, raw = timed(connection, "POST", "/api/rooms/booking-checks", new_series(free=n % 2 == 0))
    checks.append(elapsed)
    conflicts.append(json.loads(raw)["conflicts"])
# bookings that save: a free evening slot per room and weekday, once each
for n in range(min(args.requests, args.rooms * 2)):
    body = new_series(free=True)
    body["roomID"] = rooms[n % args.rooms]
    body["firstDay"] = (monday + datetime.timedelta(days=5 + n // args.rooms)).isoformat()
    books.append(timed(connection, "POST", "/api/rooms/bookings", body)[0])
server.stop()

print(f"rooms: {args.rooms}, occurrences seeded: {occurrences:,} in {seeded:.1f} s ({args.rooms * len(DAYS) * len(SLOTS):,} series over HTTP)")
print(f"/healthz, one at a time: p50 {statistics.median(health):.2f} ms, p95 {p95(health):.2f} ms")
print(f"check a new weekly series of a year (52 occurrences): p50 {statistics.median(checks):.2f} ms, p95 {p95(checks):.2f} ms "
      f"(goal < 50 ms); overlaps found: {sum(1 for c in conflicts if c)} of {len(conflicts)} checks, {max(conflicts)} at most")
print(f"book a weekly series of a year (52 occurrences, checked and written): p50 {statistics.median(books):.2f} ms, p95 {p95(books):.2f} ms")
print(f"ratios to /healthz p95: check {p95(checks) / p95(health):.1f}, book {p95(books) / p95(health):.1f}")
