#!/usr/bin/env python3
"""HTTP CDS Hooks encounter-start with prefetch (a patient, 20 observations, 10 conditions),
JWT verification included, at 64 connections, as a ratio to the same server's /healthz
throughput in the same run. Every call carries its own signed token.

    python3 Benchmarks/http_cds.py [--seconds 10] [--alg ES384|RS384] [--patient ordinary|red] [--no-build]
"""
import argparse
import os
import subprocess
import tempfile

from common import ADMIN_PASSWORD, ROOT, Server, around, build, mean_rps, wrk

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLIC_URL = "https://safeguard.bench.example"
SERVICE = "safeguard-encounter-start"

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--connections", type=int, default=64)
parser.add_argument("--alg", default="ES384", choices=["ES384", "RS384"])
parser.add_argument("--patient", default="ordinary", choices=["ordinary", "red"])
parser.add_argument("--tokens", type=int, default=120000)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()
if not args.no_build:
    build()
    subprocess.run(["swift", "build", "-c", "release", "--product", "safeguard-rule-bench"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

work = tempfile.mkdtemp(prefix="safeguard-cds-bench-")
issuer = "https://ehr.bench.example"
subprocess.run([os.path.join(ROOT, ".build", "release", "safeguard-rule-bench"), "tokens", str(args.tokens), issuer,
                f"{PUBLIC_URL}/cds-services/{SERVICE}", args.alg, work], check=True)

server = Server(extra_env={"SAFEGUARD_PUBLIC_URL": PUBLIC_URL})
try:
    admin = server.token("admin", ADMIN_PASSWORD)
    region = server.request("GET", "/api/regions", token=admin)[0]["id"]
    hospital = server.request("POST", "/api/organisations", {"name": "Bench Hospital", "type": "hospital", "regionID": region}, admin)["id"]
    server.request("POST", "/api/organisations", {"name": "Bench Police", "type": "police", "regionID": region}, admin)
    import json
    with open(os.path.join(work, "jwks.json")) as f:
        jwks = json.load(f)
    server.request("POST", "/api/cds-clients", {"organisationID": hospital, "issuer": issuer, "jwks": jwks}, admin)
    os.environ.update(SAFEGUARD_TOKENS=os.path.join(work, "tokens.txt"), SAFEGUARD_BODY=os.path.join(work, f"{args.patient}.json"), WRK_THREADS="2")
    health, hook = around(lambda: wrk(f"{server.base}/cds-services/{SERVICE}", args.connections, args.seconds, os.path.join(HERE, "cds_hook.lua")),
                          lambda: wrk(server.base + "/healthz", args.connections, args.seconds))
finally:
    server.stop()

for when, run in zip(("before", "after"), health):
    print(f"healthz {when:6}       {run[0]:10.0f} req/s   p50 {run[1]:7.2f} ms   p99 {run[2]:7.2f} ms")
print(f"encounter-start {args.alg} {args.patient:8} {hook[0]:8.0f} req/s   p50 {hook[1]:7.2f} ms   p99 {hook[2]:7.2f} ms   non-2xx {hook[3]} of {hook[4]}")
print(f"ratio hook/healthz  {hook[0] / mean_rps(health):.3f}   (goal >= 0.5, p99 < 20 ms; against the mean of the two baselines)")
if hook[4] > args.tokens:
    print(f"WARNING: {hook[4]} requests but only {args.tokens} tokens: replays were refused (raise --tokens)")
