# Sourced by the e2e scripts: a TAP-like `check` and a scratch directory.
# `check DESCRIPTION COMMAND...` runs COMMAND, prints ok/FAIL and records a
# failure in $fail; the script ends with `exit $fail`. $work is removed on
# exit unless the script installs its own EXIT trap (which must remove it).
fail=0
check() {
  if "${@:2}"; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# free_port: a TCP port free on 127.0.0.1 (bound, then released).
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_for SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds;
# fails after SECONDS.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -ge $deadline ] && return 1; sleep 0.1; done
}
# metric_sum URL NAME: the sum of every series of metric NAME at URL (0 when
# absent).
metric_sum() { curl -sf "$1" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%d\n", s + 0 }'; }
