#!/usr/bin/env python3
"""Training at scale (issue 22): seeds 200,000 participants (names sealed with the server's own key),
2,000 cohorts of 100 with 10 sessions each (20,000 sessions), 2,000,000 attendance marks, the
certificates of those who completed, 2,000 staff under a mandatory-training requirement, and a
cascade: cohorts 10-999 are given by people trained in earlier cohorts, so the first programme's
tree holds about 100,000 people. Then times, one request at a time over a kept-alive connection,
a cohort's page (its register with everyone's attendance), a session's register, the supervisor's
compliance page and the first programme's cascade reach, each as p95 against /healthz p95 in the
same run; and marking attendance over HTTP at 32 connections (one person at the door, and a whole
register of 100) as a ratio to /healthz throughput, with the baseline run before and after.

    python3 Benchmarks/training.py [--participants 200000] [--requests 200] [--seconds 10] [--no-build]
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import time
import uuid


from common import ADMIN_PASSWORD, CPUMeter, Server, Timer, around, build, mean_rps, p95, Sealer

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--participants", type=int, default=200_000)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

PER_COHORT, SESSIONS, STAFF = 100, 10, 2_000
cohorts_count = args.participants // PER_COHORT

server = Server()
admin = server.token("admin", ADMIN_PASSWORD)
for username, roles in (("bench-coordinator", ["training_coordinator"]), ("bench-supervisor", ["supervisor"])):
    server.request("POST", "/api/users", {"username": username, "displayName": username, "roles": roles, "password": "benchmark user password"}, admin)
server.stop()
data_dir = server.data_dir
db = sqlite3.connect(os.path.join(data_dir, "safeguard.sqlite"))
organisation = db.execute("SELECT id FROM organisations LIMIT 1").fetchone()[0]
ids = dict(db.execute("SELECT username, id FROM users"))
coordinator = ids["bench-coordinator"]
password_hash = db.execute("SELECT password_hash FROM users WHERE username = 'bench-coordinator'").fetchone()[0]
seal = Sealer(data_dir)


rng = random.Random(22)


def new_id():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


started = time.time()
now = time.time()
day = 86400
groups = ["social_worker", "teacher_k12", "mdt_member", "police", "prosecutor"]
with db:
    programmes = [new_id(), new_id()]
    db.executemany("""INSERT INTO training_programmes (id, organisation_id, title, description, target_groups, delivery, hours, language, required_percent,
        created_by, created_at) VALUES (?,?,?,'',',social_worker,',?,30,'zh',80,?,?)""",
                   [(programmes[0], organisation, "Synthetic child-rights programme", "face_to_face", coordinator, now),
                    (programmes[1], organisation, "Synthetic in-service course", "blended", coordinator, now)])
    staff = [(new_id(), organisation, f"bench-staff-{i}", f"Synthetic Staff {i:04d}", password_hash, "en", 1, 0, 0, now - rng.randint(30, 2000) * day)
             for i in range(STAFF)]
    db.executemany("""INSERT INTO users (id, organisation_id, username, display_name, password_hash, locale, active, failed_logins,
        must_change_password, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)""", staff)
    db.executemany("INSERT INTO role_grants (user_id, role) VALUES (?, 'case_worker')", [(s[0],) for s in staff])
    db.execute("""INSERT INTO training_requirements (id, organisation_id, programme_id, role, within_days, refresh_months, created_by, created_at)
        VALUES (?,?,?,'case_worker',365,36,?,?)""", (new_id(), organisation, programmes[1], coordinator, now))

    participants = []
    for i in range(args.participants):
        pid = new_id()
        user = staff[i][0] if i < STAFF else None
        participants.append((pid, organisation, seal(f"Synthetic Participant {i}", f"training_participants/{pid}/name"), f"k{i}", f"Synthetic School {i % 500}",
                             "Teacher", "female" if i % 2 else "male", groups[i % len(groups)], now, coordinator, now, user))
    db.executemany("""INSERT INTO training_participants (id, organisation_id, name, name_key, institution, position, sex, target_group, consent_at, created_by,
        created_at, user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", participants)

    cohorts, sessions = [], []
    for c in range(cohorts_count):
        cid = new_id()
        start = now - (cohorts_count - c) * day
        cohorts.append((cid, programmes[0] if c < 10 else programmes[1], f"Batch {c}", time.strftime("%Y-%m-%d", time.gmtime(start)),
                        time.strftime("%Y-%m-%d", time.gmtime(start + 10 * day)), PER_COHORT, now))
        # cohorts 10-999 are given by someone trained in an earlier cohort: the cascade
        trainer = participants[rng.randrange(0, c * PER_COHORT)][0] if 10 <= c < cohorts_count // 2 else None
        for s in range(SESSIONS):
            sessions.append((new_id(), cid, f"Session {s + 1}", start + s * day, start + s * day + 3 * 3600, "Classroom", trainer, now))
    db.executemany("""INSERT INTO training_cohorts (id, programme_id, name, starts_on, ends_on, capacity, created_at) VALUES (?,?,?,?,?,?,?)""", cohorts)
    db.executemany("""INSERT INTO training_sessions (id, cohort_id, title, starts_at, ends_at, place, trainer_participant_id, created_at)
        VALUES (?,?,?,?,?,?,?,?)""", sessions)
    enrolments = [(new_id(), cohorts[i // PER_COHORT][0], participants[i][0], "enrolled", now, now) for i in range(cohorts_count * PER_COHORT)]
    db.executemany("INSERT INTO training_enrolments (id, cohort_id, participant_id, status, created_at, updated_at) VALUES (?,?,?,?,?,?)", enrolments)
    marks = ["present"] * 8 + ["late", "absent", "excused"]
    certificates = []
    for c in range(cohorts_count):
        rows = []
        attended = [0] * PER_COHORT
        for s in range(SESSIONS):
            session = sessions[c * SESSIONS + s][0]
            for k in range(PER_COHORT):
                mark = rng.choice(marks)
                attended[k] += mark in ("present", "late")
                rows.append((session, participants[c * PER_COHORT + k][0], mark, coordinator, now))
        db.executemany("INSERT INTO training_attendance (session_id, participant_id, mark, recorded_by, recorded_at) VALUES (?,?,?,?,?)", rows)
        for k in range(PER_COHORT):
            if attended[k] >= 8:
                certificates.append((new_id(), cohorts[c][0], participants[c * PER_COHORT + k][0], f"BENC-{len(certificates):08d}", now - rng.randint(0, 1500) * day,
                                     coordinator))
    db.executemany("INSERT INTO training_certificates (id, cohort_id, participant_id, code, issued_at, issued_by) VALUES (?,?,?,?,?,?)", certificates)
    # who trained whom, as marking attendance keeps it
    db.execute("""INSERT INTO training_cascade_links (trainer_participant_id, participant_id)
        SELECT DISTINCT s.trainer_participant_id, a.participant_id FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
        WHERE s.trainer_participant_id IS NOT NULL AND a.mark IN ('present', 'late')""")
db.execute("ANALYZE")
db.close()
seeded = time.time() - started

server = Server(data_dir=data_dir)
coordinator_token = server.token("bench-coordinator", "benchmark user password")
supervisor_token = server.token("bench-supervisor", "benchmark user password")
timed = Timer(server, coordinator_token)
for _ in range(30):
    timed("/healthz", auth=False)
baseline = sorted(timed("/healthz", auth=False) for _ in range(args.requests))
results = {}
picked = [rng.randrange(cohorts_count) for _ in range(args.requests)]
for path_of, name in ((lambda c: f"/training/cohorts/{cohorts[c][0]}", "cohort page (100 people, 10 sessions)"),
                      (lambda c: f"/api/training/cohorts/{cohorts[c][0]}", "cohort, JSON"),
                      (lambda c: f"/training/sessions/{sessions[c * SESSIONS][0]}/register", "a session's register page")):
    for c in picked[:5]:
        timed(path_of(c))
    results[name] = sorted(timed(path_of(c)) for c in picked)
supervisor = Timer(server, supervisor_token)
for path, name in (("/training/compliance", f"compliance page ({STAFF} staff)"), ("/api/training/compliance?status=overdue", "compliance, overdue only, JSON")):
    for _ in range(3):
        supervisor(path)
    results[name] = sorted(supervisor(path) for _ in range(max(20, args.requests // 10)))
reach_path = f"/api/training/programmes/{programmes[0]}/reach"
supervisor(reach_path)
reach_samples = sorted(supervisor(reach_path) for _ in range(10))
reach = server.request("GET", reach_path, token=supervisor_token)

# Marking attendance over HTTP: one person at the door, and a whole register, against /healthz.
open_session = sessions[(cohorts_count - 1) * SESSIONS][0]
people = [participants[(cohorts_count - 1) * PER_COHORT + k][0] for k in range(PER_COHORT)]
requests_file = os.path.join(data_dir, "attendance-requests.txt")
with open(requests_file, "w") as out:
    for k in range(PER_COHORT):
        out.write(json.dumps({"marks": [{"participantID": people[k], "mark": rng.choice(["present", "late"])}]}) + "\n")
whole_file = os.path.join(data_dir, "attendance-register.txt")
with open(whole_file, "w") as out:
    out.write(json.dumps({"marks": [{"participantID": p, "mark": "present"} for p in people]}) + "\n")
os.environ["SAFEGUARD_TOKEN"] = coordinator_token
meter = CPUMeter(server)
url = server.base + f"/api/training/sessions/{open_session}/attendance"
script = os.path.join(HERE, "training_attendance.lua")
os.environ["SAFEGUARD_BODIES"] = requests_file
health, door = around(lambda: meter.wrk("one mark", url, 32, args.seconds, script), lambda: meter.wrk("healthz", server.base + "/healthz", 32, args.seconds))
os.environ["SAFEGUARD_BODIES"] = whole_file
register = meter.wrk("register of 100", url, 32, args.seconds, script)
server.stop()

print(f"seeded {args.participants} participants, {len(sessions)} sessions, {cohorts_count * PER_COHORT * SESSIONS} marks, "
      f"{len(certificates)} certificates in {seeded:.0f} s")
print(f"{'healthz (baseline)':40s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    print(f"{name:40s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   p95/healthz {p95(samples) / p95(baseline):6.1f}   "
          f"{'ok' if p95(samples) < 50 else 'OVER 50 ms'}")
print(f"{'cascade reach of the first programme':40s} p50 {statistics.median(reach_samples):7.1f} ms   max {reach_samples[-1]:7.1f} ms   "
      f"{reach['total']} people in {len(reach['generations'])} generations   {'ok' if statistics.median(reach_samples) < 500 else 'OVER 500 ms'}")
for when, run in zip(("before", "after"), health):
    print(f"healthz {when:6}   {run[0]:10.0f} req/s   p50 {run[1]:7.2f} ms   p99 {run[2]:7.2f} ms")
print(f"one mark at the door    {door[0]:10.0f} req/s   p99 {door[2]:7.2f} ms   non-2xx {door[3]}   ratio/healthz {door[0] / mean_rps(health):.3f} (goal >= 0.3)")
print(f"a register of 100 marks {register[0]:10.0f} req/s   p99 {register[2]:7.2f} ms   non-2xx {register[3]}   ratio/healthz {register[0] / mean_rps(health):.3f}")
