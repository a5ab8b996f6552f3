#!/usr/bin/env python3
"""Hotel registration of minors (issue 5):
1. HTTP check-in with red-flag evaluation at 32 connections, as a ratio to /healthz in the same run;
2. the police's list of minor stays with N stays in the database (default 10,000,000), one request
   at a time over a kept-alive connection, as p95 against /healthz p95 in the same run.

    python3 Benchmarks/lodging.py [--stays 10000000] [--seconds 10] [--requests 200] [--no-build]

Seeded stays carry no names, documents or guardian details (the list reads none of them).
"""
import argparse
import os
import random
import sqlite3
import statistics
import time
import uuid

from common import ADMIN_PASSWORD, CPUMeter, Server, Timer, around, build, mean_rps, p95, wrk

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--stays", type=int, default=10_000_000)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

# 1. Ten districts with ten hotels each; police in district 0; a clerk at hotel 0.
server = Server()
admin = server.token("admin", ADMIN_PASSWORD)
root = server.request("GET", "/api/regions", token=admin)[0]["id"]
districts = [server.request("POST", "/api/regions", {"code": f"D{d}", "name": f"District {d}", "parentID": root}, admin)["id"] for d in range(10)]
hotels = [server.request("POST", "/api/lodging-businesses", {"name": f"Synthetic Hotel {d}-{h}", "regionID": districts[d],
                                                             "licenceNumber": f"LIC-{d}-{h}", "address": f"{h} Synthetic Road"}, admin)["id"]
          for d in range(10) for h in range(10)]
police = server.request("POST", "/api/organisations", {"name": "District 0 Police", "type": "police", "regionID": districts[0]}, admin)["id"]
for username, roles, organisation in (("bench-clerk", ["hotel_clerk"], hotels[0]), ("bench-police", ["authority_receiver"], police)):
    server.request("POST", "/api/users", {"username": username, "displayName": username, "roles": roles, "organisationID": organisation,
                                          "password": "benchmark user password"}, admin)
clerk = server.token("bench-clerk", "benchmark user password")

os.environ["SAFEGUARD_TOKEN"] = clerk
meter = CPUMeter(server)
health, checkin = around(lambda: meter.wrk("check-in", server.base + "/api/stays", 32, args.seconds, os.path.join(HERE, "stay_checkin.lua")),
                         lambda: meter.wrk("healthz", server.base + "/healthz", 32, args.seconds))
cpu = meter.seconds
server.stop()
for when, run in zip(("before", "after"), health):
    print(f"healthz {when:6}   {run[0]:10.0f} req/s   p50 {run[1]:7.2f} ms   p99 {run[2]:7.2f} ms")
print(f"check-in         {checkin[0]:10.0f} req/s   p50 {checkin[1]:7.2f} ms   p99 {checkin[2]:7.2f} ms   non-2xx {checkin[3]}")
print(f"ratio check-in/healthz  {checkin[0] / mean_rps(health):.3f}   (goal >= 0.3; against the mean of the two baselines)")
print(f"server CPU per request: healthz {cpu['healthz'] / sum(run[4] for run in health) * 1e6:.0f} us, "
      f"check-in {cpu['check-in'] / checkin[4] * 1e6:.0f} us")

# 2. Seed N stays spread over the hundred hotels and five years; the last thousand still in the building.
db = sqlite3.connect(os.path.join(server.data_dir, "safeguard.sqlite"))
creator = db.execute("SELECT id FROM users WHERE username = 'bench-clerk'").fetchone()[0]
started = time.time()
now = time.time()
rng = random.Random(5)
colours = [(None, 3)] * 90 + [("yellow", 2)] * 6 + [("orange", 1)] * 3 + [("red", 0)]
batch = 50_000
for offset in range(0, args.stays, batch):
    rows = []
    for i in range(offset, min(offset + batch, args.stays)):
        at = now - (args.stays - i) * (5 * 365 * 86400 / args.stays)
        colour, rank = rng.choice(colours)
        rows.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper(), rng.choice(hotels), str(rng.randint(100, 999)), at,
                     None if i >= args.stays - 1000 else at + 86400, 2, 1, colour, rank, "", "parent", 1, creator, at))
    with db:
        db.executemany("""INSERT INTO stays (id, organisation_id, room, checked_in_at, checked_out_at, guest_count, minor_count, flag_colour,
            flag_rank, observations, guardian_relationship, guardian_reached, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
db.execute("ANALYZE")
db.close()
seeded = time.time() - started

server = Server(data_dir=server.data_dir)
token = server.token("bench-police", "benchmark user password")
timed = Timer(server, token)


queries = {"flagged first, newest": "/api/stays", "still in the building": "/api/stays?current=true",
           "flagged only": "/api/stays?flagged=true", "page 20": "/api/stays?page=20"}
for _ in range(30):
    timed("/healthz", auth=False)
baseline = sorted(timed("/healthz", auth=False) for _ in range(args.requests))
results = {}
for name, path in queries.items():
    for _ in range(5):
        timed(path)
    results[name] = sorted(timed(path) for _ in range(args.requests))
server.stop()



print(f"seeded {args.stays} stays in {seeded:.0f} s; the police see district 0 (about a tenth)")
print(f"{'healthz (baseline)':24s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    print(f"{name:24s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   p95/healthz {p95(samples) / p95(baseline):6.1f}   "
          f"{'ok' if p95(samples) < 50 else 'OVER 50 ms'}")
