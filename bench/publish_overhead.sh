#!/usr/bin/env bash
# Issue benchmark: the cost of publishing prediction events to Redis for
# pdex-api (target: POST /predict/best-move requests/s with publishing to
# Redis >= 97% of the same with QUEUE_MODE=off, measured in the same run).
#
# What is measured: two pdex-api processes on the embedded defaults (SQLite,
# each its own file), differing only in events:
#   off  QUEUE_MODE=off                          (publishes nothing)
#   on   REDIS_HOST=127.0.0.1 REDIS_PORT=<port>  (stream mode, the defaults:
#        one event per scored move, up to 4 per request (about 3.9 with
#        these bodies), encoded on the request thread as rows
#        (STREAM_FORMAT=rows, pdex-events/3; STREAM_FORMAT=batch measures
#        pdex-events/2 instead), sent by EventPublisher's background thread
#        as one XADD of a MessagePack batch per up to 4096 events to
#        `predictions`,
#        STREAM_MAXLEN=100000000 so that the stream keeps all of a round's
#        events for the count below; Redis is emptied after each round)
# driven as bench/predict_best_move.sh drives its saturation figure: wrk,
# keep-alive connections, POST /predict/best-move cycling through 1000
# seeded 4-move bodies (bench/request_bodies). Every round starts a fresh
# pair of servers, in alternating order (two processes of one binary differ
# by a few percent on their own: where the loader put the code and the
# model's trees), warms both up, then measures for DURATION (5s).
#
# This machine's speed wanders by 20% and more within seconds (the same
# binary and load measured 17,156 then 25,765 requests/s 40 s apart), far
# more than the 3% asked about. So by default (MODE=concurrent) both
# servers are measured at the same time, sharing one core: pdex-api off and
# on both on CPU 0 (HTTP_THREADS=1), each loaded by its own wrk (THREADS/2
# threads, CONNECTIONS/2 connections) on CPU 1, where redis-server runs too
# (REDIS_CPU: a separate service, as in docker-compose.yml; REDIS_CPU=0 puts
# its work on pdex-api's core). Whatever slows the machine slows both alike.
# The kernel shares CPU 0 between threads, not processes, so the "on"
# server's publisher thread gets its CPU partly at the "off" server's
# expense: the figure is therefore throughput per CPU-second, each server's
# requests/s divided by the CPU time all its threads used over the same
# seconds (from /proc/PID/task/*/schedstat, in nanoseconds), which is
# requests/s on a core of its own, publisher thread included. The plain
# requests/s ratio is printed beside it.
#
# MODE=alternate measures them one after the other instead, each alone on
# CPU 0 with all of wrk's THREADS and CONNECTIONS, ordered off-on, on-off,
# ... so that neither always comes second on a trend: plain requests/s, but
# with the machine's wander in every ratio.
#
# Either way the figure is the median over REPEAT (12) rounds of a round's
# on/off ratio, printed with their spread. SAME=1 makes both servers "off",
# an A/A run that shows the method's own error. PIN=0 pins nothing
# (HTTP_THREADS the CPU count, only meaningful with MODE=alternate). Each
# round prints each server's CPU time and per request, and Redis's per
# event, so one can see where the cores went, with the share of CPU time
# the hypervisor stole (steal%: other guests on the host).
#
# For every round, the "on" API's counters (events_published_total,
# events_dropped_total, event_queue_depth, as deltas over the round, after
# the queue has drained) and the events in `predictions` (counted by
# bench/stream_event_count.py with Python's msgpack and redis clients) are
# printed, with the stream's entries: published must equal the events in
# the stream and nothing may be dropped.
#
# API_BIN=PATH runs that pdex-api binary (named pdex-api) for both servers
# instead of the release build: to compare two versions of the code in
# the same hour, run the bench for each in turn (the machine drifts by a
# point or two between runs).
#
# Talks only to 127.0.0.1; every wrk run is bounded by DURATION, each wait by
# a timeout; servers and the temp dir go on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-5s}  # in seconds, with the s
REPEAT=${REPEAT:-12}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
MODE=${MODE:-concurrent}
PIN=${PIN:-1}
# With PIN=1: the CPU redis-server runs on, 1 (with wrk) or 0 (with pdex-api).
REDIS_CPU=${REDIS_CPU:-1}
# SAME=1: the "on" server publishes nothing either (QUEUE_MODE=off): an A/A
# run, whose ratio shows the method's own error.
SAME=${SAME:-0}

