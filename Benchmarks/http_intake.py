#!/usr/bin/env python3
"""HTTP contact intake: authenticated POST of a typical contact at 32 connections, as a ratio to
the same server's /healthz throughput in the same run. Also checks that every acknowledged
contact is on disk, and reports the server's memory idle and under load.

    python3 Benchmarks/http_intake.py [--seconds 10] [--no-build]
"""
import argparse
import os
import sqlite3
import threading
import time

from common import CPUMeter, Server, around, build, mean_rps

HERE = os.path.dirname(os.path.abspath(__file__))

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--connections", type=int, default=32)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()

server = Server()
try:
    token = server.user("bench-counsellor", ["counsellor"])
    idle = server.rss_mib()
    peak = [idle]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], server.rss_mib())
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    os.environ["SAFEGUARD_TOKEN"] = token
    meter = CPUMeter(server)
    health, intake = around(lambda: meter.wrk("intake", server.base + "/api/contacts", args.connections, args.seconds,
                                              os.path.join(HERE, "contact_intake.lua")),
                            lambda: meter.wrk("healthz", server.base + "/healthz", args.connections, args.seconds))
    cpu = meter.seconds
    stop.set()
    sampler.join()
    acknowledged = intake[4] - intake[3]
    stored = sqlite3.connect(os.path.join(server.data_dir, "safeguard.sqlite")).execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
finally:
    server.stop()

for when, run in zip(("before", "after"), health):
    print(f"healthz {when:6}   {run[0]:10.0f} req/s   p50 {run[1]:7.2f} ms   p99 {run[2]:7.2f} ms")
print(f"contact intake   {intake[0]:10.0f} req/s   p50 {intake[1]:7.2f} ms   p99 {intake[2]:7.2f} ms   non-2xx {intake[3]}")
print(f"ratio intake/healthz  {intake[0] / mean_rps(health):.3f}   (goal >= 0.3; against the mean of the two baselines)")
print(f"server CPU per request: healthz {cpu['healthz'] / sum(run[4] for run in health) * 1e6:.0f} us, intake {cpu['intake'] / intake[4] * 1e6:.0f} us")
print(f"acknowledged {acknowledged}, on disk {stored}, {'all stored' if stored >= acknowledged else 'MISSING ' + str(acknowledged - stored)}")
print(f"RSS idle {idle:.1f} MiB, peak under load {peak[0]:.1f} MiB")
