#!/usr/bin/env bash
# End-to-end: `pdex parquet schema|head|to-csv` on a file DuckDB wrote (from
# the fuzz seed corpus), as a user inspecting an archive runs them.
# Usage: pdex_parquet_test.sh PDEX_BINARY SOURCE_DIR
set -uo pipefail
pdex=$1
file=$2/tests/fuzz/corpus/duckdb_types_snappy_v1.parquet
source "$(dirname "$0")/check.sh"
cd "$work"

"$pdex" parquet schema "$file" >schema.txt 2>err.txt
check "schema succeeds" test $? -eq 0
check "schema counts the rows" grep -qx "rows: 60" schema.txt
check "schema names the writer" grep -q "created by: DuckDB" schema.txt
check "schema shows logical and physical types" grep -q "dec30: DECIMAL(30,5) (FIXED_LEN_BYTE_ARRAY) SNAPPY" schema.txt
check "schema shows UTC timestamps" grep -q "tstz: TIMESTAMP(us, UTC) (INT64)" schema.txt

"$pdex" parquet head "$file" -n 2 --columns s,d,tstz,dec9,f64 >head.csv
check "head prints a header and n rows" test "$(wc -l <head.csv)" -eq 3
check "head projects and formats values" \
  test "$(sed -n 3p head.csv)" = "name-1,2020-01-02,2021-03-04T05:07:07Z,1.25,0.3333333333333333"

"$pdex" parquet to-csv "$file" -o all.csv
check "to-csv writes every row" test "$(wc -l <all.csv)" -eq 61
check "to-csv keeps every column" test "$(head -1 all.csv | tr ',' '\n' | wc -l)" -eq 17

"$pdex" parquet head "$file" --columns nope >out.txt 2>err.txt
check "an unknown column is an error" test $? -ne 0
check "the error names the column" grep -q "nope" err.txt
"$pdex" parquet schema "$2/README.md" >out.txt 2>err.txt
check "a non-Parquet file is an error" test $? -ne 0
check "the error says it is not Parquet" grep -q "not a Parquet file" err.txt
"$pdex" parquet schema "$work/missing.parquet" >out.txt 2>err.txt
check "a missing file is an error naming it" grep -q "missing.parquet" err.txt

exit $fail