[[ "$DURATION" =~ ^[0-9]+s$ ]] || { echo "publish_overhead: DURATION must be whole seconds, like 10s" >&2; exit 2; }
[[ "$MODE" =~ ^(concurrent|alternate)$ ]] || { echo "publish_overhead: MODE must be concurrent or alternate" >&2; exit 2; }
[ "$MODE" = alternate ] || [ "$PIN" = 1 ] || { echo "publish_overhead: MODE=concurrent needs PIN=1" >&2; exit 2; }
secs=${DURATION%s}

"$root/scripts/install-deps" build test bench
build="$root/build/release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" pdex-api request_bodies >/dev/null
API_BIN=${API_BIN:-$build/apps/pdex-api}

work=$(mktemp -d)
redis_pid= off_pid= on_pid= api_pid= off_real= on_real=
cleanup() {
  local p
  for p in "$off_real" "$on_real" "$off_pid" "$on_pid" "$api_pid" "$redis_pid"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "publish_overhead: $*" >&2; exit 1; }
[ "$(basename "$API_BIN")" = pdex-api ] && [ -x "$API_BIN" ] || fail "API_BIN must be an executable named pdex-api: $API_BIN"
load() { cut -d' ' -f1-3 /proc/loadavg; }
# cpu_ticks: "total steal" CPU ticks of the machine so far (steal: taken by the
# hypervisor for other guests; a busy host makes every figure noisier).
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9 }' /proc/stat; }
steal_pct() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[1] - x[1]; printf "%.1f", (d > 0 ? 100 * (y[2] - x[2]) / d : 0) }'; }
# cpu_ns PID: CPU time all the process's threads ran so far, in nanoseconds
# (the scheduler's own count: exact, where /proc/PID/stat samples ticks).
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

source "$here/wrk_lib.sh"

start_redis || fail "no redis-server"
api_threads=$(nproc)
[ "$PIN" = 1 ] && api_threads=1 && taskset -apc "$REDIS_CPU" "$redis_pid" >/dev/null

(cd "$root" && "$build/bench/request_bodies" 1000) >"$work/bodies.txt"
write_bodies_script "$work/saturation.lua" "$work/bodies.txt"
[ "$PIN" = 1 ] && export WRK_CPUS=1

# wait_drained: until the "on" publisher's queue is empty (at most 30 s).
wait_drained() {
  for _ in $(seq 300); do [ "$(counter event_queue_depth "$on_port")" -eq 0 ] && return 0; sleep 0.1; done
  fail "event_queue_depth still $(counter event_queue_depth "$on_port") 30 s after the round"
}
url() { echo "http://127.0.0.1:$1/predict/best-move"; }

