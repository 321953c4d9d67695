#!/usr/bin/env bash
# End-to-end: `pdex drift-report`, the offline drift report, as a CI job
# would run it.
# Usage: pdex_drift_report_test.sh PDEX MODELS_DIR
set -uo pipefail
pdex=$1
models=$2
source "$(dirname "$0")/check.sh"
cd "$work"
reference="$models/reference.parquet"

"$pdex" parquet to-csv "$reference" -o same.csv
# Every number doubled: the numerical columns (28 of 38 features) drift.
awk -F, 'BEGIN { OFS = "," } NR > 1 { for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9.]+$/) $i = $i * 2 + 1 } { print }' \
  same.csv >shifted.csv

"$pdex" drift-report --reference "$reference" --current same.csv --out same --fail-on-drift >same.out 2>&1
check "the reference against itself: no drift, exit 0" test $? -eq 0
check "prints the verdict" grep -q "dataset drift: no (0 of 38 columns drifted" same.out
check "writes the HTML, JSON, archive, index and latest.json" sh -c \
  "ls same/drift_report_*.html same/drift_report_*.json same/predictions_*.parquet same/index.html same/latest.json >/dev/null"

"$pdex" drift-report --reference "$reference" --current shifted.csv --out shifted --fail-on-drift >shifted.out 2>&1
check "shifted data with --fail-on-drift: exit 3" test $? -eq 3
check "shifted data: dataset drift" grep -q "dataset drift: yes" shifted.out
"$pdex" drift-report --reference "$reference" --current shifted.csv --out shifted >/dev/null 2>&1
check "without --fail-on-drift: exit 0" test $? -eq 0

echo '{"columns": {"a_hp": {"stattest": "psi", "threshold": 0.5}}, "ignore": ["hp_diff"]}' >config.json
"$pdex" drift-report --reference "$reference" --current same.csv --out configured --column-config config.json >/dev/null 2>&1
check "the column configuration is applied" /usr/bin/python3 -c '
import glob, json
report = json.load(open(glob.glob("configured/drift_report_*.json")[0]))
columns = report["metrics"][1]["result"]["drift_by_columns"]
assert columns["a_hp"]["stattest_name"] == "PSI" and columns["a_hp"]["stattest_threshold"] == 0.5, columns["a_hp"]
assert "hp_diff" not in columns and len(columns) == 37'

"$pdex" drift-report --reference "$work/missing.parquet" --current same.csv --out x >err.out 2>&1
check "a missing reference is an error naming it" sh -c "test $? -ne 0 && grep -q missing.parquet err.out"
echo '{"columns": {"no_such_column": {"stattest": "ks"}}}' >bad.json
"$pdex" drift-report --reference "$reference" --current same.csv --out x --column-config bad.json >err.out 2>&1
check "a configured column the reference lacks is an error naming it" sh -c "test $? -ne 0 && grep -q no_such_column err.out"
exit $fail
