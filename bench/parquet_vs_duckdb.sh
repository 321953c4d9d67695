#!/usr/bin/env bash
# Issue 3 benchmark: this project's Parquet reader and writer against DuckDB
# (from npm) on the same 1M-row x 40-column SNAPPY file, in one run. Each
# measurement runs REPEAT times, interleaved, and medians are printed with
# pdex/DuckDB ratios, plus the reader's peak memory against the decoded
# column data. Both sides use every core (DuckDB's default; our reader and
# writer decode/encode columns on one thread per core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-3}

"$root/scripts/install-deps" build
"$root/tests/parquet_conformance/install-duckdb"
build="$root/build/release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPDEX_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" parquet_bench >/dev/null
bench="$build/bench/parquet_bench"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/bench.parquet"
node "$here/duckdb_parquet.mjs" generate "$file" "$ROWS" >/dev/null

figure() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

: >"$work/duck_read"; : >"$work/duck_write"; : >"$work/pdex_read"; : >"$work/pdex_write"; : >"$work/pdex_rss"
for _ in $(seq "$REPEAT"); do
  node "$here/duckdb_parquet.mjs" read "$file" | figure read_seconds >>"$work/duck_read"
  out=$("$bench" read "$file")
  echo "$out" | figure read_seconds >>"$work/pdex_read"
  echo "$out" | figure peak_rss_bytes >>"$work/pdex_rss"
  decoded=$(echo "$out" | figure decoded_bytes)
  node "$here/duckdb_parquet.mjs" write "$file" "$work/duck_out.parquet" | figure write_seconds >>"$work/duck_write"
  "$bench" write "$file" "$work/pdex_out.parquet" | figure write_seconds >>"$work/pdex_write"
done

dr=$(median <"$work/duck_read"); dw=$(median <"$work/duck_write")
pr=$(median <"$work/pdex_read"); pw=$(median <"$work/pdex_write")
rss=$(median <"$work/pdex_rss")
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1e6}'; }
echo "file: $ROWS rows x 40 columns (16 DOUBLE, 7 BIGINT, 7 INTEGER, 10 low-cardinality VARCHAR; 4 with ~5% nulls), SNAPPY, $(mb "$(stat -c %s "$file")") written by DuckDB"
echo "sizes written: DuckDB $(mb "$(stat -c %s "$work/duck_out.parquet")"), pdex $(mb "$(stat -c %s "$work/pdex_out.parquet")")"
echo "$REPEAT runs per figure, interleaved, medians; $(nproc) cores"
printf '%-8s %10s %10s\n' "" "read s" "write s"
printf '%-8s %10.3f %10.3f\n' DuckDB "$dr" "$dw"
printf '%-8s %10.3f %10.3f\n' pdex "$pr" "$pw"
awk -v dr="$dr" -v dw="$dw" -v pr="$pr" -v pw="$pw" \
  'BEGIN {printf "%-8s %10.2f %10.2f   (pdex / DuckDB time; target <= 2.00)\n", "ratio", pr / dr, pw / dw}'
awk -v rss="$rss" -v d="$decoded" \
  'BEGIN {printf "pdex read: peak RSS %.1f MB, decoded column data %.1f MB, ratio %.2f (target < 2.00)\n", rss / 1e6, d / 1e6, rss / d}'
