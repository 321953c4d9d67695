#!/usr/bin/env bash
# Issue 5 benchmark: one drift report on REF reference rows x CUR current
# rows x 40 raw columns (24 numerical, 16 categorical), ours (statistics +
# JSON + HTML written) against the same statistics computed with SciPy, in
# one run, with the ratio. Also checks that both agree on every column.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
REF=${REF:-100000}
CUR=${CUR:-10000}
REPEAT=${REPEAT:-5}

"$root/scripts/install-deps" build test
build="$root/build/release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" drift_bench >/dev/null
bench="$build/bench/drift_bench"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bench" export "$work" "$REF" "$CUR"
ours=$("$bench" run "$work" "$REF" "$CUR" "$REPEAT")
theirs=$(/usr/bin/python3 "$here/drift_scipy.py" "$work" 3)

figure() { sed -n "s/.*$1=\([0-9.e-]*\).*/\1/p" | head -1; }
report=$(echo "$ours" | figure report_seconds)
stats=$(echo "$ours" | figure stats_seconds)
prepare=$(echo "$ours" | figure prepare_seconds)
scipy=$(echo "$theirs" | figure scipy_seconds)
agreement=$(/usr/bin/python3 - "$work" <<PY
import sys
ours = {l.split()[1]: (l.split()[2], float(l.split()[3])) for l in """$ours""".splitlines() if l.startswith("column ")}
theirs = {l.split()[1]: (l.split()[2], float(l.split()[3])) for l in """$theirs""".splitlines() if l.startswith("column ")}
worst = max(abs(ours[c][1] - theirs[c][1]) / max(abs(theirs[c][1]), 1e-300) for c in theirs)
same_tests = all(ours[c][0] == theirs[c][0] for c in theirs)
print(f"{len(theirs)} columns, same tests: {same_tests}, largest relative difference {worst:.2e}")
PY
)
echo "drift report: $REF reference rows x $CUR current rows x 40 columns ($(echo "$ours" | sed -n 's/.*drifted=\([0-9]*\) columns=\([0-9]*\).*/\1 of \2 drifted/p'))"
printf "  %-44s %10s\n" "pdex report (stats + JSON + HTML written)" "${report}s"
printf "  %-44s %10s\n" "pdex statistics alone" "${stats}s"
printf "  %-44s %10s\n" "pdex reference preparation (once, at start)" "${prepare}s"
printf "  %-44s %10s\n" "SciPy statistics (Evidently's computation)" "${scipy}s"
awk -v s="$scipy" -v r="$report" -v t="$stats" 'BEGIN {
  printf "  SciPy / pdex report: %.1fx   SciPy / pdex statistics: %.1fx\n", s / r, s / t }'
echo "  agreement: $agreement"
echo "  html: $(echo "$ours" | figure html_bytes) bytes"