# start_servers ROUND: both pdex-api, fresh, pinned, checked and warmed up,
# started in an order that alternates with the round.
start_servers() {
  local conf port body check
  local order="off on"
  [ $(($1 % 2)) -eq 0 ] && order="on off"
  for conf in $order; do
    port=$(free_port)
    if [ "$conf" = off ]; then
      start_api "$API_BIN" "$port" QUEUE_MODE=off DATABASE_URL="sqlite://off$1.sqlite3" \
        HTTP_THREADS="$api_threads" || fail "pdex-api (off) did not start"
      off_port=$port off_pid=$api_pid
    else
      # STREAM_MAXLEN above a round's events, so that the stream holds every one.
      local events=(REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port" STREAM_MAXLEN=100000000
        STREAM_FORMAT="${STREAM_FORMAT:-rows}")
      [ "$SAME" = 1 ] && events=(QUEUE_MODE=off)
      start_api "$API_BIN" "$port" "${events[@]}" HTTP_THREADS="$api_threads" \
        DATABASE_URL="sqlite://on$1.sqlite3" || fail "pdex-api (on) did not start"
      on_port=$port on_pid=$api_pid
    fi
    api_pid=
  done
  off_real=$(real_pid "$off_pid") && on_real=$(real_pid "$on_pid") || fail "cannot find the pdex-api processes"
  if [ "$PIN" = 1 ]; then
    for pid in "$off_real" "$on_real"; do taskset -apc 0 "$pid" >/dev/null; done
  fi
  body='{"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Quick Attack", "Iron Tail", "Thunder"]}'
  for port in "$off_port" "$on_port"; do
    check=$(curl -sf --max-time 5 -XPOST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/predict/best-move")
    [ "$(grep -o '"move_name"' <<<"$check" | wc -l)" -eq 4 ] || fail "unexpected answer on port $port: $check"
    ${WRK_CPUS:+taskset -c "$WRK_CPUS"} wrk -t"$THREADS" -c"$CONNECTIONS" -d1s -s "$work/saturation.lua" "$(url "$port")" >/dev/null  # warm-up
  done
  wait_drained
  rcli flushall >/dev/null
}
stop_servers() {
  local p
  for p in "$off_real" "$on_real" "$off_pid" "$on_pid"; do kill "$p" 2>/dev/null || true; done
  for p in "$off_pid" "$on_pid"; do wait "$p" 2>/dev/null || true; done
  off_real= on_real= off_pid= on_pid=
}

# The "on" server's books over a round (since snapshot_books), after its
# queue drained: "published in_stream entries dropped depth".
snapshot_books() { published0=$(counter events_published_total "$on_port") dropped0=$(counter events_dropped_total "$on_port"); }
books() {
  wait_drained
  local xlen
  # Events in the stream, counted by Python's msgpack/redis (batch entries
  # hold many): published must equal it.
  xlen=$(/usr/bin/python3 "$here/stream_event_count.py" "$redis_port" | sed -n 's/.*events=\([0-9]*\).*/\1/p')
  echo "$(($(counter events_published_total "$on_port") - published0)) $xlen $(rcli xlen predictions)" \
    "$(($(counter events_dropped_total "$on_port") - dropped0)) $(counter event_queue_depth "$on_port")"
}

# record CONF RPS CPU_S PUBLISHED REDIS_CPU_S: appends
# "cpu_s us_per_request rps_per_cpu_second redis_us_per_event events_per_request" to CONF.extra.
record() {
  awk -v r="$2" -v c="$3" -v n="$4" -v rc="$5" -v d="$secs" 'BEGIN {
    printf "%.3f %.1f %.1f %.3f %.2f\n", c, c * 1e6 / (r * d), r / c, (n > 0 ? rc * 1e6 / n : 0), n / (r * d) }' >>"$work/$1.extra"
}
row_format='%-6s %5s %12s %9s %9s %9s %11s %10s %8s %8s %6s %9s %7s %7s\n'
row() { printf "$row_format" "$@"; }

