#!/usr/bin/env python3
"""UN monitoring at scale (issue 24): imports 20,000 synthetic recommendations over HTTP (one CSV
file in the Universal Human Rights Index's shape, every row checked and classified), marks a
quarter of them in progress or implemented straight in SQLite, then times the recommendations list
filtered by cluster, mechanism and status (and by words), one request at a time over a kept-alive
connection, as p95 against /healthz p95 in the same run; and the recomputation of eleven computed
indicators for a year over 1,000,000 helpline contacts, 1,000,000 hotel stays and 100,000 cases
(seeded straight into SQLite, the contacts' summaries with real AES-GCM from the server's key file);
and the export of a report of about thirty pages, with twenty tables and ten charts, to Word and to
its printable page.

    python3 Benchmarks/monitoring.py [--recommendations 20000] [--contacts 1000000] [--stays 1000000]
                                     [--cases 100000] [--requests 200] [--no-build]
"""
import argparse
import base64
import json
import os
import random
import sqlite3
import statistics
import time
import urllib.request
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common import Server, Timer, build, p95

parser = argparse.ArgumentParser()
parser.add_argument("--recommendations", type=int, default=20_000)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--contacts", type=int, default=1_000_000)
parser.add_argument("--stays", type=int, default=1_000_000)
parser.add_argument("--cases", type=int, default=100_000)
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

# the officer's organisation's records, over the last three years: what the computed figures count
organisation, officer_id = db.execute("SELECT organisation_id, id FROM users WHERE username = 'bench-officer'").fetchone()
keys = json.load(open(os.path.join(data_dir, "keys.json")))
aes = AESGCM(base64.b64decode(keys["keys"][keys["current"]]))


def seal(text, record_id, column):
    nonce = os.urandom(12)
    return f"v1.{keys['current']}.{base64.b64encode(nonce + aes.encrypt(nonce, text.encode(), f'contacts/{record_id}/{column}'.encode())).decode()}"


def new_id():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


