#!/usr/bin/env bash
# Issue 2 benchmark: pdex-api (embedded SQLite) against nginx answering a
# constant, driven by wrk with keep-alive over 64 connections, in one run.
# Prints requests/s, p50 and p99 for each target and pdex/nginx ratios.
# Talks only to 127.0.0.1; every wrk run is bounded by DURATION.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-10s}
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

# run NAME URL -> prints a row and records requests/s in $work/NAME.rps
run() {
  local name=$1 url=$2 out
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$url" >/dev/null  # warm-up
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-22s %12s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
  echo "$rps" >"$work/$name.rps"
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, keep-alive, $DURATION per target, $(nproc) cores"
printf '%-22s %12s %10s %10s %8s\n' target "requests/s" p50 p99 non-2xx
run nginx "http://127.0.0.1:$NGINX_PORT/"
run pdex-health "http://127.0.0.1:$API_PORT/health"
run pdex-pokemon-25 "http://127.0.0.1:$API_PORT/pokemon/25"
nginx_rps=$(cat "$work/nginx.rps")
for t in pdex-health pdex-pokemon-25; do
  awk -v a="$(cat "$work/$t.rps")" -v b="$nginx_rps" -v t="$t" \
    'BEGIN { printf "ratio %-16s %.2f of nginx (target >= 0.50)\n", t, a / b }'
done