echo "load average before: $(load), $(nproc) cores, MODE=$MODE"
row round conf "requests/s" "p99 ms" "api cpu" "us/req" published "in stream" entries dropped depth "redis cpu" "load1" "steal%"
ticks_start=$(cpu_ticks)
for round in $(seq "$REPEAT"); do
  start_servers "$round"
  if [ "$MODE" = concurrent ]; then
    snapshot_books
    off0=$(cpu_ns "$off_real") on0=$(cpu_ns "$on_real") redis0=$(cpu_ns "$redis_pid") ticks0=$(cpu_ticks)
    THREADS=$(((THREADS + 1) / 2)) CONNECTIONS=$((CONNECTIONS / 2)) measure off "$(url "$off_port")" -s "$work/saturation.lua" &
    off_wrk=$!
    THREADS=$(((THREADS + 1) / 2)) CONNECTIONS=$((CONNECTIONS / 2)) measure on "$(url "$on_port")" -s "$work/saturation.lua" &
    on_wrk=$!
    wait "$off_wrk" "$on_wrk"
    off_cpu=$(seconds_between "$off0" "$(cpu_ns "$off_real")") on_cpu=$(seconds_between "$on0" "$(cpu_ns "$on_real")")
    redis_cpu=$(seconds_between "$redis0" "$(cpu_ns "$redis_pid")")
    steal=$(steal_pct "$ticks0" "$(cpu_ticks)")
    read -r published xlen entries dropped depth < <(books)
    echo "$published $xlen $dropped $depth" >>"$work/books"
    read -r off_rps _ off_p99 _ < <(tail -1 "$work/off.runs")
    read -r on_rps _ on_p99 _ < <(tail -1 "$work/on.runs")
    record off "$off_rps" "$off_cpu" 0 0
    record on "$on_rps" "$on_cpu" "$published" "$redis_cpu"
    row "$round" off "$off_rps" "$off_p99" "$off_cpu" "$(tail -1 "$work/off.extra" | cut -d' ' -f2)" - - - - - - \
      "$(cut -d' ' -f1 /proc/loadavg)" "$steal"
    row "$round" on "$on_rps" "$on_p99" "$on_cpu" "$(tail -1 "$work/on.extra" | cut -d' ' -f2)" "$published" "$xlen" \
      "$entries" "$dropped" "$depth" "$redis_cpu" "$(cut -d' ' -f1 /proc/loadavg)" "$steal"
    # requests/s, and requests per CPU-second, of each.
    echo "$on_rps $off_rps $(tail -1 "$work/on.extra" | cut -d' ' -f3) $(tail -1 "$work/off.extra" | cut -d' ' -f3)" >>"$work/ratios"
  else
    order="off on"
    [ $((round % 2)) -eq 0 ] && order="on off"
    for conf in $order; do
      port=$off_port pid=$off_real
      [ "$conf" = on ] && port=$on_port pid=$on_real
      snapshot_books
      api0=$(cpu_ns "$pid") redis0=$(cpu_ns "$redis_pid") ticks0=$(cpu_ticks)
      measure "$conf" "$(url "$port")" -s "$work/saturation.lua"
      api_cpu=$(seconds_between "$api0" "$(cpu_ns "$pid")") redis_cpu=$(seconds_between "$redis0" "$(cpu_ns "$redis_pid")")
      steal=$(steal_pct "$ticks0" "$(cpu_ticks)")
      read -r published xlen entries dropped depth < <(books)
      read -r rps _ p99 _ < <(tail -1 "$work/$conf.runs")
      record "$conf" "$rps" "$api_cpu" "$published" "$redis_cpu"
      if [ "$conf" = on ]; then
        echo "$published $xlen $dropped $depth" >>"$work/books"
        row "$round" on "$rps" "$p99" "$api_cpu" "$(tail -1 "$work/on.extra" | cut -d' ' -f2)" "$published" "$xlen" \
          "$entries" "$dropped" "$depth" "$redis_cpu" "$(cut -d' ' -f1 /proc/loadavg)" "$steal"
      else
        # The idle "on" server must not have published anything meanwhile.
        [ "$published" -eq 0 ] && [ "$xlen" -eq 0 ] || fail "round $round: events published during an off round"
        row "$round" off "$rps" "$p99" "$api_cpu" "$(tail -1 "$work/off.extra" | cut -d' ' -f2)" - - - - - - \
          "$(cut -d' ' -f1 /proc/loadavg)" "$steal"
      fi
    done
    echo "$(tail -1 "$work/on.runs" | cut -d' ' -f1) $(tail -1 "$work/off.runs" | cut -d' ' -f1)" >>"$work/ratios"
  fi
  [ "$(tail -1 "$work/books" | cut -d' ' -f1)" -gt 0 ] || [ "$SAME" = 1 ] || fail "round $round: no event published"
  rcli flushall >/dev/null
  stop_servers
