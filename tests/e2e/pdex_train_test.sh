#!/usr/bin/env bash
# End-to-end: `pdex train --quick` twice into fresh directories, as a
# developer retraining runs it. Training is reproducible from its seed: the
# model and reference data are byte-identical, the metadata differs only in
# when and how long. Then the reference data through `pdex parquet schema`,
# and a bad data directory.
# Usage: pdex_train_test.sh PDEX_BINARY DATA_DIR
set -uo pipefail
pdex=$1
data=$2
py=/usr/bin/python3
source "$(dirname "$0")/check.sh"
cd "$work"

for run in 1 2; do
  start=$(date +%s)
  # One XGBoost thread: OpenMP workers spin-wait, which crawls when ctest runs tests in parallel.
  "$pdex" train --quick --threads 1 --data-dir "$data" -o "$work/out$run" >"train$run.log" 2>&1
  status=$?
  seconds=$(($(date +%s) - start))
  check "train --quick run $run succeeds" test $status -eq 0
  # A guard against hangs and gross slowdowns, not a speed target (those live
  # in bench/): about 1 s on an idle machine, ~20 s seen under heavy load.
  check "train --quick run $run takes under a minute (took ${seconds} s)" test "$seconds" -lt 60
  for f in battle_winner.json metadata.json reference.parquet; do
    check "run $run writes $f" test -s "out$run/$f"
  done
  check "run $run leaves no temporary files" test -d "out$run" -a -z "$(find "out$run" -name '.*' 2>&1)"
done
if [ "$fail" -ne 0 ]; then cat train1.log train2.log; exit 1; fi

check "the models are byte-identical" cmp -s out1/battle_winner.json out2/battle_winner.json
check "the reference data is byte-identical" cmp -s out1/reference.parquet out2/reference.parquet
check "the metadata is identical but for trained_at and training_seconds" "$py" -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for m in (a, b):
    for k in ("trained_at", "training_seconds"):
        m.pop(k)
sys.exit(0 if a == b else 1)' out1/metadata.json out2/metadata.json

check "the metadata records the quick run's results" "$py" -c '
import json, sys
m = json.load(open(sys.argv[1]))
t = m["metrics"]["test"]
ok = all(isinstance(t[k], float) and 0 < t[k] <= 1 for k in ("accuracy", "roc_auc", "f1", "precision", "recall"))
ok = ok and isinstance(m["metrics"]["train_accuracy"], float) and 0 < m["metrics"]["train_accuracy"] <= 1
ok = ok and t["accuracy"] > 0.9 and t["roc_auc"] > 0.95 and t["rows"] == m["dataset"]["test_rows"]
ok = ok and m["n_features"] == 38 and len(m["features"]) == 38
ok = ok and m["dataset"]["quick"] is True and m["dataset"]["pair_fraction"] < 1
ok = ok and m["hyperparameters"]["n_estimators"] == 50
ok = ok and m["model_file"] == "battle_winner.json" and m["reference_file"] == "reference.parquet"
ok = ok and m["evaluator_max_abs_diff"] < 1e-6
ok = ok and isinstance(m["trained_at"], str) and m["trained_at"].endswith("Z")
sys.exit(0 if ok else 1)' out1/metadata.json
check "the model file is XGBoost JSON with 50 trees" "$py" -c '
import json, sys
m = json.load(open(sys.argv[1]))["learner"]
ok = m["objective"]["name"] == "binary:logistic" and m["learner_model_param"]["num_feature"] == "38"
sys.exit(0 if ok and len(m["gradient_booster"]["model"]["trees"]) == 50 else 1)' out1/battle_winner.json

# The reference data: every feature, then the prediction and its probability.
"$pdex" parquet schema out1/reference.parquet >schema.txt 2>err.txt
check "parquet schema reads the reference data" test $? -eq 0
columns=$("$py" -c '
import json, sys
for f in json.load(open(sys.argv[1]))["features"]:
    print(f["name"], "STRING" if f["kind"] == "categorical" else "DOUBLE")
print("prediction INT64")
print("probability DOUBLE")' out1/metadata.json)
while read -r column type; do
  check "the reference data has column $column ($type)" grep -Eq "^ *$column: $type " schema.txt
done <<<"$columns"
check "a_type1 is a string" grep -Eq "^ *a_type1: STRING NOT NULL \(BYTE_ARRAY\)" schema.txt
check "the reference data has 40 columns" test "$(grep -Ec '^ *[a-z0-9_]+: [A-Z]' schema.txt)" -eq 40
check "the reference data holds the quick run's 2000 rows" grep -qx "rows: 2000" schema.txt
"$pdex" parquet head out1/reference.parquet -n 1 --columns a_type1,a_type2,prediction >head.csv
check "type labels are names, not codes" grep -Eq '^[A-Z][a-z]+,([A-Z][a-z]+|none),[01]$' <(sed -n 2p head.csv)

# A data directory that does not exist: an error naming it, nothing written.
"$pdex" train --quick --data-dir /nonexistent/pdex-train-data -o "$work/bad" >out.txt 2>err.txt
check "a missing data directory fails" test $? -ne 0
check "the error names the path" grep -q "/nonexistent/pdex-train-data" err.txt
check "nothing is written" test ! -e "$work/bad"

exit $fail
