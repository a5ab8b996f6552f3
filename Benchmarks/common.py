"""Shared helpers for the benchmark scripts: start a release server on a fresh data folder,
sign in, and read a process's memory. Every request goes to 127.0.0.1 only."""
import base64
import http.client
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# SAFEGUARD_BINARY: another build of the server, to compare two builds in one session.
BINARY = os.environ.get("SAFEGUARD_BINARY") or os.path.join(ROOT, ".build", "release", "safeguard")
ADMIN_PASSWORD = "benchmark admin password"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def build():
    subprocess.run(["swift", "build", "-c", "release", "--product", "safeguard"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


class Server:
    def __init__(self, data_dir=None, extra_env=None):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="safeguard-bench-")
        self.port = free_port()
        env = dict(os.environ, SAFEGUARD_DATA_DIR=self.data_dir, SAFEGUARD_ADMIN_PASSWORD=ADMIN_PASSWORD,
                   SAFEGUARD_BCRYPT_COST="10", LOG_LEVEL="warning", **(extra_env or {}))
        self.process = subprocess.Popen([BINARY, "serve", "--env", "production", "--hostname", "127.0.0.1",
                                         "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + self.process.stderr.read().decode())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def rss_mib(self, field="VmRSS"):
        """Resident memory; field="RssAnon" for the process's own memory only, without the pages
        of files it maps (SQLite's readers map the database, and each mapping counts apart)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def cpu_seconds(self):
        """The server's CPU time so far (user + system): per request, steadier than req/s on a shared machine."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def request(self, method, path, body=None, token=None):
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=30) as response:
            raw = response.read()
            return json.loads(raw) if raw else None

    def token(self, username, password):
        return self.request("POST", "/api/tokens", {"username": username, "password": password})["token"]

    def user(self, username, roles):
        admin = self.token("admin", ADMIN_PASSWORD)
        self.request("POST", "/api/users", {"username": username, "displayName": username, "roles": roles,
                                            "password": "benchmark user password"}, admin)
        return self.token(username, "benchmark user password")


def wrk(url, connections=32, seconds=10, script=None, threads=2):
    """Runs wrk and returns (requests per second, p50 ms, p99 ms, non-2xx count, total requests)."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(next(l for l in out.splitlines() if l.startswith("Requests/sec")).split()[1])

    def percentile(label):
        line = next(l for l in out.splitlines() if l.strip().startswith(label))
        value = line.split()[1]
        for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
            if value.endswith(unit):
                return float(value[: -len(unit)]) * factor
        return float(value)

    non2xx = 0
    for line in out.splitlines():
        if "Non-2xx" in line:
            non2xx = int(line.split()[-1])
    total = int(next(l for l in out.splitlines() if "requests in" in l).split()[0])
    return rps, percentile("50%"), percentile("99%"), non2xx, total


def around(measure, baseline):
    """Runs the /healthz baseline before and after `measure`: these machines are shared and their
    speed drifts within a run, so a figure is set against the mean of the two baselines.
    Each argument is a function returning a wrk result; returns (baseline runs, result)."""
    first = baseline()
    result = measure()
    return (first, baseline()), result


class CPUMeter:
    """Runs wrk and adds up the server's CPU seconds per label."""

    def __init__(self, server):
        self.server = server
        self.seconds = {}

    def wrk(self, label, *wrk_args):
        before = self.server.cpu_seconds()
        result = wrk(*wrk_args)
        self.seconds[label] = self.seconds.get(label, 0.0) + self.server.cpu_seconds() - before
        return result


def mean_rps(runs):
    return sum(run[0] for run in runs) / len(runs)


class Timer:
    """Times GET requests one at a time over one kept-alive connection, in milliseconds."""

    def __init__(self, server, token):
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port)
        self.token = token

    def __call__(self, path, auth=True):
        begin = time.perf_counter()
        self.connection.request("GET", path, headers={"authorization": "Bearer " + self.token} if auth else {})
        response = self.connection.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status, body[:200])
        return (time.perf_counter() - begin) * 1000


def p95(samples):
    ordered = sorted(samples)
    return ordered[int(len(ordered) * 0.95) - 1]


class Sealer:
    """Seals text as the server's field cipher does (AES-256-GCM, the context as associated data,
    `v1.<key id>.<base64 of nonce + box>`), with the current key of a data folder: for benchmarks that
    seed personal fields straight into the database."""

    def __init__(self, data_dir):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        keys = json.load(open(os.path.join(data_dir, "keys.json")))
        self.key_id = keys["current"]
        self.aes = AESGCM(base64.b64decode(keys["keys"][self.key_id]))

    def __call__(self, text, context):
        nonce = os.urandom(12)
        return f"v1.{self.key_id}.{base64.b64encode(nonce + self.aes.encrypt(nonce, text.encode(), context.encode())).decode()}"
