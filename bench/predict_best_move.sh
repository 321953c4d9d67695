#!/usr/bin/env bash
# Issue 4 benchmark: POST /predict/best-move with 4 moves under wrk
# (keep-alive, 32 connections) on the embedded defaults (SQLite), cycling
# through 1000 seeded battles (bench/request_bodies), in two modes:
#   saturation  - as fast as wrk can go: the throughput figure;
#   paced       - each connection waits 2 ms between requests (wrk's delay()
#                 hook), 11-12,000 requests/s (wrk counts whole ms): the latency figure
#                 at the target rate, without 32 requests queued per core.
# The prediction path alone, as issue 4 defines it: QUEUE_MODE=off, so no
# events are published and no drift worker runs (bench/publish_overhead.sh
# measures what publishing costs; the embedded drift worker would also write
# a report every BUFFER_SIZE events, several per second at this rate).
# GET /health on the same server, in the same run, for scale. Then the model
# call alone (bench/model_bench: our evaluator and XGBoost's in-place
# prediction on the same 4-row calls).
# Each wrk target runs REPEAT times, interleaved; medians are printed.
# Talks only to 127.0.0.1; every wrk run is bounded by DURATION.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-10s}
REPEAT=${REPEAT:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
API_PORT=${API_PORT:-18001}

"$root/scripts/install-deps" build bench
build="$root/build/release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" pdex-api model_bench request_bodies >/dev/null

work=$(mktemp -d)
cleanup() {
  [ -n "${api_pid:-}" ] && kill "$api_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

source "$here/wrk_lib.sh"
start_api "$build/apps/pdex-api" "$API_PORT" QUEUE_MODE=off

body='{"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Quick Attack", "Iron Tail", "Thunder"]}'
check=$(curl -sf -XPOST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$API_PORT/predict/best-move")
[ "$(grep -o '"move_name"' <<<"$check" | wc -l)" -eq 4 ] || { echo "unexpected answer: $check" >&2; exit 1; }
(cd "$root" && "$build/bench/request_bodies" 1000) >"$work/bodies.txt"
# Requests cycle through the bodies; the paced run waits 2 ms per connection.
write_bodies_script "$work/saturation.lua" "$work/bodies.txt"
write_bodies_script "$work/paced.lua" "$work/bodies.txt" 2

predict_url="http://127.0.0.1:$API_PORT/predict/best-move"
health_url="http://127.0.0.1:$API_PORT/health"
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$work/saturation.lua" "$predict_url" >/dev/null  # warm-up
for _ in $(seq "$REPEAT"); do
  measure best-move-saturation "$predict_url" -s "$work/saturation.lua"
  measure best-move-paced "$predict_url" -s "$work/paced.lua"
  measure health "$health_url"
done
echo "wrk: $THREADS threads, $CONNECTIONS connections, keep-alive, $DURATION x $REPEAT runs per target (medians), $(nproc) cores"
print_table best-move-saturation best-move-paced health
awk -v a="$(median 1 "$work/best-move-saturation.runs")" -v b="$(median 1 "$work/health.runs")" \
  -v p99s="$(median 3 "$work/best-move-saturation.runs")" -v r="$(median 1 "$work/best-move-paced.runs")" \
  -v p99="$(median 3 "$work/best-move-paced.runs")" \
  'BEGIN { printf "best-move: %.0f requests/s at saturation (target >= 10000, %.2f of /health, p99 there %.2f ms); p99 %.2f ms at %.0f requests/s (target < 3)\n", a, a / b, p99s, p99, r }'
# The server's own view: share of best-move requests answered within 0.5 and 1 ms.
curl -sf "http://127.0.0.1:$API_PORT/metrics" | awk -F'[{} ]' '
  /^api_request_duration_seconds_bucket/ && /predict\/best-move/ { split($2, kv, "le=\""); le = kv[2]; sub(/".*/, "", le); b[le] = $NF }
  END { if (b["+Inf"] > 0) printf "server-side (api_request_duration_seconds): %.2f%% within 0.5 ms, %.2f%% within 1 ms, %.3f%% within 2.5 ms\n", 100 * b["0.0005"] / b["+Inf"], 100 * b["0.001"] / b["+Inf"], 100 * b["0.0025"] / b["+Inf"] }'
curl -sf "http://127.0.0.1:$API_PORT/metrics" | awk '
  /^model_prediction_duration_seconds_(sum|count)/ { v[$1 ~ /_sum/ ? "sum" : "count"] = $2 }
  END { if (v["count"] > 0) printf "model call inside the server: mean %.1f us over %d calls\n", v["sum"] / v["count"] * 1e6, v["count"] }'
echo
kill "$api_pid" && wait "$api_pid" 2>/dev/null || true
api_pid=
(cd "$root" && "$build/bench/model_bench")