done

echo "CPU steal (hypervisor) over all rounds: $(steal_pct "$ticks_start" "$(cpu_ticks)")% of the machine's CPU time"
echo
if [ "$MODE" = concurrent ]; then
  how="both servers at once on CPU 0, each with wrk $(((THREADS + 1) / 2)) threads, $((CONNECTIONS / 2)) connections on CPU 1"
else
  how="one after the other in alternating order, wrk $THREADS threads, $CONNECTIONS connections$([ "$PIN" = 1 ] && echo ", pdex-api on CPU 0, wrk on CPU 1")"
fi
echo "MODE=$MODE, STREAM_FORMAT=${STREAM_FORMAT:-rows}: $how, keep-alive, $DURATION x $REPEAT rounds, HTTP_THREADS $api_threads, redis-server on" \
  "$([ "$PIN" = 1 ] && echo "CPU $REDIS_CPU" || echo "any CPU"), $(nproc) cores, load average after: $(load)"
print_table off on
# spread COLUMN: "median n min max q1 q3" of the on/off ratios in $work/ratios
# (columns: on rps, off rps, on rps per CPU-second, off rps per CPU-second).
spread() {
  awk -v c="$1" '{ printf "%.5f\n", $c / $(c + 1) }' "$work/ratios" | sort -g | awk '{ r[NR] = $1 } END {
    n = NR; q = int((n + 3) / 4)
    printf "%.1f%%, median of the on/off ratios of %d rounds; ratios %.1f%% to %.1f%%, middle half %.1f%% to %.1f%%\n",
      100 * (n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2), n, 100 * r[1], 100 * r[n], 100 * r[q], 100 * r[n + 1 - q] }'
}
if [ "$MODE" = concurrent ]; then
  echo "publishing on / off: $(spread 3 | sed 's/%,/% of requests per CPU-second (requests\/s on a core of its own; target >= 97%),/')"
  echo "plain requests/s on / off (sharing the core): $(spread 1)"
else
  echo "publishing on / off: $(spread 1 | sed 's/%,/% of requests\/s (target >= 97%),/')"
fi
awk -v pub="$(median 1 "$work/books")" -v drop="$(awk '{ s += $3 } END { print s + 0 }' "$work/books")" -v secs="$secs" \
  -v cpu_off="$(median 1 "$work/off.extra")" -v cpu_on="$(median 1 "$work/on.extra")" \
  -v req_off="$(median 2 "$work/off.extra")" -v req_on="$(median 2 "$work/on.extra")" \
  -v per_event="$(median 4 "$work/on.extra")" -v epr="$(median 5 "$work/on.extra")" '
  BEGIN {
    printf "on: %.0f events/s published (median round), %d dropped in all rounds\n", pub / secs, drop
    printf "CPU per round (median): pdex-api %.2f s off, %.2f s on, of %d s\n", cpu_off, cpu_on, secs
    printf "CPU per request (median): pdex-api %.1f us off, %.1f us on (+%.1f us, %.2f us per event at %.2f events per request); redis-server %.3f us per event\n",
      req_off, req_on, req_on - req_off, (epr > 0 ? (req_on - req_off) / epr : 0), epr, per_event
  }'
bad=$(awk '$1 != $2 || $3 != 0 || $4 != 0' "$work/books" | wc -l)
[ "$bad" -eq 0 ] || fail "$bad round(s) with published != events in the stream, drops or a queue left"
