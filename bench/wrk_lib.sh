# Shared by the wrk benchmarks (sourced): start pdex-api, run wrk, take medians.
# Expects $work (a scratch directory) and $root (the repository).

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

# measure NAME URL [wrk args]: one wrk run ($THREADS, $CONNECTIONS,
# $DURATION); appends "rps p50_ms p99_ms non2xx" to $work/NAME.runs.
measure() {
  local name=$1 url=$2 out
  shift 2
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
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
