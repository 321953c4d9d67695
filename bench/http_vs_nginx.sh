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

source "$here/wrk_lib.sh"
start_api "$build/apps/pdex-api" "$API_PORT"


targets=("nginx http://127.0.0.1:$NGINX_PORT/" "pdex-health http://127.0.0.1:$API_PORT/health"
         "pdex-pokemon-25 http://127.0.0.1:$API_PORT/pokemon/25")
for t in "${targets[@]}"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d2s ${t#* } >/dev/null; done  # warm-up
for _ in $(seq "$REPEAT"); do
  for t in "${targets[@]}"; do measure ${t% *} ${t#* }; done
done

echo "wrk: $THREADS threads, $CONNECTIONS connections, keep-alive, $DURATION x $REPEAT runs per target (medians), $(nproc) cores"
print_table nginx pdex-health pdex-pokemon-25
nginx_rps=$(median 1 "$work/nginx.runs")
for name in pdex-health pdex-pokemon-25; do
  awk -v a="$(median 1 "$work/$name.runs")" -v b="$nginx_rps" -v p99="$(median 3 "$work/$name.runs")" -v t="$name" \
    'BEGIN { printf "ratio %-16s %.2f of nginx (target >= 0.50), p99 %.2f ms (target < 5)\n", t, a / b, p99 }'
done
