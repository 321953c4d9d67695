#!/usr/bin/env bash
# End-to-end: `pdex loadgen` against a real pdex-api (QUEUE_MODE=off,
# embedded SQLite, API_KEYS set), and against a closed port.
# Usage: loadgen_test.sh BIN_DIR DATA_DIR
set -uo pipefail
bin=$1
data=$2
source "$(dirname "$0")/check.sh"
cleanup() { [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(free_port)
api="http://127.0.0.1:$port"
cd "$work"
loadgen() { "$bin/pdex" loadgen --data-dir "$data" "$@"; }
predictions() { metric_sum "$api/metrics" model_predictions_total; }
# api_requests_total of POST /predict/best-move with status $1.
answered() {
  curl -sf "$api/metrics" | awk -v s="$1" '$1 ~ /^api_requests_total\{/ && index($1, "endpoint=\"/predict/best-move\"") &&
    index($1, "status=\"" s "\"") { n += $NF } END { printf "%d\n", n + 0 }'
}
# json_check FILE PYTHON: runs PYTHON with `s`, the summary read from FILE.
json_check() { /usr/bin/python3 -c "import json; s = json.load(open('$1')); $2"; }

API_KEYS=e2e-key QUEUE_MODE=off PORT=$port BIND_ADDRESS=127.0.0.1 PDEX_DATA_DIR="$data" "$bin/pdex-api" >api.log 2>&1 &
pid=$!
check "pdex-api becomes ready" wait_for 60 curl -sf "$api/ready" -o /dev/null

# 50/s for 3 s: 150 requests, each one battle (one model prediction).
before=$(predictions); before_ok=$(answered 200)
loadgen --url "$api" --api-key e2e-key --rate 50 --duration 3 --json >normal.json 2>normal.err
check "training traffic: exit status 0" test $? -eq 0
check "training traffic: 150 sent, 150 ok, none failed or late" json_check normal.json '
assert (s["sent"], s["ok"], s["failed"], s["errors"], s["late"]) == (150, 150, 0, 0, 0), s
assert s["statuses"] == {"200": 150}, s
assert 3.0 <= s["elapsed_seconds"] < 6 and 25 < s["achieved_rate"] <= 50.1, s
lat = s["latency_seconds"]
assert 0 < lat["p50"] <= lat["p95"] <= lat["p99"] <= lat["max"] < 5, lat'
check "model_predictions_total rose by 150" test $(($(predictions) - before)) -eq 150
check "api_requests_total (200) rose by 150" test $(($(answered 200) - before_ok)) -eq 150

before=$(predictions)
loadgen --url "$api" --api-key e2e-key --rate 50 --duration 3 --drift --json --seed 7 >drift.json 2>drift.err
check "drift traffic: exit status 0" test $? -eq 0
check "drift traffic: 150 ok" json_check drift.json 'assert (s["sent"], s["ok"], s["failed"], s["late"]) == (150, 150, 0, 0), s'
check "drift traffic: model_predictions_total rose by 150" test $(($(predictions) - before)) -eq 150

loadgen --url "$api/" --api-key e2e-key --rate 20 --duration 1 >text.out 2>&1
check "the text summary" grep -Eq '^loadgen: 20 requests in 1\.[0-9] s \([0-9.]+/s, target 20/s\), 20 ok, 0 failed \(non-2xx 0, errors 0\), 0 late; latency p50 [0-9.]+ ms p95 [0-9.]+ ms p99 [0-9.]+ ms max [0-9.]+ ms$' text.out

# Without the key every answer is a 401: counted as non-2xx failures.
loadgen --url "$api" --rate 20 --duration 1 --json >nokey.json 2>nokey.err
check "no API key: exit status 1" test $? -eq 1
check "no API key: 20 answers of 401" json_check nokey.json '
assert (s["sent"], s["ok"], s["non_2xx"], s["errors"], s["failed"]) == (20, 0, 20, 0, 20), s
assert s["statuses"] == {"401": 20}, s'
loadgen --url "$api" --rate 20 --duration 1 --max-failures 20 >/dev/null 2>&1
check "--max-failures 20 tolerates them: exit status 0" test $? -eq 0

# A closed port: every request is a transport error; the run still ends on
# time (within the duration and the timeout).
closed=$(free_port)
started=$(date +%s%N)
loadgen --url "http://127.0.0.1:$closed" --rate 50 --duration 3 --timeout 2 --json >closed.json 2>closed.err
status=$?
took_ms=$((($(date +%s%N) - started) / 1000000))
check "closed port: exit status 1" test $status -eq 1
check "closed port: 150 errors, nothing ok" json_check closed.json '
assert (s["sent"], s["ok"], s["errors"], s["failed"]) == (150, 0, 150, 150), s
assert s["latency_seconds"] is None and sum(s["error_kinds"].values()) == 150, s'
check "closed port: done within duration + timeout ($took_ms ms)" test "$took_ms" -lt 5000

# Bad arguments: exit status 2 with a message.
loadgen --url "https://127.0.0.1:$port" --rate 5 --duration 1 >bad.out 2>&1
check "an https:// URL is refused (exit 2)" sh -c "test $? -eq 2 && grep -q 'only http:// is supported' bad.out"
loadgen --url "$api" --rate 0 --duration 1 >bad.out 2>&1
check "a zero rate is refused (exit 2)" sh -c "test $? -eq 2 && grep -q 'rate must be a positive' bad.out"
loadgen --url "$api" --rate 5 >bad.out 2>&1
check "a missing --duration is refused (exit 2)" sh -c "test $? -eq 2 && grep -q 'duration is required' bad.out"
exit $fail
