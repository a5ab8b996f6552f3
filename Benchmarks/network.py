#!/usr/bin/env python3
"""The referral inboxes and the iCalendar feed at scale (issue 6): seeds 10,000 users (each a
psychologist with a directory entry), 10,000 cases and 100,000 referrals straight into SQLite
(summaries sealed with the server's own key), and 1,000 hearings for one lawyer; then times, one
request at a time over a kept-alive connection, "referrals to me" for a receiver holding about
a hundred of them, "sent" for the organisation that sent them all, and the lawyer's feed.
Baseline: /healthz p95 in the same run.

    python3 Benchmarks/network.py [--referrals 100000] [--users 10000] [--requests 200] [--no-build]
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import time
import uuid


from common import ADMIN_PASSWORD, Server, Timer, build, p95, Sealer

parser = argparse.ArgumentParser()
parser.add_argument("--referrals", type=int, default=100_000)
parser.add_argument("--users", type=int, default=10_000)
parser.add_argument("--events", type=int, default=1_000)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

# 1. A fresh server makes the schema, the keys and the three people we sign in as.
server = Server()
admin = server.token("admin", ADMIN_PASSWORD)
for username, roles in (("bench-sender", ["counsellor"]), ("bench-receiver", ["psychologist"]), ("bench-lawyer", ["lawyer"])):
    server.request("POST", "/api/users", {"username": username, "displayName": username, "roles": roles, "password": "benchmark user password"}, admin)
server.stop()
data_dir = server.data_dir
db = sqlite3.connect(os.path.join(data_dir, "safeguard.sqlite"))
organisation, region = db.execute("SELECT id, region_id FROM organisations LIMIT 1").fetchone()
ids = dict(db.execute("SELECT username, id FROM users"))
password_hash = db.execute("SELECT password_hash FROM users WHERE username = 'bench-sender'").fetchone()[0]
seal = Sealer(data_dir)


def new_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


started = time.time()
now = time.time()
rng = random.Random(6)
with db:
    users = [(new_id(rng), organisation, f"synthetic-{i}", f"Synthetic Psychologist {i}", password_hash, "en", 1, 0, 0, now) for i in range(args.users)]
    db.executemany("""INSERT INTO users (id, organisation_id, username, display_name, password_hash, locale, active, failed_logins,
        must_change_password, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)""", users)
    db.executemany("INSERT INTO role_grants (user_id, role) VALUES (?, 'psychologist')", [(u[0],) for u in users])
    entries = [(new_id(rng), u[3], u[0]) for u in users]
    receiver_entry = new_id(rng)
    entries.append((receiver_entry, "Bench Receiver", ids["bench-receiver"]))
    db.executemany("""INSERT INTO directory_entries (id, name, profession, services, languages, region_id, capacity, available, contact, user_id, created_at)
        VALUES (?, ?, 'psychologist', ',psychological_counselling,', ',zh,', ?, 3, 1, 'Synthetic contact', ?, ?)""",
                   [(e[0], e[1], region, e[2], now) for e in entries])
    cases = [(new_id(rng), f"SG-BENCH-{i:06d}", organisation, ids["bench-sender"], "assessment", "orange", "violence.physical", now, now) for i in range(10_000)]
    db.executemany("""INSERT INTO cases (id, reference, organisation_id, created_by, stage, risk, concerns, opened_at, updated_at)
        VALUES (?,?,?,?,?,?,?,?,?)""", cases)
    statuses = [("sent", 0)] * 3 + [("accepted", 1), ("in_progress", 1), ("completed", 2), ("declined", 2)]
    rows = []
    for i in range(args.referrals):
        referral = new_id(rng)
        entry = receiver_entry if i % 1000 == 0 else rng.choice(entries)[0]
        status, rank = rng.choice(statuses)
        created = now - rng.random() * 365 * 86400
        rows.append((referral, rng.choice(cases)[0], ids["bench-sender"], organisation, entry, "psychological_counselling", "child", "",
                     seal("Synthetic referral summary for benchmarking.", f"referrals/{referral}/summary"), status, rank, created + 72 * 3600, created, created))
    db.executemany("""INSERT INTO referrals (id, case_id, from_user_id, from_organisation_id, to_entry_id, service, consent, shared_sections, summary,
        status, open_rank, due_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
    matter = new_id(rng)
    db.execute("""INSERT INTO legal_matters (id, case_id, type, opened_at, pro_bono_hours, created_by) VALUES (?, ?, 'victim_representation', ?, 0, ?)""",
               (matter, cases[0][0], now - 400 * 86400, ids["bench-lawyer"]))
    db.execute("INSERT INTO matter_lawyers (matter_id, user_id) VALUES (?, ?)", (matter, ids["bench-lawyer"]))
    db.executemany("INSERT INTO matter_events (id, matter_id, kind, title, starts_at, created_at) VALUES (?, ?, 'hearing', ?, ?, ?)",
                   [(new_id(rng), matter, f"Synthetic hearing {i}", now - 300 * 86400 + i * 86400, now) for i in range(args.events)])
db.execute("ANALYZE")
db.close()
seeded = time.time() - started

# 2. Measure.
server = Server(data_dir=data_dir)
feed = server.request("POST", "/api/me/calendar-feed", token=server.token("bench-lawyer", "benchmark user password"))["url"]
feed_path = "/calendar/" + feed.rsplit("/calendar/", 1)[1]
queries = [("referrals to me", "bench-receiver", "/api/referrals?box=received"),
           ("sent by my organisation", "bench-sender", "/api/referrals?box=sent"),
           ("sent, page 20", "bench-sender", "/api/referrals?box=sent&page=20"),
           (f"iCalendar feed, {args.events} events", None, feed_path)]
baseline_timer = Timer(server, "")
for _ in range(30):
    baseline_timer("/healthz", auth=False)
baseline = [baseline_timer("/healthz", auth=False) for _ in range(args.requests)]
results = {}
for name, user, path in queries:
    timer = Timer(server, server.token(user, "benchmark user password") if user else "")
    for _ in range(5):
        timer(path, auth=user is not None)
    results[name] = [timer(path, auth=user is not None) for _ in range(args.requests)]
server.stop()

print(f"seeded {args.users} users, 10000 cases, {args.referrals} referrals and {args.events} hearings in {seeded:.0f} s")
print(f"{'healthz (baseline)':32s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    goal = 100 if name.startswith("iCalendar") else 50
    print(f"{name:32s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   p95/healthz {p95(samples) / p95(baseline):6.1f}   "
          f"{'ok' if p95(samples) < goal else 'OVER ' + str(goal) + ' ms'}")
