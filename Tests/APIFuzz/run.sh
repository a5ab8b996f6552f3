#!/usr/bin/env bash
# Fuzzes the JSON API with schemathesis against the served OpenAPI document: no request may
# produce a server error, and every response must match the document (status, content type,
# schema). Bounded: a fixed seed and a fixed number of examples per operation.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BINARY="${SAFEGUARD_BINARY:-$ROOT/.build/debug/safeguard}"
DATA=$(mktemp -d /tmp/safeguard-fuzz.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
SAFEGUARD_DATA_DIR="$DATA" SAFEGUARD_ADMIN_PASSWORD="fuzz admin password" SAFEGUARD_BCRYPT_COST=6 LOG_LEVEL=warning \
  "$BINARY" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
BASE="http://127.0.0.1:$PORT"
ADMIN=$(curl -sf "$BASE/api/tokens" -H 'content-type: application/json' -d '{"username":"admin","password":"fuzz admin password"}' | json token)
curl -sf "$BASE/api/users" -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"username":"fuzzer","displayName":"Fuzzer","roles":["administrator","supervisor","counsellor","case_worker","designated_reporter","authority_receiver","hotel_clerk","registry_keeper","vetting_officer","training_coordinator","trainer","librarian","room_manager","monitoring_officer"],"password":"fuzzer password 1"}' >/dev/null
curl -sf "$BASE/api/users" -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"username":"fuzz-counsellor","displayName":"Fuzz counsellor","roles":["counsellor"],"password":"fuzzer password 2"}' >/dev/null
token() { curl -sf "$BASE/api/tokens" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | json token; }

# Three runs, each staying signed in (the token-revoking and password endpoints are left out):
# a user holding most roles reaches every operation; a counsellor and an administrator meet the
# refusals and the lists each of them really gets.
cd "$DATA"
for who in "fuzzer:fuzzer password 1" "fuzz-counsellor:fuzzer password 2" "admin:fuzz admin password"; do
  TOKEN=$(token "${who%%:*}" "${who#*:}")
  echo "-- schemathesis as ${who%%:*}"
  schemathesis run "$BASE/openapi.json" -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${FUZZ_EXAMPLES:-25}" --seed 1 --workers 1 \
    --exclude-path /api/tokens --exclude-path /api/tokens/current --exclude-path /api/me/password
done
if grep -q "Fatal\|arithmetic overflow" "$DATA/server.log"; then echo "the server crashed during fuzzing"; cat "$DATA/server.log"; exit 1; fi
kill -0 $SERVER || { echo "the server is no longer running"; exit 1; }
