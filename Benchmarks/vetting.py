#!/usr/bin/env python3
"""Employment-prohibition vetting over HTTP (issue 4), on the files of Benchmarks/vetting_data.py:

    python3 Benchmarks/vetting_data.py            # 1,000,000 registry records and roster rows
    python3 Benchmarks/vetting.py [--data /tmp/vetting-bench] [--seconds 10] [--no-build]

1. /healthz at 32 connections: the baseline of this run;
2. the registry import: the CSV streamed to POST /api/vetting/registry/imports (all or nothing);
3. the yearly re-check end to end: the roster CSV streamed to POST /api/vetting/roster, then
   POST /api/vetting/rechecks, until its report of exact hits; then the background work (the
   roster's keys, the search for possible matches), until the report says it is done (or
   --search-timeout seconds); compared with truth.csv;
4. the server's peak resident memory while it reads the files (bounded: it streams them).
Rows per second are also given as a ratio to /healthz requests per second of the same run."""
import argparse
import csv
import http.client
import json
import os
import threading
import time

from common import ADMIN_PASSWORD, Server, build, wrk

parser = argparse.ArgumentParser()
parser.add_argument("--data", default="/tmp/vetting-bench")
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--no-build", action="store_true")
parser.add_argument("--import-only", action="store_true",
                    help="stop after the registry import: its time, the server's CPU seconds and peak memory")
parser.add_argument("--search-timeout", type=float, default=None,
                    help="stop waiting for the background search for possible matches after this many seconds")
args = parser.parse_args()
if not args.no_build:
    build()


class PeakMemory(threading.Thread):
    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.peak_anon, self.running = server, 0.0, 0.0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.server.rss_mib())
            self.peak_anon = max(self.peak_anon, self.server.rss_mib("RssAnon"))
            time.sleep(0.05)

    def figures(self):
        return f"peak RSS {self.peak:.0f} MiB (own memory {self.peak_anon:.0f} MiB, the rest mapped database pages)"


def stream(server, path, token, file):
    """POSTs a file as the request body in 1 MiB blocks; returns (status, answer, seconds)."""
    begin = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3600, blocksize=1 << 20)
    with open(file, "rb") as body:
        connection.request("POST", path, body=body, headers={"authorization": "Bearer " + token, "content-type": "text/csv",
                                                             "content-length": str(os.path.getsize(file))})
        response = connection.getresponse()
        answer = json.loads(response.read())
    return response.status, answer, time.perf_counter() - begin


def post(server, path, token, body=None):
    begin = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3600)
    connection.request("POST", path, body=json.dumps(body) if body is not None else None,
                       headers={"authorization": "Bearer " + token, "content-type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"null"), time.perf_counter() - begin


server = Server()
admin = server.token("admin", ADMIN_PASSWORD)
root = server.request("GET", "/api/regions", token=admin)[0]["id"]
school = server.request("POST", "/api/organisations", {"name": "Synthetic School", "type": "school", "regionID": root}, admin)["id"]
users = {}
for username, roles, organisation in (("bench-keeper", ["registry_keeper"], None), ("bench-officer", ["vetting_officer"], school),
                                      ("bench-deputy", ["vetting_officer"], school)):
    body = {"username": username, "displayName": username, "roles": roles, "password": "benchmark user password"}
    if organisation:
        body["organisationID"] = organisation
    users[username] = server.request("POST", "/api/users", body, admin)["id"]
keeper = server.token("bench-keeper", "benchmark user password")
officer = server.token("bench-officer", "benchmark user password")
server.request("POST", "/api/vetting/units", {"unitType": "school", "contact1ID": users["bench-officer"], "contact2ID": users["bench-deputy"]}, officer)
post(server, f"/api/vetting/units/{school}/approve", keeper)

health = wrk(server.base + "/healthz", 32, args.seconds)
registry_rows = sum(1 for _ in open(os.path.join(args.data, "registry.csv"), encoding="utf-8")) - 1
roster_rows = sum(1 for _ in open(os.path.join(args.data, "roster.csv"), encoding="utf-8")) - 1
memory = PeakMemory(server)
memory.start()
cpu_before = server.cpu_seconds()
status, imported, import_seconds = stream(server, "/api/vetting/registry/imports?mode=all_or_nothing", keeper,
                                          os.path.join(args.data, "registry.csv"))
assert status == 201, (status, imported)
import_peak = memory.figures()
if args.import_only:
    import_cpu = server.cpu_seconds() - cpu_before
    server.stop()
    print(f"healthz               {health[0]:10.0f} req/s   p50 {health[1]:7.2f} ms   p99 {health[2]:7.2f} ms")
    print(f"registry import       {registry_rows:10d} rows in {import_seconds:7.2f} s = {registry_rows / import_seconds:9.0f} rows/s"
          f"   ratio to healthz {registry_rows / import_seconds / health[0]:.2f}   server CPU {import_cpu:.1f} s   {import_peak}")
    raise SystemExit(0)
status, uploaded, upload_seconds = stream(server, "/api/vetting/roster", officer, os.path.join(args.data, "roster.csv"))
assert status == 201, (status, uploaded)
status, report, recheck_seconds = post(server, "/api/vetting/rechecks", officer)
assert status == 201, (status, report)
report_peak = memory.figures()
begin = time.perf_counter()
while True:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    # The list, not the report: it reads no names, so polling takes little from the search.
    connection.request("GET", "/api/vetting/rechecks", headers={"authorization": "Bearer " + officer})
    searched = next(r for r in json.loads(connection.getresponse().read()) if r["id"] == report["id"])
    if searched["possibleMatches"] == "done":
        break
    if args.search_timeout is not None and time.perf_counter() - begin > args.search_timeout:
        break
    time.sleep(0.2)
search_seconds = time.perf_counter() - begin
memory.running = False
exact_truth = sum(1 for row in csv.DictReader(open(os.path.join(args.data, "truth.csv"), encoding="utf-8")) if row["kind"] == "exact")
end_to_end = upload_seconds + recheck_seconds
server.stop()

print(f"healthz               {health[0]:10.0f} req/s   p50 {health[1]:7.2f} ms   p99 {health[2]:7.2f} ms")
print(f"registry import       {registry_rows:10d} rows in {import_seconds:7.2f} s = {registry_rows / import_seconds:9.0f} rows/s"
      f"   ratio to healthz {registry_rows / import_seconds / health[0]:.2f}   {import_peak}")
print(f"roster upload         {roster_rows:10d} rows in {upload_seconds:7.2f} s = {roster_rows / upload_seconds:9.0f} rows/s")
print(f"exact re-check        {report['checked']:10d} staff in {recheck_seconds:7.2f} s: prohibited {report['prohibited']}"
      f" (true exact hits {exact_truth})")
print(f"possible matches      {search_seconds:7.2f} s more in the background ({searched['possibleMatches']}): under review {searched['underReview']}"
      f"   {memory.figures()}")
print(f"upload + exact        {end_to_end:7.2f} s end to end (goal < 10 s) = {roster_rows / end_to_end:9.0f} rows/s"
      f"   ratio to healthz {roster_rows / end_to_end / health[0]:.2f}   {report_peak}")
