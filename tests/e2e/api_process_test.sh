#!/usr/bin/env bash
# End-to-end: the pdex-api and pdex binaries as a user runs them.
# Usage: api_process_test.sh BIN_DIR DATA_DIR
set -uo pipefail
bin=$1
data=$2
source "$(dirname "$0")/check.sh"
cleanup() { [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$work"

# Start-up errors name what is wrong and exit non-zero.
PDEX_DATA_DIR=/nonexistent/pdex-data "$bin/pdex-api" >out.log 2>err.log
check "missing data dir is a start-up error" test $? -ne 0
check "the error names the missing path" grep -q "/nonexistent/pdex-data" err.log
MODEL_DIR=/nonexistent/pdex-models "$bin/pdex-api" >out.log 2>err.log
check "missing model dir is a start-up error" test $? -ne 0
check "the error names the missing model path" grep -q "/nonexistent/pdex-models" err.log
PORT=eighty PDEX_DATA_DIR="$data" "$bin/pdex-api" >out.log 2>err.log
check "bad PORT is a start-up error" test $? -ne 0
check "the error names PORT" grep -q "PORT must be" err.log
DATABASE_URL=mysql://x PDEX_DATA_DIR="$data" "$bin/pdex-api" >out.log 2>err.log
check "unsupported DATABASE_URL is a start-up error" test $? -ne 0

# First start on the embedded defaults: SQLite file created and loaded.
PORT=$port BIND_ADDRESS=127.0.0.1 PDEX_DATA_DIR="$data" "$bin/pdex-api" >api.log 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
check "becomes ready on embedded defaults" curl -sf "http://127.0.0.1:$port/ready" -o /dev/null
check "created var/pdex.sqlite3" test -s var/pdex.sqlite3
check "serves /pokemon/25" sh -c "curl -sf http://127.0.0.1:$port/pokemon/25 | grep -q '\"name\":\"Pikachu\"'"
curl -s -H "X-Request-ID: e2e-trace-1" "http://127.0.0.1:$port/types/" >/dev/null
check "logs are one JSON object per line" /usr/bin/python3 -c '
import json, sys
lines = [json.loads(l) for l in open("api.log") if l.strip()]
assert lines and all({"ts", "level", "msg"} <= set(l) for l in lines)
assert any(l.get("request_id") == "e2e-trace-1" for l in lines), "request id not logged"
'
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "exits on SIGTERM" sh -c "! kill -0 $pid 2>/dev/null"
wait "$pid"
check "exit status 0 after SIGTERM" test $? -eq 0
pid=

# pdex load-data is idempotent.
"$bin/pdex" load-data --data-dir "$data" --database-url "sqlite://$work/tool.sqlite3" >load1.log 2>&1
check "load-data loads" grep -q "data loaded" load1.log
"$bin/pdex" load-data --data-dir "$data" --database-url "sqlite://$work/tool.sqlite3" >load2.log 2>&1
check "load-data again writes nothing" grep -q "already up to date" load2.log
"$bin/pdex" load-data --check --data-dir "$data" >check.log 2>&1
check "load-data --check validates" grep -q "188 Pokémon" check.log

exit $fail
