#!/usr/bin/env bash
# Where publishing's cost goes: a CPU profile of pdex-api with publishing
# off and on, measured at the same time, as bench/publish_overhead.sh
# (MODE=concurrent) measures them: both servers on CPU 0 (HTTP_THREADS=1),
# each loaded by its own wrk on CPU 1, where redis-server runs too.
#
# publish_overhead.sh can only see a difference of two noisy throughputs;
# this one samples CPU 0 with perf (cpu-clock, which needs no hardware
# counters, at FREQUENCY Hz, with call chains by frame pointer) and counts,
# per request (the servers' own api_requests_total over the sampled
# seconds), each server's CPU, and in the "on" server the samples with a
# frame in pdex::events:: or pdex::redis:: (the encoder, the queue, the
# publisher thread and its Redis client with what they call, kernel
# included): the direct cost of publishing, to about 0.1 us per request.
# What is left of the difference between the servers is cost outside the
# publishing code; the leaf functions that differ most are listed.
# (bench/publish_profile.py does the counting.)
#
# The servers are a Release build with frame pointers, in build/profile.
# Each of REPEAT (3) rounds starts a fresh pair, in alternating order, warms
# them up, then samples for DURATION (20s) while wrk runs a little longer.
# Needs perf (Debian's linux-perf) allowed to sample a CPU: root, or
# kernel.perf_event_paranoid <= 0.
#
# Talks only to 127.0.0.1; every wrk and perf run is bounded by DURATION;
# servers and the temp dir go on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-20s}
REPEAT=${REPEAT:-3}
FREQUENCY=${FREQUENCY:-4000}
CONNECTIONS=${CONNECTIONS:-16}  # per server
[[ "$DURATION" =~ ^[0-9]+s$ ]] || { echo "publish_profile: DURATION must be whole seconds, like 20s" >&2; exit 2; }
secs=${DURATION%s}

"$root/scripts/install-deps" build test bench  # test: redis-server, curl
build="$root/build/profile"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fno-omit-frame-pointer" >/dev/null
ninja -C "$build" pdex-api request_bodies >/dev/null

work=$(mktemp -d)
redis_pid= api_pid= off_pid= on_pid=
cleanup() {
  local p
  for p in "$off_pid" "$on_pid" "$api_pid" "$redis_pid"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "publish_profile: $*" >&2; exit 1; }
perf record -q -e cpu-clock -C 0 -o "$work/check.data" -- true >/dev/null 2>&1 ||
  fail "perf cannot sample CPU 0 here (run as root, or lower kernel.perf_event_paranoid)"

source "$here/wrk_lib.sh"
start_redis || fail "no redis-server"
taskset -apc 1 "$redis_pid" >/dev/null
(cd "$root" && "$build/bench/request_bodies" 1000) >"$work/bodies.txt"
write_bodies_script "$work/bodies.lua" "$work/bodies.txt"
# start_pinned CONF PORT VAR=value...: a pdex-api on CPU 0; echoes its pid.
start_pinned() {
  local conf=$1 port=$2
  shift 2
  start_api "$build/apps/pdex-api" "$port" DATABASE_URL="sqlite://$conf.sqlite3" HTTP_THREADS=1 "$@" >&2 ||
    fail "pdex-api ($conf) did not start"
  local pid
  pid=$(real_pid "$api_pid") || fail "cannot find the pdex-api ($conf) process"
  taskset -apc 0 "$pid" >/dev/null
  echo "$pid"
}
echo "publish_profile: perf cpu-clock at $FREQUENCY Hz on CPU 0 for ${secs}s x $REPEAT rounds; both servers on CPU 0," \
  "each with wrk 1 thread, $CONNECTIONS connections on CPU 1; redis-server on CPU 1; $(nproc) cores"
for round in $(seq "$REPEAT"); do
  off_port=$(free_port) on_port=$(free_port)
  if [ $((round % 2)) = 1 ]; then
    off_pid=$(start_pinned "off$round" "$off_port" QUEUE_MODE=off)
    on_pid=$(start_pinned "on$round" "$on_port" REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port")
  else
    on_pid=$(start_pinned "on$round" "$on_port" REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port")
    off_pid=$(start_pinned "off$round" "$off_port" QUEUE_MODE=off)
  fi
  for port in "$off_port" "$on_port"; do
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s -s "$work/bodies.lua" "http://127.0.0.1:$port/predict/best-move" >/dev/null
  done
  loads=()
  for port in "$off_port" "$on_port"; do
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d$((secs + 2))s -s "$work/bodies.lua" \
      "http://127.0.0.1:$port/predict/best-move" >/dev/null &
    loads+=($!)
  done
  sleep 1
  off_before=$(counter api_requests_total "$off_port") on_before=$(counter api_requests_total "$on_port")
  perf record -q -e cpu-clock -F "$FREQUENCY" --call-graph fp -C 0 -o "$work/round.data" -- sleep "$secs" >/dev/null 2>&1
  off_after=$(counter api_requests_total "$off_port") on_after=$(counter api_requests_total "$on_port")
  wait "${loads[@]}"
  echo "round $round: off $(((off_after - off_before) / secs)) requests/s, on $(((on_after - on_before) / secs)) requests/s"
  perf script -i "$work/round.data" -F pid,ip,sym 2>/dev/null >"$work/round.txt"
  /usr/bin/python3 "$here/publish_profile.py" "$work/round.txt" "$(awk -v f="$FREQUENCY" 'BEGIN { print 1e6 / f }')" \
    "$off_pid" $((off_after - off_before)) "$on_pid" $((on_after - on_before))
  kill "$off_pid" "$on_pid"
  for _ in $(seq 50); do kill -0 "$off_pid" 2>/dev/null || kill -0 "$on_pid" 2>/dev/null || break; sleep 0.1; done
  off_pid= on_pid=
done
