#!/usr/bin/env bash
# End-to-end: the whole monitoring stack, natively (scripts/stack up
# --extras, every port free and on 127.0.0.1, BUFFER_SIZE 500, Prometheus
# scraping every second, alerts' `for:` shortened to 2 s), under traffic
# from `pdex loadgen`:
#  1. 500 requests like the training data: a report saying no dataset drift;
#  2. 1000 requests with --drift: reports saying drift, drift_dataset_drift 1
#     in Prometheus, the DatasetDriftDetected alert pending or firing;
#  3. nginx serves the listing and every report file with its content type;
#     Prometheus scrapes every target as up; every expression of every
#     Grafana dashboard returns data from this Prometheus; Chromium renders
#     the listing and a report from nginx (screenshots in ARTIFACTS_DIR) with
#     no console error and no outside request;
#  4. pdex-drift, Redis and PostgreSQL each restarted under load: no request
#     fails, the stack is healthy again by itself, and every event published
#     is archived exactly once.
# Usage: stack_e2e_test.sh SOURCE_DIR BIN_DIR NODE ARTIFACTS_DIR
set -uo pipefail
root=$1
bin=$2
node=$3
artifacts=$4
source "$root/tests/e2e/check.sh"
checks=$root/tests/stack/prometheus_checks.py
stack() { "$root/scripts/stack" "$@"; }

# PostgreSQL and nginx's workers run as nobody when the test runs as root.
chmod 755 "$work"
export STACK_DIR=$work/stack PDEX_BIN_DIR=$bin
export BUFFER_SIZE=500 REPORT_FREQUENCY=3600 KEEP_REPORTS=100 LOG_LEVEL=warn
export STACK_SCRAPE_INTERVAL=1s STACK_ALERT_FOR=2s
for service in api db redis drift_detector prometheus node_exporter drift_ui alertmanager redis_exporter \
    postgres_exporter; do
  export "STACK_PORT_${service^^}=$(free_port)"