seeding = time.perf_counter()
now, span = time.time(), 3 * 365 * 86400
CATEGORIES = ["violence.sexual", "violence.physical", "violence.bullying", "mental_health.suicidal", "family.general", "education_occupation.academic"]
for offset in range(0, args.contacts, 50_000):
    contacts, categories = [], []
    for i in range(offset, min(offset + 50_000, args.contacts)):
        contact_id, at = new_id(), now - (args.contacts - i) * span / max(args.contacts, 1)
        code = rng.choice(CATEGORIES)
        contacts.append((contact_id, organisation, officer_id, "voice", "child_self", at, at + 600, "child", 0,
                         seal("Synthetic summary of a helpline contact for benchmarking.", contact_id, "summary"), rng.randint(6, 17), code, "medium",
                         "counselling", 0, 0, at))
        categories.append((contact_id, code))
    with db:
        db.executemany("""INSERT INTO contacts (id, organisation_id, counsellor_id, channel, contact_type, started_at, ended_at, caller_type, caller_anonymous,
            summary, child_age, categories, urgency, actions, callback_requested, callback_consent, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", contacts)
        db.executemany("INSERT INTO contact_categories (contact_id, code) VALUES (?, ?)", categories)
colours = [(None, 3)] * 90 + [("yellow", 2)] * 6 + [("orange", 1)] * 3 + [("red", 0)]
for offset in range(0, args.stays, 50_000):
    rows = []
    for i in range(offset, min(offset + 50_000, args.stays)):
        at, (colour, rank) = now - (args.stays - i) * span / max(args.stays, 1), rng.choice(colours)
        rows.append((new_id(), organisation, str(rng.randint(100, 999)), at, at + 86400, 2, 1, colour, rank, "", "parent", 1, officer_id, at))
    with db:
        db.executemany("""INSERT INTO stays (id, organisation_id, room, checked_in_at, checked_out_at, guest_count, minor_count, flag_colour,
            flag_rank, observations, guardian_relationship, guardian_reached, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
with db:
    cases, matters = [], []
    for i in range(args.cases):
        case_id, at = new_id(), now - (args.cases - i) * span / max(args.cases, 1)
        cases.append((case_id, f"SG-BENCH-{i:06d}", organisation, officer_id, "assessment", "orange", "violence.physical", at, at))
        if i % 5 == 0:
            matters.append((new_id(), case_id, "victim_representation", at, 0.0, officer_id))
    db.executemany("INSERT INTO cases (id, reference, organisation_id, created_by, stage, risk, concerns, opened_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)", cases)
    db.executemany("INSERT INTO legal_matters (id, case_id, type, opened_at, pro_bono_hours, created_by) VALUES (?,?,?,?,?,?)", matters)
db.execute("ANALYZE")
db.close()
seed_seconds = time.perf_counter() - seeding
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
recompute = []
for _ in range(3):
    begin = time.perf_counter()
    recomputed = server.request("POST", "/api/monitoring/indicators/recomputation", {"year": time.gmtime(now).tm_year - 1}, officer)
    recompute.append(time.perf_counter() - begin)
figures = {i["figure"]: i["values"][0]["display"] for i in server.request("GET", "/api/monitoring/indicators", None, officer) if i["figure"] and i["values"]}

# a report of about thirty pages (15,000 words) with twenty tables and ten charts of indicators with five years each
alternative = server.request("POST", "/api/monitoring/reports", {"title": "Synthetic benchmark report", "country": "CHN", "mechanism": "crc", "language": "en",
                                                           "wordLimit": 20_000}, officer)["id"]
shown = []
for n in range(30):
    indicator = server.request("POST", "/api/monitoring/indicators", {"title": f"Synthetic indicator {n}", "cluster": "general_measures", "unit": "%"}, officer)["id"]
    for year in range(2021, 2026):
        server.request("POST", f"/api/monitoring/indicators/{indicator}/values",
                       {"periodStart": f"{year}-01-01", "periodEnd": f"{year}-12-31", "value": rng.randint(10, 90), "source": "Synthetic survey"}, officer)
    shown.append({"indicatorID": indicator, "presentation": "table" if n < 20 else "chart"})
by_cluster = {}
for row in server.request("GET", "/api/monitoring/recommendations?country=CHN&mechanism=crc", None, officer)["items"]:
    for cluster in row.get("clusters", []):
        by_cluster.setdefault(cluster, []).append(row["id"])
sections = ["general_measures", "definition_of_the_child", "general_principles", "civil_rights", "violence_against_children", "family_environment",
            "disability_health_welfare", "education_leisure_culture", "special_protection", "opsc"]
for index, cluster in enumerate(sections):
    paragraphs = ["Synthetic: " + " ".join(rng.choice(FILLER) for _ in range(120)) + "." for _ in range(12)]
    server.request("POST", f"/api/monitoring/reports/{alternative}/sections/{cluster}",
                   {"stateClaims": "Synthetic: " + " ".join(rng.choice(FILLER) for _ in range(60)), "findings": "\n\n".join(paragraphs),
                    "recommendationIDs": by_cluster.get(cluster, [])[:20], "figures": shown[index * 3:index * 3 + 3]}, officer)
words = server.request("GET", f"/api/monitoring/reports/{alternative}", None, officer)["words"]
docx = [timed(f"/api/monitoring/reports/{alternative}/report.docx") for _ in range(20)]
with urllib.request.urlopen(urllib.request.Request(server.base + f"/api/monitoring/reports/{alternative}/report.docx",
                                                   headers={"authorization": "Bearer " + officer})) as response:
    docx_bytes = len(response.read())
server.stop()

print(f"imported {report['imported']} recommendations (one CSV file of {len(body) / 1e6:.1f} MB) over HTTP in {import_seconds:.1f} s")
print(f"{'healthz (baseline)':40s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    print(f"{name:40s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   p95/healthz {p95(samples) / p95(baseline):6.1f}   "
          f"{'ok' if p95(samples) < 50 else 'OVER 50 ms'}")
print(f"seeded {args.contacts} contacts, {args.stays} stays, {args.cases} cases straight into SQLite in {seed_seconds:.0f} s")
print(f"recomputed {recomputed['indicators']} computed indicators for a year: {', '.join(f'{t * 1000:.0f} ms' for t in recompute)} "
      f"({'ok' if max(recompute) < 5 else 'OVER 5 s'}); {figures}")
print(f"report to Word: {words} words, 20 tables, 10 charts, {docx_bytes / 1024:.0f} KiB; p50 {statistics.median(docx):.1f} ms   p95 {p95(docx):.1f} ms   "
      f"p95/healthz {p95(docx) / p95(baseline):.0f}   {'ok' if p95(docx) < 2000 else 'OVER 2 s'}")
