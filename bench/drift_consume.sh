#!/usr/bin/env bash
# Issue benchmark: Redis -> pdex-drift sustained consumption (target
# >= 100,000 events/s).
#
# What is measured: a backlog of N (500,000) realistic events (rows of
# models/reference.parquet with fresh ids, built by bench/event_flood and
# XADDed to the stream `predictions` exactly as pdex-api's publisher does:
# FORMAT=rows (the default, STREAM_FORMAT's) or FORMAT=batch one entry per
# 512 events, FORMAT=json one entry per event) is
# written to a private redis-server BEFORE pdex-drift starts, so the figure is
# pure consumption: XREADGROUP, decoding, checking against the
# reference, buffering, and every BUFFER_SIZE (100,000) events a report
# (statistics, JSON, HTML, Parquet archive) followed by XACK of the batch.
# The reports are part of the sustained work: the run ends when the last of
# N / BUFFER_SIZE reports is written (REPORT_FREQUENCY=3600, so no report is
# due by time).
#
# Times come from polling pdex-drift's /metrics every POLL (0.1 s): the start
# is the first poll that sees drift_events_consumed_total > 0, the end the
# first that sees drift_reports_total = N / BUFFER_SIZE; each end is late by at
# most one poll interval (plus a curl). Printed:
#   whole run         N / (first consumed -> last report): the target figure
#   consumed          N / (first consumed -> drift_events_consumed_total = N);
#                     the first N/BUFFER_SIZE - 1 reports are inside it
#   excluding reports N / (whole run - drift_report_duration_seconds_sum)
# plus the mean report time (drift_report_duration_seconds sum/count), the
# peak RSS (VmHWM) of pdex-drift, XPENDING of the group at the end (must be
# 0: every event acknowledged after its report), the CPU seconds pdex-drift
# and redis-server used, and the CPU steal of the VM during the run.
#
# On the 2-core machine redis-server and pdex-drift (one consumer thread, one
# metrics thread) share the cores; nothing else of ours runs during the
# measurement (the flood is over before pdex-drift starts). Nothing is pinned.
#
# Talks only to 127.0.0.1; every step is bounded (TIMEOUT seconds for the
# consumption, 300 s for the flood); servers and the temp dir go on exit.
# COUNT, BUFFER_SIZE, TIMEOUT and POLL override the defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
COUNT=${COUNT:-500000}
BUFFER_SIZE=${BUFFER_SIZE:-100000}
TIMEOUT=${TIMEOUT:-300}
POLL=${POLL:-0.1}
FORMAT=${FORMAT:-rows}
case "$FORMAT" in
  rows | batch) entries_expected=$(( (COUNT + 511) / 512 )) ;;
  json) entries_expected=$COUNT ;;
  *) echo "drift_consume: FORMAT is rows, batch or json, not '$FORMAT'" >&2; exit 2 ;;
esac

(( COUNT > 0 && BUFFER_SIZE > 0 && COUNT % BUFFER_SIZE == 0 )) ||
  { echo "drift_consume: COUNT ($COUNT) must be a positive multiple of BUFFER_SIZE ($BUFFER_SIZE)" >&2; exit 2; }
reports_expected=$((COUNT / BUFFER_SIZE))

"$root/scripts/install-deps" build test bench
build="$root/build/release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" pdex-drift event_flood >/dev/null

work=$(mktemp -d)
redis_pid= drift_pid=
cleanup() {
  [ -n "$drift_pid" ] && kill "$drift_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "drift_consume: $*" >&2
  [ -f "$work/drift.log" ] && { echo "--- pdex-drift log (tail)" >&2; tail -n 20 "$work/drift.log" >&2; }
  exit 1
}
# A loopback port nobody listens on now.
source "$here/wrk_lib.sh"
now() { date +%s.%N; }
# cpu_seconds PID: user + system CPU time of the process (all threads) so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# cpu_ticks: "total steal" CPU ticks of the machine so far (steal: taken by the
# hypervisor for other guests; a busy host makes every figure noisier).
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9 }' /proc/stat; }
steal_pct() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[1] - x[1]; printf "%.1f", (d > 0 ? 100 * (y[2] - x[2]) / d : 0) }'; }

start_redis || fail "no redis-server"

echo "load average before: $(load), $(nproc) cores"
flood=$(cd "$root" && timeout 300 "$build/bench/event_flood" --port "$redis_port" --count "$COUNT" \
  --format "$FORMAT" --reference "$root/models/reference.parquet") || fail "event_flood failed or took over 300 s"
echo "flood ($FORMAT): $flood"
[ "$(rcli xlen predictions)" -eq "$entries_expected" ] ||
  fail "XLEN predictions is $(rcli xlen predictions), not $entries_expected"

