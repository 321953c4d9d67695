# Shared by the benchmarks (sourced): free ports, a private redis-server,
# start pdex-api, wrk scripts and runs, medians.
# Expects $work (a scratch directory) and $root (the repository).

# free_port: a TCP port free on 127.0.0.1 (bound, then released).
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_redis: a redis-server without persistence on a free 127.0.0.1 port,
# its files in $work/redis; sets $redis_port and $redis_pid (the caller's
# EXIT trap kills it) and defines `rcli ARGS...` (redis-cli against it).
# Fails when it does not answer PING within 5 s.
start_redis() {
  redis_port=$(free_port)
  mkdir -p "$work/redis"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work/redis" \
    --logfile "$work/redis/redis.log" --daemonize no &
  redis_pid=$!
  rcli() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
  for _ in $(seq 50); do [ "$(rcli ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done
  echo "redis-server did not answer PING on 127.0.0.1:$redis_port within 5 s" >&2
  return 1
}

# write_bodies_script FILE BODIES [DELAY_MS]: a wrk script POSTing the lines
# of BODIES (JSON, one per line) in turn; DELAY_MS > 0 paces each connection.
write_bodies_script() {
  cat >"$1" <<LUA
local bodies, next = {}, 0
for line in io.lines("$2") do bodies[#bodies + 1] = line end
local headers = { ["Content-Type"] = "application/json" }
function request()
  next = next % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[next])
end
LUA
  [ "${3:-0}" -gt 0 ] && echo "function delay() return $3 end" >>"$1"
  return 0
}

# start_api BINARY PORT [VAR=value...]: starts pdex-api in $work with the
# repository's data and models, sets $api_pid, waits for /ready.
start_api() {
  local binary=$1 port=$2
  shift 2
  (cd "$work" && env PORT="$port" BIND_ADDRESS=127.0.0.1 LOG_LEVEL=error PDEX_DATA_DIR="$root/data" \
    MODEL_DIR="$root/models" "$@" "$binary") &
  api_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "pdex-api did not become ready" >&2
  return 1
}

# real_pid PID: the pdex-api process itself of a start_api $api_pid (which
# is the subshell it runs in, or the server when the shell exec'ed it).
real_pid() { local p=$1; [ "$(cat "/proc/$p/comm")" = pdex-api ] && echo "$p" || pgrep -P "$p" -x pdex-api; }

# counter NAME PORT: the sum of a metric's samples on that pdex-api.
counter() { curl -sf --max-time 5 "http://127.0.0.1:$2/metrics" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%.0f\n", s }'; }

# measure NAME URL [wrk args]: one wrk run ($THREADS, $CONNECTIONS,
# $DURATION), on the CPUs $WRK_CPUS when set (taskset -c); appends
# "rps p50_ms p99_ms non2xx" to $work/NAME.runs.
measure() {
  local name=$1 url=$2 out
  shift 2
  out=$(${WRK_CPUS:+taskset -c "$WRK_CPUS"} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
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

# print_table NAME...: one line of medians per target.
print_table() {
  printf '%-22s %12s %10s %10s %8s\n' target "requests/s" "p50 ms" "p99 ms" non-2xx
  local name
  for name in "$@"; do
    printf '%-22s %12s %10s %10s %8s\n' "$name" "$(median 1 "$work/$name.runs")" "$(median 2 "$work/$name.runs")" \
      "$(median 3 "$work/$name.runs")" "$(awk '{ s += $4 } END { print s }' "$work/$name.runs")"
  done
}
