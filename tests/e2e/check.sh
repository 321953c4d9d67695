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
