#!/usr/bin/env python3
"""Contact list and search with a large database: seeds N contacts (default 1,000,000) straight
into SQLite with real AES-GCM ciphertext made from the server's own key file, then measures
filtered, paginated list requests over HTTP. Baseline: /healthz latency in the same run.

    python3 Benchmarks/list_search.py [--contacts 1000000] [--requests 300] [--no-build]
"""
import argparse
import base64
import json
import os
import random
import sqlite3
import statistics
import time
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common import Server, Timer, build, p95

parser = argparse.ArgumentParser()
parser.add_argument("--contacts", type=int, default=1_000_000)
parser.add_argument("--requests", type=int, default=300)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

CHANNELS = ["voice", "sms", "web_chat", "messaging", "email", "letter", "walk_in"]
URGENCY = ["low", "medium", "high", "immediate"]
CATEGORIES = ["violence.bullying", "violence.sexual", "violence.physical", "violence.neglect", "mental_health.suicidal",
              "mental_health.emotional_distress", "family.general", "peers.friends", "education_occupation.academic",
              "access_to_services.legal", "missing.runaway", "physical_health.pregnancy"]

# 1. A fresh server creates the schema, the key file and the counsellor; then it stops for seeding.
server = Server()
server.user("bench-counsellor", ["counsellor"])
server.stop()
data_dir = server.data_dir
db = sqlite3.connect(os.path.join(data_dir, "safeguard.sqlite"))
organisation, counsellor = db.execute("SELECT organisation_id, id FROM users WHERE username = 'bench-counsellor'").fetchone()
keys = json.load(open(os.path.join(data_dir, "keys.json")))
aes = AESGCM(base64.b64decode(keys["keys"][keys["current"]]))


def seal(text, record_id, column):
    nonce = os.urandom(12)
    sealed = aes.encrypt(nonce, text.encode(), f"contacts/{record_id}/{column}".encode())
    return f"v1.{keys['current']}.{base64.b64encode(nonce + sealed).decode()}"


# 2. Seed in batches, one transaction each.
started = time.time()
now = time.time()
rng = random.Random(42)
batch = 20_000
for offset in range(0, args.contacts, batch):
    contacts, categories = [], []
    for i in range(offset, min(offset + batch, args.contacts)):
        contact_id = str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
        at = now - (args.contacts - i) * 30.0  # one contact every 30 seconds, newest last
        codes = sorted(set(rng.sample(CATEGORIES, rng.choice([1, 1, 2]))))
        contacts.append((contact_id, organisation, counsellor, rng.choice(CHANNELS), "child_self", at, at + 600, "child", 0,
                         seal("Synthetic summary of a helpline contact for benchmarking.", contact_id, "summary"),
                         rng.randint(6, 17), ",".join(codes), rng.choice(URGENCY), "counselling", 0, 0, at))
        categories.extend((contact_id, code) for code in codes)
    with db:
        db.executemany("""INSERT INTO contacts (id, organisation_id, counsellor_id, channel, contact_type, started_at, ended_at,
            caller_type, caller_anonymous, summary, child_age, categories, urgency, actions, callback_requested, callback_consent,
            created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", contacts)
        db.executemany("INSERT INTO contact_categories (contact_id, code) VALUES (?, ?)", categories)
db.execute("ANALYZE")
db.close()
seeded = time.time() - started

# 3. Measure over HTTP with one persistent connection, one request at a time.
server = Server(data_dir=data_dir)
token = server.token("bench-counsellor", "benchmark user password")
timed = Timer(server, token)


day = 86400
queries = {
    "newest page": lambda: "/api/contacts",
    "channel + urgency": lambda: "/api/contacts?channel=voice&urgency=high",
    "top category": lambda: "/api/contacts?category=violence",
    "subcategory": lambda: "/api/contacts?category=mental_health.suicidal",
    "one week, page 3": lambda: "/api/contacts?page=3&from=%s&to=%s" % (
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 200 * day)), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 193 * day))),
    "page 40": lambda: "/api/contacts?page=40",
}
for _ in range(30):
    timed("/healthz", auth=False)
baseline = sorted(timed("/healthz", auth=False) for _ in range(args.requests))
results = {}
for name, path in queries.items():
    for _ in range(10):
        timed(path())
    samples = sorted(timed(path()) for _ in range(args.requests))
    results[name] = samples
rss = server.rss_mib()
server.stop()



print(f"seeded {args.contacts} contacts in {seeded:.0f} s")
print(f"{'healthz (baseline)':22s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    print(f"{name:22s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   "
          f"p95/healthz {p95(samples) / p95(baseline):6.1f}   {'ok' if p95(samples) < 50 else 'OVER 50 ms'}")
print(f"RSS after the run {rss:.1f} MiB")
