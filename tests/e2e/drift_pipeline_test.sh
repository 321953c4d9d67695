#!/usr/bin/env bash
# End-to-end: the full drift pipeline with a real redis-server on loopback.
# pdex-api publishes each prediction's event to a Redis stream; pdex-drift
# consumes it and writes reports. Checks that every event ends up archived
# exactly once (through a SIGKILL of the worker between reading and
# acknowledging), that shifted traffic is reported as dataset drift and
# traffic like the training data is not, and that stopping Redis under load fails no
# request while the API's event counters still balance.
# Usage: drift_pipeline_test.sh BIN_DIR BENCH_DIR DATA_DIR
set -uo pipefail
bin=$1
bench=$2
data=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/check.sh"
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
metric() { metric_sum "$@"; }
cd "$work"
redis_port=$(free_port); api_port=$(free_port); drift_port=$(free_port)
api="http://127.0.0.1:$api_port"
drift="http://127.0.0.1:$drift_port"

start_redis() {
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" >>redis.log 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  wait_for 10 sh -c "redis-cli -p $redis_port ping 2>/dev/null | grep -q PONG"
}
start_drift() {
  REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port BUFFER_SIZE=500 REPORT_FREQUENCY=3600 REPORTS_DIR="$work/reports" \
    METRICS_PORT=$drift_port BIND_ADDRESS=127.0.0.1 CONSUMER_NAME=e2e-worker "$bin/pdex-drift" >>drift.log 2>&1 &
  drift_pid=$!
  pids+=("$drift_pid")
  wait_for 20 curl -sf "$drift/health" -o /dev/null
}
stop_drift() {
  kill -TERM "$drift_pid"
  wait "$drift_pid"
}
published() { metric "$api/metrics" events_published_total; }
predicted() { metric "$api/metrics" model_predictions_total; }
consumed() { metric "$drift/metrics" drift_events_consumed_total; }
all_published() { [ "$(published)" -eq "$(predicted)" ] && [ "$(predicted)" -gt 0 ]; }
# Since this pdex-drift started (its counter starts at 0): every event
# published after $published_at_start.
all_consumed() { [ "$(consumed)" -ge $(($(published) - published_at_start)) ]; }
published_at_start=0
# The event ids of every archive, one per line.
archived_ids() {
  for f in reports/predictions_*.parquet; do "$bin/pdex" parquet to-csv --columns event_id "$f" | tail -n +2; done
}
# all_verdicts True|False FILES...: every report JSON's dataset_drift is that.
all_verdicts() { /usr/bin/python3 -c '
import json, sys
verdicts = [str(json.load(open(p))["metrics"][0]["result"]["dataset_drift"]) for p in sys.argv[2:]]
print("dataset_drift:", verdicts)
sys.exit(0 if verdicts and all(v == sys.argv[1] for v in verdicts) else 1)' "$@"; }

# One battle per request, as the training set holds them, and then strong
# Pokémon against weak ones (bench/request_bodies).
"$bench/request_bodies" 1100 11 training >training.txt
"$bench/request_bodies" 600 12 shifted >shifted.txt
"$bench/request_bodies" 400 13 uniform >outage.txt

check "redis-server starts" start_redis
REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port PORT=$api_port BIND_ADDRESS=127.0.0.1 PDEX_DATA_DIR="$data" \
  "$bin/pdex-api" >api.log 2>&1 &
api_pid=$!
pids+=("$api_pid")
check "pdex-api becomes ready with Redis configured" wait_for 60 curl -sf "$api/ready" -o /dev/null
check "pdex-drift starts" start_drift
check "pdex-drift serves its metrics" sh -c "curl -sf $drift/metrics | grep -q '^drift_reference_rows 10000'"

# Malformed entries from another producer are counted and skipped.
redis-cli -p "$redis_port" XADD predictions '*' payload '{"features": {"a_hp": "x"' >/dev/null
redis-cli -p "$redis_port" XADD predictions '*' something else >/dev/null
invalid() { [ "$(metric "$drift/metrics" drift_events_invalid_total)" -eq 2 ]; }
check "malformed events are counted as invalid" wait_for 10 invalid
published_at_start=-2  # the two malformed entries are consumed too

# Traffic like the training data: every event reaches pdex-drift; two full
# buffers become reports.
check "training-like traffic: every request answered" sh -c "'$here/post_bodies.py' $api_port training.txt | grep -q 'sent=1100 failed=0'"
check "every prediction is published to Redis" wait_for 20 all_published
check "pdex-drift consumes every event" wait_for 30 all_consumed
check "full buffers became reports" wait_for 20 sh -c "ls reports/drift_report_*.json 2>/dev/null | grep -q ."
training_reports=$(ls reports/drift_report_*.json)
check "training-like traffic is not dataset drift" all_verdicts False $training_reports

# SIGKILL while events are read but not acknowledged; a restarted worker with
# the same consumer name gets them back.
kill -9 "$drift_pid"; wait "$drift_pid" 2>/dev/null
check "pending entries survive the crash" sh -c "[ \"\$(redis-cli -p $redis_port xpending predictions pdex-drift | head -1)\" -gt 0 ]"
check "pdex-drift restarts" start_drift
stop_drift
check "SIGTERM writes the buffered events' report" test "$(ls reports/drift_report_*.json | wc -l)" -gt "$(echo "$training_reports" | wc -l)"
check "nothing is left pending after the flush" sh -c "[ \"\$(redis-cli -p $redis_port xpending predictions pdex-drift | head -1)\" -eq 0 ]"
archived_ids >ids.txt
check "every published event is archived" test "$(sort -u ids.txt | wc -l)" -eq "$(published)"
check "no event is archived twice" test "$(wc -l <ids.txt)" -eq "$(sort -u ids.txt | wc -l)"

# Shifted traffic: strong Pokémon against weak ones.
before=$(ls reports/drift_report_*.json)
published_at_start=$(published)
check "pdex-drift starts again" start_drift
check "the restarted worker is still running after the malformed entries" sh -c "kill -0 $drift_pid"
check "shifted traffic: every request answered" sh -c "'$here/post_bodies.py' $api_port shifted.txt | grep -q 'sent=600 failed=0'"
check "shifted events published" wait_for 20 all_published
check "shifted events consumed" wait_for 30 all_consumed
stop_drift
shifted_reports=$(ls reports/drift_report_*.json | grep -vxF "$before")
check "shifted traffic made reports" test -n "$shifted_reports"
check "shifted traffic is dataset drift" all_verdicts True $shifted_reports
newest_is_latest() { /usr/bin/python3 -c '
import glob, json
reports = [json.load(open(p)) for p in glob.glob("reports/drift_report_*.json")]
latest = json.load(open("reports/latest.json"))
assert latest in reports and latest["timestamp"] == max(r["timestamp"] for r in reports)'; }
check "latest.json is the newest report" newest_is_latest
check "index.html lists every report" test "$(grep -o 'drift_report_[0-9TZ-]*\.html' reports/index.html | sort -u | wc -l)" -eq "$(ls reports/drift_report_*.html | wc -l)"

# Redis stopped under load: no request fails, the counters balance.
"$here/post_bodies.py" $api_port outage.txt 0.005 >outage.out 2>&1 &
load_pid=$!
sleep 0.5
kill -TERM "$redis_pid"; wait "$redis_pid" 2>/dev/null
sleep 1
check "redis-server restarts" start_redis
wait "$load_pid"
check "Redis outage: no failed request" grep -q "sent=400 failed=0" outage.out
drained() { [ "$(metric "$api/metrics" event_queue_depth)" -eq 0 ]; }
check "the publisher catches up after Redis returns" wait_for 30 drained
balance() {
  local p d q m
  p=$(published); d=$(metric "$api/metrics" events_dropped_total); q=$(metric "$api/metrics" event_queue_depth)
  m=$(predicted)
  echo "published=$p dropped=$d depth=$q predictions=$m"
  [ $((p + d + q)) -eq "$m" ]
}
check "published + dropped + depth == predictions" balance
check "the API logged the outage and the recovery" sh -c "grep -q 'unavailable\|failed' api.log && grep -qi 'recover\|again' api.log"

kill -TERM "$api_pid"; wait "$api_pid"
check "pdex-api exits cleanly" test $? -eq 0
exit $fail