metrics_port=$(free_port)
redis_cpu0=$(cpu_seconds "$redis_pid")
mkdir -p "$work/reports"
env REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port" BUFFER_SIZE="$BUFFER_SIZE" REPORT_FREQUENCY=3600 \
  REPORTS_DIR="$work/reports" METRICS_PORT="$metrics_port" BIND_ADDRESS=127.0.0.1 CONSUMER_NAME=bench \
  REFERENCE_DATA_PATH="$root/models/reference.parquet" MODEL_DIR="$root/models" PDEX_DATA_DIR="$root/data" \
  LOG_LEVEL=info "$build/apps/pdex-drift" >"$work/drift.log" 2>&1 &
drift_pid=$!
ticks0=$(cpu_ticks)

metrics() { curl -sf --max-time 2 "http://127.0.0.1:$metrics_port/metrics"; }
# value NAME < metrics: the sample of an unlabelled metric (0 when absent).
value() { awk -v n="$1" '$1 == n { v = $2 + 0 } END { printf "%.17g\n", v + 0 }'; }

t_first= t_consumed= t_done=
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  kill -0 "$drift_pid" 2>/dev/null || fail "pdex-drift exited early"
  (( $(date +%s) < deadline )) || fail "timed out after ${TIMEOUT} s: consumed $(metrics | value drift_events_consumed_total), reports $(metrics | value drift_reports_total) of $reports_expected, invalid $(metrics | awk '/^drift_events_invalid_total/ { s += $2 } END { print s + 0 }')"
  if m=$(metrics); then
    t=$(now)
    consumed=$(value drift_events_consumed_total <<<"$m")
    reports=$(value drift_reports_total <<<"$m")
    [ -z "$t_first" ] && awk -v c="$consumed" 'BEGIN { exit !(c > 0) }' && t_first=$t
    [ -z "$t_consumed" ] && awk -v c="$consumed" -v n="$COUNT" 'BEGIN { exit !(c >= n) }' && t_consumed=$t
    awk -v r="$reports" -v n="$reports_expected" 'BEGIN { exit !(r >= n) }' && { t_done=$t; break; }
  fi
  sleep "$POLL"
done

m=$(metrics)
rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$drift_pid/status")
pending=$(rcli xpending predictions pdex-drift | head -1)
report_sum=$(value drift_report_duration_seconds_sum <<<"$m")
report_count=$(value drift_report_duration_seconds_count <<<"$m")
invalid=$(awk '/^drift_events_invalid_total/ { s += $2 } END { print s + 0 }' <<<"$m")
duplicates=$(value drift_events_duplicate_total <<<"$m")
archives=$(find "$work/reports" -name '*.parquet' | wc -l)
load_after=$(load)
steal=$(steal_pct "$ticks0" "$(cpu_ticks)")
# CPU seconds pdex-drift (all threads) and redis-server used from pdex-drift's start.
drift_cpu=$(cpu_seconds "$drift_pid")
redis_cpu=$(awk -v a="$(cpu_seconds "$redis_pid")" -v b="$redis_cpu0" 'BEGIN { printf "%.2f", a - b }')
kill "$drift_pid" && wait "$drift_pid" 2>/dev/null || true
drift_pid=

echo "pdex-drift: BUFFER_SIZE=$BUFFER_SIZE, $COUNT events pre-loaded in Redis ($entries_expected entries, FORMAT=$FORMAT), metrics polled every ${POLL} s"
awk -v n="$COUNT" -v t0="$t_first" -v tc="$t_consumed" -v t1="$t_done" -v rs="$report_sum" -v rc="$report_count" \
  -v rss="$rss_kb" -v pend="$pending" -v inv="$invalid" -v dup="$duplicates" -v arch="$archives" '
  BEGIN {
    whole = t1 - t0; cons = tc - t0
    printf "whole run (first consumed event -> report %d written): %.2f s, %.0f events/s (target >= 100000)\n", rc, whole, n / whole
    printf "consumed %d events in %.2f s: %.0f events/s (%d reports inside)\n", n, cons, n / cons, rc - 1
    printf "excluding report time (%.2f s of %d reports): %.0f events/s\n", rs, rc, n / (whole - rs)
    printf "one report of %d events (drift_report_duration_seconds sum/count): %.3f s\n", n / rc, rs / rc
    printf "pdex-drift peak RSS (VmHWM): %.1f MiB\n", rss / 1024
    printf "XPENDING at the end: %d (must be 0); invalid %d, duplicates %d; %d report archives on disk\n", pend, inv, dup, arch
  }'
echo "CPU seconds from pdex-drift's start to its last report: pdex-drift $drift_cpu (incl. loading the reference), redis-server $redis_cpu"
echo "load average after: $load_after; CPU steal (hypervisor) during the consumption: $steal%"
[ "$pending" -eq 0 ] || fail "XPENDING is $pending after the last report"
