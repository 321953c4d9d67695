#!/usr/bin/env bash
# End-to-end: pdex-api alone on the embedded defaults runs the drift worker
# in-process and serves its reports under /reports/.
# Usage: embedded_drift_test.sh BIN_DIR BENCH_DIR DATA_DIR
set -uo pipefail
bin=$1
bench=$2
data=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/check.sh"
cleanup() { [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(free_port)
api="http://127.0.0.1:$port"
metric() { metric_sum "$api/metrics" "$1"; }
cd "$work"
"$bench/request_bodies" 60 21 uniform >bodies.txt

BUFFER_SIZE=100 PORT=$port BIND_ADDRESS=127.0.0.1 PDEX_DATA_DIR="$data" "$bin/pdex-api" >api.log 2>&1 &
pid=$!
check "pdex-api becomes ready on embedded defaults" wait_for 60 curl -sf "$api/ready" -o /dev/null
check "before any prediction the index lists no report" sh -c "curl -sf $api/reports/ -o index.html && ! grep -q drift_report_ index.html"
check "an unknown report file is a 404 with a detail" \
  sh -c "curl -s -o body.json -w '%{http_code}' $api/reports/drift_report_x.html | grep -q 404 && grep -q detail body.json"
check "requests answered" sh -c "'$here/post_bodies.py' $port bodies.txt | grep -q 'sent=60 failed=0'"
reported() { [ "$(metric drift_reports_total)" -ge 1 ]; }
check "a full buffer becomes a report" wait_for 20 reported
check "/reports/ serves the index" sh -c "curl -sf $api/reports/ | grep -q 'drift_report_'"
report=$(curl -sf "$api/reports/" | grep -o 'drift_report_[0-9TZ-]*\.html' | head -1)
check "the index links a report that is served as HTML" \
  sh -c "curl -sf -D headers.txt $api/reports/$report -o report.html && grep -qi 'content-type: text/html' headers.txt"
check "/reports/latest.json holds Evidently's keys" sh -c "curl -sf $api/reports/latest.json | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r[\"metrics\"][0][\"metric\"] == \"DatasetDriftMetric\", r[\"metrics\"][0]
assert \"drift_by_columns\" in r[\"metrics\"][1][\"result\"]'"
check "path traversal is refused" sh -c "curl -s -o /dev/null -w '%{http_code}' '$api/reports/..%2fapi.log' | grep -q 404"
check "the embedded worker's metrics are on /metrics" sh -c "curl -sf $api/metrics | grep -q '^drift_dataset_drift '"
published=$(metric events_published_total); predicted=$(metric model_predictions_total)
check "every prediction went to the embedded worker" test "$published" -eq "$predicted"
before=$(ls reports/drift_report_*.json | wc -l)
kill -TERM "$pid"
wait "$pid"
check "exit status 0 after SIGTERM" test $? -eq 0
pid=
check "shutdown writes the last buffered events' report" test "$(ls reports/drift_report_*.json | wc -l)" -gt "$before"
for f in reports/predictions_*.parquet; do "$bin/pdex" parquet to-csv --columns event_id "$f" | tail -n +2; done >ids.txt
check "every event is archived" test "$(sort -u ids.txt | wc -l)" -eq "$predicted"
check "no event is archived twice" test "$(wc -l <ids.txt)" -eq "$(sort -u ids.txt | wc -l)"
exit $fail
