#!/usr/bin/env bash
# Issue 2 benchmark: pdex-api (embedded SQLite) against nginx answering a
# constant, driven by wrk with keep-alive over 64 connections, in one run.
# Each target runs REPEAT times, interleaved, and the median of each figure is
# printed (one 10 s run on a shared 2-core machine is a noisy estimator),
# followed by pdex/nginx ratios.
# Talks only to 127.0.0.1; every wrk run is bounded by DURATION.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-10s}
REPEAT=${REPEAT:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
API_PORT=${API_PORT:-18000}
NGINX_PORT=${NGINX_PORT:-18080}

"$root/scripts/install-deps" build bench
build="$root/build/release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" pdex-api >/dev/null

work=$(mktemp -d)
cleanup() {
  [ -n "${api_pid:-}" ] && kill "$api_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"

(cd "$work" && PORT=$API_PORT BIND_ADDRESS=127.0.0.1 LOG_LEVEL=warning PDEX_DATA_DIR="$root/data" \
  exec "$build/apps/pdex-api") &
api_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$API_PORT/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$API_PORT/ready" >/dev/null || { echo "pdex-api did not become ready" >&2; exit 1; }

# measure NAME URL: one wrk run; appends "rps p50_ms p99_ms non2xx" to $work/NAME.runs
measure() {
  local name=$1 url=$2 out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %d\n", rps, p50, p99, bad + 0 }' <<<"$out" >>"$work/$name.runs"
}
# median COLUMN FILE
median() { sort -g -k"$1","$1" "$2" | awk -v c="$1" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }

targets=("nginx http://127.0.0.1:$NGINX_PORT/" "pdex-health http://127.0.0.1:$API_PORT/health"
         "pdex-pokemon-25 http://127.0.0.1:$API_PORT/pokemon/25")
for t in "${targets[@]}"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d2s ${t#* } >/dev/null; done  # warm-up
for _ in $(seq "$REPEAT"); do
  for t in "${targets[@]}"; do measure ${t% *} ${t#* }; done
done

echo "wrk: $THREADS threads, $CONNECTIONS connections, keep-alive, $DURATION x $REPEAT runs per target (medians), $(nproc) cores"
printf '%-18s %12s %10s %10s %8s\n' target "requests/s" "p50 ms" "p99 ms" non-2xx
for t in "${targets[@]}"; do
  name=${t% *}
  printf '%-18s %12s %10s %10s %8s\n' "$name" "$(median 1 "$work/$name.runs")" \
    "$(median 2 "$work/$name.runs")" "$(median 3 "$work/$name.runs")" "$(awk '{ s += $4 } END { print s }' "$work/$name.runs")"
done
nginx_rps=$(median 1 "$work/nginx.runs")
for name in pdex-health pdex-pokemon-25; do
  awk -v a="$(median 1 "$work/$name.runs")" -v b="$nginx_rps" -v p99="$(median 3 "$work/$name.runs")" -v t="$name" \
    'BEGIN { printf "ratio %-16s %.2f of nginx (target >= 0.50), p99 %.2f ms (target < 5)\n", t, a / b, p99 }'
done