done
api=http://127.0.0.1:$STACK_PORT_API
drift=http://127.0.0.1:$STACK_PORT_DRIFT_DETECTOR
ui=http://127.0.0.1:$STACK_PORT_DRIFT_UI
prom=http://127.0.0.1:$STACK_PORT_PROMETHEUS
cleanup() {
  stack down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
# Shows what the services logged when a check failed.
dump_logs() {
  for log in "$STACK_DIR"/logs/*.log; do
    echo "--- $(basename "$log") (last 15 lines)"
    tail -15 "$log"
  done
}

if ! stack up --extras >"$work/up.log" 2>&1; then
  echo "FAIL - scripts/stack up --extras"
  cat "$work/up.log"
  dump_logs
  exit 1
fi
echo "ok   - scripts/stack up --extras starts every service"
check "scripts/stack status: every service healthy" stack status
check "Grafana is reported as not run natively" grep -q "not run natively: grafana" "$work/up.log"

loadgen() { "$bin/pdex" loadgen --url "$api" "$@"; }
# reports_at_least N: pdex-drift has written N reports (since it started).
reports_at_least() { [ "$(metric_sum "$drift/metrics" drift_reports_total)" -ge "$1" ]; }
# verdict FILE: the report's dataset_drift (True/False).
verdict() {
  /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metrics"][0]["result"]["dataset_drift"])' "$1"
}
reports_json() { ls "$STACK_DIR"/reports/drift_report_*.json 2>/dev/null | sort; }

# 1. Traffic like the training data: exactly one buffer's worth.
check "loadgen: 500 requests like the training data, all answered" \
  loadgen --rate 100 --duration 5 --seed 21
check "a first report is written" wait_for 30 reports_at_least 1
first=$(reports_json | head -1)
check "the first report says no dataset drift" test "$(verdict "$first")" = False

# 2. Drifted traffic: two buffers' worth.
check "loadgen --drift: 1000 requests, all answered" loadgen --rate 100 --duration 10 --seed 22 --drift
check "two more reports are written" wait_for 40 reports_at_least 3
latest=$(reports_json | tail -1)
check "the latest report says dataset drift" test "$(verdict "$latest")" = True
check "Prometheus sees drift_dataset_drift reach 1" wait_for 30 "$checks" "$prom" value 'max(drift_dataset_drift)' 1
check "the DatasetDriftDetected alert becomes pending or firing" \
  wait_for 30 "$checks" "$prom" alert DatasetDriftDetected

# 3. The report UI, Prometheus' targets, the dashboards, a browser.
# content_type PATH: what nginx answers for it, "STATUS TYPE".
content_type() { curl -s -o /dev/null -w '%{http_code} %{content_type}' "$ui$1"; }
check "nginx serves the listing as HTML" test "$(content_type /)" = "200 text/html; charset=utf-8"
check "nginx serves latest.json as JSON" test "$(content_type /latest.json)" = "200 application/json"
served=0 wrong=0
for file in "$STACK_DIR"/reports/drift_report_*.html "$STACK_DIR"/reports/drift_report_*.json \
    "$STACK_DIR"/reports/predictions_*.parquet; do
  case "$file" in
    *.html) want="200 text/html; charset=utf-8" ;;
    *.json) want="200 application/json" ;;
    *.parquet) want="200 application/vnd.apache.parquet" ;;
  esac
  got=$(content_type "/$(basename "$file")")
  served=$((served + 1))
  [ "$got" = "$want" ] || { echo "     /$(basename "$file"): $got, expected $want"; wrong=$((wrong + 1)); }
done
check "nginx serves each of the $served report files with its content type" test "$wrong" -eq 0 -a "$served" -ge 9
lists_every_report() {
  local listing file
  listing=$(curl -s "$ui/")
  for file in "$STACK_DIR"/reports/drift_report_*.html; do
    grep -qF "$(basename "$file")" <<<"$listing" || { echo "     not in the listing: $(basename "$file")"; return 1; }
  done
}
check "the listing links every report" lists_every_report
check "Prometheus scrapes every target as up" wait_for 30 "$checks" "$prom" targets-up \
  api drift_detector node-exporter prometheus alertmanager redis-exporter postgres-exporter
/usr/bin/python3 "$root/tests/stack/check_stack_files.py" "$root" --dashboard-rules "$work/dashboard_rules.yml" >/dev/null
# Rates need two samples inside their window: the traffic above gave them.
check "every Grafana dashboard expression returns data" "$checks" "$prom" dashboards "$work/dashboard_rules.yml"
mkdir -p "$artifacts"
report_page=$(basename "$(ls "$STACK_DIR"/reports/drift_report_*.html | sort | tail -1)")
check "Chromium renders the listing and a report from nginx, no console error (screenshots in $artifacts)" \
  "$node" "$root/tests/browser/check_report.mjs" --screenshots "$artifacts" --index "$ui/" "$ui/$report_page"
check "the screenshots are saved" test -s "$artifacts/index.png" -a -s "$artifacts/${report_page%.html}.png"

# 4. Restarts under load: pdex-drift, then Redis, then PostgreSQL.
loadgen --rate 40 --duration 30 --seed 23 --json >"$work/restarts.json" 2>"$work/restarts.err" &
load_pid=$!
sleep 4
check "pdex-drift restarts under load" stack restart drift_detector
sleep 4
check "Redis restarts under load" stack restart redis
sleep 4
check "PostgreSQL restarts under load" stack restart db
wait "$load_pid"
load_status=$?
cat "$work/restarts.json"
check "no request failed while the three restarted" test "$load_status" -eq 0
check "the stack is healthy again by itself" wait_for 30 stack status
check "Prometheus scrapes every target as up again" wait_for 30 "$checks" "$prom" targets-up \
  api drift_detector node-exporter prometheus alertmanager redis-exporter postgres-exporter
queue_empty() { [ "$(metric_sum "$api/metrics" event_queue_depth)" -eq 0 ]; }
check "the API delivered every event (queue empty)" wait_for 30 queue_empty
predicted=$(metric_sum "$api/metrics" model_predictions_total)
published=$(metric_sum "$api/metrics" events_published_total)
dropped=$(metric_sum "$api/metrics" events_dropped_total)
echo "     API: $predicted predictions, $published events published, $dropped dropped"
check "every prediction's event was published, none dropped" test "$published" -eq "$predicted" -a "$dropped" -eq 0
# lag: stream entries not yet delivered to pdex-drift's consumer group.
lag() { redis-cli -p "$STACK_PORT_REDIS" XINFO GROUPS predictions | awk 'previous == "lag" { print; exit } { previous = $0 }'; }
no_lag() { [ "$(lag)" = 0 ]; }
check "pdex-drift has read every entry of the stream" wait_for 30 no_lag
# Stopping pdex-drift writes what it holds as a last report.
check "pdex-drift stops, writing its last report" stack stop drift_detector
for archive in "$STACK_DIR"/reports/predictions_*.parquet; do
  "$bin/pdex" parquet to-csv --columns event_id "$archive" | tail -n +2
done >"$work/archived_ids.txt"
archived=$(wc -l <"$work/archived_ids.txt")
unique=$(sort -u "$work/archived_ids.txt" | wc -l)
echo "     archives: $archived event ids, $unique distinct"
check "every published event is archived" test "$unique" -eq "$published"
check "no event is archived twice" test "$archived" -eq "$unique"

[ "$fail" -eq 0 ] || dump_logs
exit $fail
