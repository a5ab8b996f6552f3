#!/usr/bin/env python3
"""The library at scale (issue 23): imports 100,000 synthetic MARC 21 records (Mongolian, English and
Chinese titles, written here by an ISO 2709 writer of this script's own) over HTTP in files of
20,000; seeds 250,000 copies, 20,000 readers (names sealed with the server's own key) and
1,000,000 past loans straight into SQLite; then times catalogue searches of one and two words in
each script, one request at a time over a kept-alive connection (p95 against /healthz p95 in the
same run), and lending and returning over HTTP with wrk at 32 connections as a ratio to /healthz
throughput, measured before and after.

    python3 Benchmarks/library.py [--titles 100000] [--requests 200] [--seconds 10] [--no-build]
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import time
import urllib.parse
import urllib.request
import uuid


from common import CPUMeter, Server, Timer, around, build, mean_rps, p95, Sealer

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--titles", type=int, default=100_000)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

rng = random.Random(23)
MONGOLIAN = ("хүүхэд хамгаалал эрх гэр бүл сургууль нийгэм ажилтан өсвөр үе хүчирхийлэл эцэг эх боловсрол эрүүл мэнд аюулгүй "
             "байдал зөвлөгөө гарын авлага сургалт хууль шүүх цагдаа багш сэтгэл зүй хөгжил тусламуж").split()
ENGLISH = ("child protection rights family school social worker adolescent violence parents education health safety guidance "
           "handbook training law court police teacher psychology development support practice abuse neglect care").split()
CHINESE = list("儿童保护权利家庭学校社会工作青少年暴力父母教育健康安全指导手册培训法律法院警察教师心理发展支持实践虐待忽视照料")


def words(script, count):
    if script == "zh":
        return "".join(rng.choice(CHINESE) for _ in range(count * 2))
    vocabulary = MONGOLIAN if script == "mn" else ENGLISH
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def isbn13(n):
    body = "978" + f"{n:09d}"
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
    return body + str(check)


def marc(control, fields):
    """One record in ISO 2709: leader, directory of 12-byte entries, fields ended by 0x1E, record by 0x1D."""
    data, directory = b"", b""
    for tag, value in [("001", control)] + fields:
        body = value.encode() if tag < "010" else value[0].encode() + b"".join(b"\x1f" + c.encode() + t.encode() for c, t in value[1])
        body += b"\x1e"
        directory += tag.encode() + b"%04d%05d" % (len(body), len(data))
        data += body
    directory += b"\x1e"
    base = 24 + len(directory)
    return b"%05dnam a22%05d i 4500" % (base + len(data) + 1, base) + directory + data + b"\x1d"


def record(n):
    script = ("mn", "en", "zh")[n % 3]
    code = {"mn": "mon", "en": "eng", "zh": "chi"}[script]
    fields = [("020", ("  ", [("a", isbn13(n))])), ("041", ("0 ", [("a", code)])),
              ("100", ("1 ", [("a", f"Synthetic Author {n % 5000}")])),
              ("245", ("10", [("a", words(script, rng.randint(2, 5))), ("b", words(script, 2))])),
              ("264", (" 1", [("a", "Synthetic City"), ("b", "Synthetic Press"), ("c", str(1990 + n % 35))])),
              ("650", (" 4", [("a", words(script, 2))])), ("520", ("  ", [("a", words(script, 12))]))]
    return marc(f"B{n}", fields)


server = Server()
librarian = server.user("bench-librarian", ["librarian"])

# Import over HTTP, in files of 20,000 records.
started = time.time()
imported = 0
for start in range(0, args.titles, 20_000):
    body = b"".join(record(n) for n in range(start, min(start + 20_000, args.titles)))
    request = urllib.request.Request(server.base + "/api/library/imports", data=body, method="POST",
                                     headers={"content-type": "application/marc", "authorization": "Bearer " + librarian})
    with urllib.request.urlopen(request, timeout=600) as response:
        imported += json.loads(response.read())["imported"]
import_seconds = time.time() - started
server.stop()

# Copies, readers and past loans straight into the database.
data_dir = server.data_dir
db = sqlite3.connect(os.path.join(data_dir, "safeguard.sqlite"))
organisation = db.execute("SELECT organisation_id FROM library_titles LIMIT 1").fetchone()[0]
user = db.execute("SELECT id FROM users WHERE username = 'bench-librarian'").fetchone()[0]
titles = [row[0] for row in db.execute("SELECT id FROM library_titles")]
seal = Sealer(data_dir)


def new_id():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


COPIES, READERS, PAST = 250_000, 20_000, 1_000_000
now = time.time()
with db:
    copies = [(new_id(), organisation, titles[i % len(titles)], f"C{i:07d}", "Shelf", "available", now) for i in range(COPIES)]
    db.executemany("INSERT INTO library_copies (id, organisation_id, title_id, barcode, location, status, created_at) VALUES (?,?,?,?,?,?,?)", copies)
    readers = []
    for i in range(READERS):
        rid = new_id()
        readers.append((rid, organisation, f"R{i:06d}", "staff", seal(f"Synthetic Reader {i}", f"library_readers/{rid}/name"), "2099-12-31", 0, now))
    db.executemany("INSERT INTO library_readers (id, organisation_id, card_number, kind, name, expires_on, blocked, created_at) VALUES (?,?,?,?,?,?,?,?)", readers)
    day = 86_400
    db.executemany("""INSERT INTO library_loans (id, organisation_id, copy_id, reader_id, reader_kind, loaned_at, due_on, renewals, returned_at)
        VALUES (?,?,?,?,?,?,?,?,?)""",
                   ((new_id(), organisation, copies[rng.randrange(COPIES)][0], None, "staff", now - (k % 1500 + 30) * day,
                     time.strftime("%Y-%m-%d", time.gmtime(now - (k % 1500 + 2) * day)), 0, now - (k % 1500 + 5) * day) for k in range(PAST)))
db.execute("ANALYZE")
db.close()

server = Server(data_dir=data_dir)
librarian = server.token("bench-librarian", "benchmark user password")
timed = Timer(server, librarian)
for _ in range(30):
    timed("/healthz", auth=False)
baseline = sorted(timed("/healthz", auth=False) for _ in range(args.requests))
results = {}
queries = {
    "mn": ([rng.choice(MONGOLIAN) for _ in range(20)], [" ".join(rng.sample(MONGOLIAN, 2)) for _ in range(20)]),
    "en": ([rng.choice(ENGLISH) for _ in range(20)], [" ".join(rng.sample(ENGLISH, 2)) for _ in range(20)]),
    "zh": (["".join(rng.sample(CHINESE, 2)) for _ in range(20)], ["".join(rng.sample(CHINESE, 2)) + " " + "".join(rng.sample(CHINESE, 2)) for _ in range(20)]),
}
found = {}
for script, (one, two) in queries.items():
    for label, words_list in (("one word", one), ("two words", two)):
        paths = ["/api/library/titles?q=" + urllib.parse.quote(q) for q in words_list]
        for path in paths[:5]:
            timed(path)
        results[f"search, {script}, {label}"] = sorted(timed(paths[i % len(paths)]) for i in range(args.requests))
        found[f"search, {script}, {label}"] = statistics.median(len(server.request("GET", p)["items"]) for p in paths[:10])
# a prefix a reader types without ө/ү
results["search, mn, prefix without ө/ү"] = sorted(timed("/api/library/titles?q=" + urllib.parse.quote("хуух")) for _ in range(args.requests))

# Lending and returning over HTTP: each request its own copy, readers in turn.
lend_file, return_file = os.path.join(data_dir, "lend.txt"), os.path.join(data_dir, "return.txt")
with open(lend_file, "w") as lend:
    for i in range(200_000):
        lend.write(json.dumps({"cardNumber": f"R{i % READERS:06d}", "barcode": f"C{i:07d}"}) + "\n")
os.environ["SAFEGUARD_TOKEN"] = librarian
script = os.path.join(HERE, "library_desk.lua")
meter = CPUMeter(server)
os.environ["SAFEGUARD_BODIES"] = lend_file
health, lent = around(lambda: meter.wrk("lend", server.base + "/api/library/loans", 32, args.seconds, script),
                      lambda: meter.wrk("healthz", server.base + "/healthz", 32, args.seconds))
# returns of the copies just lent, read from the database as the server runs
with sqlite3.connect(os.path.join(data_dir, "safeguard.sqlite")) as reading, open(return_file, "w") as back:
    for (barcode,) in reading.execute("SELECT barcode FROM library_copies WHERE status = 'on_loan' ORDER BY barcode"):
        back.write(json.dumps({"barcode": barcode}) + "\n")
os.environ["SAFEGUARD_BODIES"] = return_file
returned = meter.wrk("return", server.base + "/api/library/returns", 32, args.seconds, script)
server.stop()

print(f"imported {imported} MARC records over HTTP in {import_seconds:.1f} s ({imported / import_seconds:.0f} records/s; goal: 100,000 under 30 s)")
print(f"seeded {COPIES} copies, {READERS} readers, {PAST} past loans")
print(f"{'healthz (baseline)':36s} p50 {statistics.median(baseline):7.2f} ms   p95 {p95(baseline):7.2f} ms")
for name, samples in results.items():
    print(f"{name:36s} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms   p95/healthz {p95(samples) / p95(baseline):6.1f}   "
          f"titles on the first page (median) {found.get(name, '-')}   {'ok' if p95(samples) < 30 else 'OVER 30 ms'}")
for when, run in zip(("before", "after"), health):
    print(f"healthz {when:6}   {run[0]:10.0f} req/s   p50 {run[1]:7.2f} ms   p99 {run[2]:7.2f} ms")
print(f"a loan at the desk      {lent[0]:10.0f} req/s   p99 {lent[2]:7.2f} ms   non-2xx {lent[3]}   ratio/healthz {lent[0] / mean_rps(health):.3f} (goal >= 0.3)")
print(f"a return at the desk    {returned[0]:10.0f} req/s   p99 {returned[2]:7.2f} ms   non-2xx {returned[3]}   ratio/healthz {returned[0] / mean_rps(health):.3f}")
