#!/usr/bin/env python3
"""UN monitoring at scale (issue 24): imports 20,000 synthetic recommendations over HTTP (one CSV
file in the Universal Human Rights Index's shape, every row checked and classified), marks a
quarter of them in progress or implemented straight in SQLite, then times the recommendations list
filtered by cluster, mechanism and status (and by words), one request at a time over a kept-alive
connection, as p95 against /healthz p95 in the same run; and the recomputation of eleven computed
indicators for a year over the data there is.

    python3 Benchmarks/monitoring.py [--recommendations 20000] [--requests 200] [--no-build]
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import time
import urllib.request

from common import Server, Timer, build, p95

parser = argparse.ArgumentParser()
parser.add_argument("--recommendations", type=int, default=20_000)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

rng = random.Random(24)
PHRASES = ["corporal punishment", "birth registration", "child marriage", "children with disabilities", "inclusive education", "juvenile justice",
           "alternative care", "sexual exploitation", "child labour", "mental health", "data collection", "national plan of action", "best interests",
           "left behind", "asylum", "trafficking", "nutrition", "school dropout", "helpline", "independent monitoring", "budget allocation"]
FILLER = "the committee recommends that the state party take all measures to ensure and strengthen its efforts including through".split()
MECHANISMS = [("CRC", "CRC/C/{c}/CO/{n}"), ("UPR", "A/HRC/{s}/{n}"), ("CEDAW", "CEDAW/C/{c}/CO/{n}"), ("CRPD", "CRPD/C/{c}/CO/{n}")]
COUNTRIES = ["CHN", "MNG", "KAZ", "KGZ", "VNM", "LAO", "KHM", "THA", "NPL", "BGD"]


def text():
    words = [rng.choice(FILLER) for _ in range(rng.randint(12, 30))]
    for phrase in rng.sample(PHRASES, rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), phrase)
    return "Synthetic: " + " ".join(words) + "."


def csv_field(value):
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


rows, n, symbols = ["mechanism,document_symbol,paragraph,text,year,country,recommending_state,position"], 0, set()
while n < args.recommendations:
    mechanism, shape = rng.choice(MECHANISMS)
    country, year, report = rng.choice(COUNTRIES), rng.randint(1996, 2026), rng.randint(1, 9)
    symbol = shape.format(c=country, n=report if mechanism != "UPR" else rng.randint(1, 99), s=rng.randint(1, 60))
    if symbol in symbols:
        continue
    symbols.add(symbol)
    for paragraph in range(1, rng.randint(20, 120)):
        if n >= args.recommendations:
            break
        upr = mechanism == "UPR"
        rows.append(",".join([mechanism, symbol, f"{rng.randint(100, 199)}.{paragraph}" if upr else str(paragraph), csv_field(text()), str(year), country,
                              "Synthetic State" if upr else "", rng.choice(["supported", "noted"]) if upr else ""]))
        n += 1
body = ("\n".join(rows) + "\n").encode()

server = Server()
officer = server.user("bench-officer", ["monitoring_officer"])
begin = time.perf_counter()
request = urllib.request.Request(server.base + "/api/monitoring/recommendations/imports", data=body, method="POST",
                                 headers={"content-type": "text/csv", "authorization": "Bearer " + officer})
with urllib.request.urlopen(request, timeout=600) as response:
    report = json.loads(response.read())
import_seconds = time.perf_counter() - begin

# a quarter in progress or implemented, as years of assessments would leave them
data_dir = server.data_dir
server.stop()
db = sqlite3.connect(os.path.join(data_dir, "safeguard.sqlite"))
ids = [row[0] for row in db.execute("SELECT id FROM un_recommendations")]
db.executemany("UPDATE un_recommendations SET status = ? WHERE id = ?",
               [(rng.choice(["in_progress", "partially_implemented", "implemented"]), i) for i in rng.sample(ids, len(ids) // 4)])
db.commit()
db.close()
server = Server(data_dir=data_dir)
officer = server.token("bench-officer", "benchmark user password")
for figure in ["helpline.contacts", "helpline.sexual_violence", "reporting.reports_filed", "reporting.acknowledged_in_time", "clinical.girls_under_14",
               "clinical.girls_under_14_reported", "lodging.red_flag_stays", "vetting.checks", "vetting.hits", "legal.children_represented",
               "training.professionals_trained"]:
    server.request("POST", "/api/monitoring/indicators", {"title": "Synthetic " + figure, "cluster": "violence_against_children", "figure": figure}, officer)

timed = Timer(server, officer)
for _ in range(30):
    timed("/healthz", auth=False)
baseline = [timed("/healthz", auth=False) for _ in range(args.requests)]
clusters = ["violence_against_children", "education_leisure_culture", "general_measures", "special_protection", "family_environment"]
mechanisms = ["crc", "upr", "cedaw", "crpd"]
statuses = ["not_started", "in_progress", "implemented"]
cases = {
    "cluster + mechanism + status": lambda: f"/api/monitoring/recommendations?cluster={rng.choice(clusters)}&mechanism={rng.choice(mechanisms)}&status={rng.choice(statuses)}",
    "cluster + mechanism + status, page 5": lambda: f"/api/monitoring/recommendations?cluster={rng.choice(clusters)}&mechanism={rng.choice(mechanisms)}&status=not_started&page=5",
    "cluster only": lambda: f"/api/monitoring/recommendations?cluster={rng.choice(clusters)}",
    "status implemented": lambda: "/api/monitoring/recommendations?status=implemented",
    "words (helpline)": lambda: "/api/monitoring/recommendations?q=" + rng.choice(["helpline", "trafficking", "nutrition"]),
    "a recommendation's page (JSON)": lambda: f"/api/monitoring/recommendations/{rng.choice(ids)}",
}
results = {name: [timed(make()) for _ in range(args.requests)] for name, make in cases.items()}
begin = time.perf_counter()
recomputed = server.request("POST", "/api/monitoring/indicators/recomputation", {"year": 2026}, officer)
recompute_seconds = time.perf_counter() - begin
server.stop()

print(f"imported {report['imported']} recommendations (one CSV file of {len(body) / 1e6:.1f} MB) over HTTP in {import_seconds:.1f} s")
print(f"{'healthz (baseline)':40s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    print(f"{name:40s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   p95/healthz {p95(samples) / p95(baseline):6.1f}   "
          f"{'ok' if p95(samples) < 50 else 'OVER 50 ms'}")
print(f"recomputed {recomputed['indicators']} computed indicators for a year in {recompute_seconds * 1000:.0f} ms "
      "(over the little data there is: the goal's million contacts and stays are not seeded here)")
